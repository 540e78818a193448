package scp

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// ErrTokenRejected means the token endpoint refused the refresh token; only a new sign-in helps.
var ErrTokenRejected = errors.New("the refresh token was rejected by netcup: it was revoked, or it expired after 30 days unused. " +
	"Sign in again with \"Sign in with netcup\" on the data source's settings page and save")

// APIError is a non-2xx answer from the SCP API, reduced to what a user can act on.
type APIError struct {
	// Op names the request, e.g. "GET /api/v1/servers/42".
	Op      string
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	detail := e.Message
	if e.Code != "" {
		detail = fmt.Sprintf("%s (%s)", e.Message, e.Code)
	}
	switch {
	case e.Status == http.StatusServiceUnavailable:
		return fmt.Sprintf("SCP maintenance: %s answered 503 %s; try again later", e.Op, detail)
	case e.Status == http.StatusNotFound:
		return fmt.Sprintf("SCP: %s was not found: %s", e.Op, detail)
	case e.Status == http.StatusTooManyRequests:
		return fmt.Sprintf("SCP rate limit: %s answered 429 %s; lower the refresh rate or maxConcurrency", e.Op, detail)
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return fmt.Sprintf("SCP refused %s with %d %s: check the account's API access and IP restrictions", e.Op, e.Status, detail)
	default:
		return fmt.Sprintf("SCP: %s answered %d %s", e.Op, e.Status, detail)
	}
}

// HTTPStatus is the status SCP answered with.
func (e *APIError) HTTPStatus() int { return e.Status }

// IsNotFound reports whether err is an SCP 404.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound
}

// newAPIError decodes SCP's {code,message} error bodies; other bodies are summarised, never echoed whole.
func newAPIError(op string, status int, body []byte) error {
	var decoded struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Errors  []struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	e := &APIError{Op: op, Status: status}
	if json.Unmarshal(body, &decoded) == nil && (decoded.Message != "" || decoded.Code != "") {
		e.Code, e.Message = decoded.Code, decoded.Message
		for _, fe := range decoded.Errors {
			e.Message += fmt.Sprintf("; %s: %s", fe.Field, fe.Message)
		}
	} else {
		e.Message = strings.TrimSpace(http.StatusText(status))
	}
	// 4xx other than rate limiting is the caller's request; still downstream, since SCP decided it.
	return backend.DownstreamError(e)
}
