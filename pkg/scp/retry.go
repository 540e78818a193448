package scp

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/upstream"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// RetryPolicy bounds how idempotent GETs are retried.
type RetryPolicy struct {
	MaxAttempts int           // including the first
	BaseDelay   time.Duration // doubled per attempt, with jitter
	MaxDelay    time.Duration
	// MaxMaintenanceAttempts caps attempts on 503: SCP's maintenance lasts minutes, not seconds.
	MaxMaintenanceAttempts int
}

// DefaultRetryPolicy keeps a refresh within a few seconds even against a flaky SCP.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, MaxMaintenanceAttempts: 2}

// retryMiddleware retries GETs on transport errors, 429 and 5xx with exponential backoff and
// jitter, honouring Retry-After, and never waiting past the request's deadline.
func retryMiddleware(p RetryPolicy) httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("scp-retry", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if req.Method != http.MethodGet {
				return next.RoundTrip(req)
			}
			stats := upstream.StatsFrom(req.Context())
			for attempt := 1; ; attempt++ {
				stats.Calls.Add(1)
				rsp, err := next.RoundTrip(req)
				if !p.shouldRetry(req.Context(), rsp, err, attempt) {
					return rsp, err
				}
				wait := p.delay(attempt, rsp)
				if wait > p.MaxDelay {
					return rsp, err // SCP asked for a longer pause than a dashboard refresh can wait
				}
				if deadline, ok := req.Context().Deadline(); ok && time.Until(deadline) < wait {
					return rsp, err // the answer we have beats a timeout
				}
				if rsp != nil {
					drain(rsp)
				}
				stats.Retries.Add(1)
				select {
				case <-time.After(wait):
				case <-req.Context().Done():
					return nil, req.Context().Err()
				}
			}
		})
	})
}

func (p RetryPolicy) shouldRetry(ctx context.Context, rsp *http.Response, err error, attempt int) bool {
	if ctx.Err() != nil || attempt >= p.MaxAttempts {
		return false
	}
	if err != nil {
		// A rejected token or a cancelled call will not get better by retrying.
		var signIn signInError
		return !errors.As(err, &signIn) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
	}
	switch rsp.StatusCode {
	case http.StatusServiceUnavailable:
		return attempt < p.MaxMaintenanceAttempts
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// delay is the wait before attempt+1: Retry-After when SCP sends one, else backoff with jitter.
func (p RetryPolicy) delay(attempt int, rsp *http.Response) time.Duration {
	if rsp != nil {
		if d, ok := retryAfter(rsp.Header.Get("Retry-After")); ok {
			return d
		}
	}
	backoff := p.BaseDelay << (attempt - 1)
	jittered := backoff/2 + rand.N(backoff/2+1)
	return min(jittered, p.MaxDelay)
}

func retryAfter(value string) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(value); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(time.Until(at), 0), true
	}
	return 0, false
}
