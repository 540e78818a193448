package scp

import (
	"context"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"golang.org/x/sync/singleflight"
)

// dedupeMiddleware lets identical in-flight GETs from different panels share one upstream call.
func dedupeMiddleware() httpclient.Middleware {
	var group singleflight.Group
	return httpclient.NamedMiddlewareFunc("scp-dedupe", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if req.Method != http.MethodGet {
				return next.RoundTrip(req)
			}
			ch := group.DoChan(req.URL.String(), func() (any, error) {
				// The shared call outlives a cancelled first caller, but not its deadline.
				ctx := context.WithoutCancel(req.Context())
				if deadline, ok := req.Context().Deadline(); ok {
					var cancel context.CancelFunc
					ctx, cancel = context.WithDeadline(ctx, deadline)
					defer cancel()
				}
				rsp, err := next.RoundTrip(req.WithContext(ctx))
				if err != nil {
					return nil, err
				}
				return store(rsp)
			})
			select {
			case res := <-ch:
				if res.Err != nil {
					return nil, res.Err
				}
				if res.Shared {
					statsFrom(req.Context()).Shared.Add(1)
				}
				return res.Val.(*storedResponse).response(req), nil
			case <-req.Context().Done():
				return nil, req.Context().Err()
			}
		})
	})
}
