package nezha

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Sentinels for errors.Is; the errors returned carry the dashboard's URL and what to do.
var (
	// ErrTokenRejected means the dashboard refused the token.
	ErrTokenRejected = errors.New("token rejected by the Nezha dashboard")
	// ErrFirewall means Nezha's built-in firewall (WAF) blocks this Grafana server's IP.
	ErrFirewall = errors.New("blocked by Nezha's firewall")
	// ErrNeedsV2 means the read exists only in the v2 API.
	ErrNeedsV2 = errors.New("needs the Nezha v2 API")
)

// AuthError is a rejected token. It never contains the token.
type AuthError struct {
	URL string
	// Detail is what the dashboard said, e.g. "code 403" or its error text.
	Detail string
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("Nezha token rejected by the dashboard at %s (%s): create a new token in Nezha's admin panel and save it in this data source. "+
		"The plugin does not send a rejected token again for %s, because Nezha's firewall bans IPs that repeat bad tokens",
		e.URL, e.Detail, minutes(rejectedTokenBackoff))
}

// minutes words a backoff for a message.
func minutes(d time.Duration) string {
	if n := int(d / time.Minute); n != 1 {
		return fmt.Sprintf("%d minutes", n)
	}
	return "a minute"
}

// Is makes errors.Is(err, ErrTokenRejected) true.
func (e *AuthError) Is(target error) bool { return target == ErrTokenRejected }

// FirewallError is the HTML 403 page of Nezha's firewall.
type FirewallError struct{ URL string }

func (e *FirewallError) Error() string {
	return fmt.Sprintf("Nezha's firewall at %s blocks this Grafana server's IP (HTTP 403 page), usually after repeated bad tokens or logins. "+
		"Fix the token, then unblock the IP in Nezha's admin panel or wait: every new block lasts longer. The plugin pauses calls to this dashboard for %s",
		e.URL, minutes(firewallBackoff))
}

// Is makes errors.Is(err, ErrFirewall) true.
func (e *FirewallError) Is(target error) bool { return target == ErrFirewall }

// UnreachableError is a dashboard that could not be called or read: DNS, TLS, timeouts.
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the Nezha dashboard at %s: %v", e.URL, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// APIError is any other failure the dashboard reported, in the status or in the body.
type APIError struct {
	// Op names the request, e.g. "GET /api/v1/server/3/metrics".
	Op string
	// Status is the HTTP status; Nezha often answers 200 with an error body.
	Status int
	// Code is v0's code field (0 for v2).
	Code    int
	Message string
}

func (e *APIError) Error() string {
	switch {
	case e.Status == http.StatusForbidden:
		return fmt.Sprintf("Nezha refused %s (HTTP 403: %s): check the token's scopes (nezha:inventory:read, nezha:server:read, nezha:service:read) and its server whitelist", e.Op, e.Message)
	case e.Code != 0:
		return fmt.Sprintf("Nezha: %s answered code %d: %s", e.Op, e.Code, e.Message)
	case e.Status != http.StatusOK:
		return fmt.Sprintf("Nezha: %s answered HTTP %d: %s", e.Op, e.Status, e.Message)
	default:
		return fmt.Sprintf("Nezha: %s failed: %s", e.Op, e.Message)
	}
}

// HTTPStatus is the status the dashboard meant: the HTTP status, or for v0's HTTP 200 error
// bodies the code when it is an HTTP status.
func (e *APIError) HTTPStatus() int {
	if e.Status == http.StatusOK && e.Code >= 400 && e.Code < 600 {
		return e.Code
	}
	return e.Status
}

// IsNotFound reports an unknown server or monitor, however the version said it.
func IsNotFound(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.Status == http.StatusNotFound || apiErr.Code == http.StatusNotFound || strings.Contains(strings.ToLower(apiErr.Message), "not found")
}

// downstream marks an error as the dashboard's, for Grafana's error source.
func downstream(err error) error { return backend.DownstreamError(err) }

// upstreamText trims what a dashboard said to one safe line: never a secret, never a page.
func (c *Client) upstreamText(s string) string {
	s = c.scrub.String(strings.Join(strings.Fields(s), " "))
	if len(s) > maxMessageLen {
		s = s[:maxMessageLen] + "…"
	}
	return s
}

const maxMessageLen = 300
