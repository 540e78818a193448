package scp

import (
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"golang.org/x/sync/semaphore"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// limitMiddleware allows at most n upstream calls of one instance at a time, so a dashboard
// over 200 servers fans out quickly without flooding SCP. It reads each answer before it lets
// the slot go, or the limit would not bound open calls (nor the bytes in flight).
func limitMiddleware(n int, scrub *upstream.Scrubber) httpclient.Middleware {
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
			stored, err := readStored(rsp, scrub)
			if err != nil {
				return nil, err
			}
			return stored.response(req), nil
		})
	})
}
