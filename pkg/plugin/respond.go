package plugin

import (
	"context"
	"errors"
	"net/http"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// finish is the last step of every query: what it says passes the scrubber, and an error
// gets the status Grafana shows and its alerting uses.
func (d *Datasource) finish(res backend.DataResponse) backend.DataResponse {
	for _, f := range res.Frames {
		if f.Meta == nil {
			continue
		}
		for i := range f.Meta.Notices {
			f.Meta.Notices[i].Text = d.scrub.String(f.Meta.Notices[i].Text)
		}
	}
	if res.Error == nil {
		return res
	}
	res.Error = d.scrub.Error(res.Error)
	if res.Status == 0 {
		res.Status = errorStatus(res.Error, res.ErrorSource)
	}
	return res
}

// httpStatusError is an upstream's answer with its HTTP status (SCP's and Nezha's API errors).
type httpStatusError interface{ HTTPStatus() int }

// errorStatus: bad input is the user's to fix (400); an upstream's 4xx or 5xx keeps its
// status; an upstream that did not answer in time is a 504, one that failed otherwise a 502.
func errorStatus(err error, source backend.ErrorSource) backend.Status {
	var upstream httpStatusError
	var timeout interface{ Timeout() bool }
	switch {
	case errors.As(err, &upstream) && upstream.HTTPStatus() >= 400:
		return backend.Status(upstream.HTTPStatus())
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timeout) && timeout.Timeout():
		return backend.StatusTimeout
	case source == backend.ErrorSourceDownstream:
		return backend.StatusBadGateway
	case source == backend.ErrorSourcePlugin:
		return backend.StatusBadRequest
	}
	return backend.StatusInternal
}

// sentence capitalises a message's first letter: health messages are shown as sentences,
// while the errors they are made of start in lower case, as Go's do.
func sentence(msg string) string {
	r, n := utf8.DecodeRuneInString(msg)
	if r == utf8.RuneError {
		return msg
	}
	return string(unicode.ToUpper(r)) + msg[n:]
}

// statusOf maps an upstream error to the status a resource route answers with.
func statusOf(err error) int {
	var upstream httpStatusError
	if errors.As(err, &upstream) && (upstream.HTTPStatus() == http.StatusServiceUnavailable || upstream.HTTPStatus() == http.StatusTooManyRequests) {
		return upstream.HTTPStatus()
	}
	if backend.IsPluginError(err) {
		return http.StatusBadRequest
	}
	return http.StatusBadGateway
}
