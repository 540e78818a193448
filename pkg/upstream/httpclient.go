package upstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// NewHTTPClient is Grafana's HTTP client for opts (proxy, TLS, timeouts, middlewares) that
// never follows a redirect. Every request the plugin makes carries a credential (a bearer,
// a refresh token in a POST body, a Nezha token), and none of the upstreams redirects its
// API, so a redirect is answered with an error that names where it pointed instead of
// being followed there.
func NewHTTPClient(opts httpclient.Options) (*http.Client, error) {
	configure := opts.ConfigureClient
	opts.ConfigureClient = func(o httpclient.Options, c *http.Client) {
		if configure != nil {
			configure(o, c)
		}
		c.CheckRedirect = refuseRedirect
	}
	return httpclient.New(opts)
}

func refuseRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return &RedirectError{From: via[len(via)-1].URL, To: req.URL, Status: status}
}

// RedirectError is an upstream answer that pointed elsewhere.
type RedirectError struct {
	From, To *url.URL
	Status   int
}

func (e *RedirectError) Error() string {
	where := "another address on the same server"
	if Origin(e.To) != Origin(e.From) {
		where = "another origin, " + Origin(e.To)
	}
	return fmt.Sprintf("%s answered %d with a redirect to %s (%s). The plugin follows no redirects, so that no credential is ever sent "+
		"anywhere but %s: check the URL in the data source settings, or the proxy in front of it", Origin(e.From)+e.From.Path, e.Status,
		Origin(e.To)+e.To.Path, where, Origin(e.From))
}

// Origin is scheme://host:port, the unit a credential is bound to.
func Origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + u.Hostname() + ":" + port
}

// TooLargeError is an answer longer than the plugin reads.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d MiB, the most the plugin reads of one answer; narrow the query (a shorter time range, fewer servers)", e.Limit>>20)
}

// MaxBodyBytes caps one upstream answer. SCP's largest, a 60-day metric map of a server with
// many disks or interfaces, is a few MiB; Nezha's 30-day histories are smaller.
const MaxBodyBytes = 16 << 20

// ReadBody reads all of rsp's body, failing with a TooLargeError past limit bytes instead of
// returning a truncated answer that would fail later as "not JSON". The bytes it returns
// take no more memory than their length: answers are kept in caches, which count lengths.
func ReadBody(rsp *http.Response, limit int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(max(rsp.ContentLength, 0), limit)+1))
	if _, err := buf.ReadFrom(io.LimitReader(rsp.Body, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	body := buf.Bytes()
	if cap(body)-len(body) > len(body)/8 {
		body = bytes.Clone(body) // a body of unknown length grew its buffer by doubling
	}
	return body, nil
}

// IsRedirect reports whether err is a refused redirect.
func IsRedirect(err error) bool {
	var r *RedirectError
	return errors.As(err, &r)
}
