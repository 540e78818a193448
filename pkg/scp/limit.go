package scp

import (
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"golang.org/x/sync/semaphore"
)

// limitMiddleware allows at most n upstream calls of one instance at a time, so a dashboard
// over 200 servers fans out quickly without flooding SCP.
func limitMiddleware(n int) httpclient.Middleware {
	slots := semaphore.NewWeighted(int64(max(n, 1)))
	return httpclient.NamedMiddlewareFunc("scp-limit", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if err := slots.Acquire(req.Context(), 1); err != nil {
				return nil, err
			}
			defer slots.Release(1)
			rsp, err := next.RoundTrip(req)
			if err != nil {
				return nil, err
			}
			// Hold the slot until the body is read, or the limit would not bound open calls.
			return bufferBody(rsp)
		})
	})
}

// bufferBody reads the body now so the slot is free when the caller gets the response.
func bufferBody(rsp *http.Response) (*http.Response, error) {
	stored, err := store(rsp)
	if err != nil {
		return nil, err
	}
	return stored.response(rsp.Request), nil
}
