package scp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// fakeSCP is a fake SCP that answers with the next queued status and counts calls.
type fakeSCP struct {
	mu       sync.Mutex
	statuses []int
	header   http.Header
	calls    atomic.Int32
	inFlight atomic.Int32
	peak     atomic.Int32
	hold     time.Duration
}

func (u *fakeSCP) RoundTrip(req *http.Request) (*http.Response, error) {
	u.calls.Add(1)
	now := u.inFlight.Add(1)
	defer u.inFlight.Add(-1)
	for {
		peak := u.peak.Load()
		if now <= peak || u.peak.CompareAndSwap(peak, now) {
			break
		}
	}
	time.Sleep(u.hold)
	u.mu.Lock()
	status := http.StatusOK
	if len(u.statuses) > 0 {
		status, u.statuses = u.statuses[0], u.statuses[1:]
	}
	u.mu.Unlock()
	rec := httptest.NewRecorder()
	for k, v := range u.header {
		rec.Header()[k] = v
	}
	rec.WriteHeader(status)
	_, _ = rec.WriteString(req.URL.Path)
	rsp := rec.Result()
	rsp.Request = req
	return rsp, nil
}

// testCache is a response cache with a 64 MiB budget on the given clock.
func testCache(ttls CacheTTLs, now func() time.Time) *responseCache {
	return newResponseCache(upstream.NewInstance(64<<20, now), ttls)
}

func chain(m httpclient.Middleware, next http.RoundTripper) http.RoundTripper {
	return m.CreateMiddleware(httpclient.Options{}, next)
}

func get(t *testing.T, rt http.RoundTripper, ctx context.Context, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://scp.test/scp-core"+path, nil)
	rsp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(rsp.Body)
	_ = rsp.Body.Close()
	return rsp, string(body)
}

func TestCacheServesFreshAnswersAndSkipsErrors(t *testing.T) {
	up := &fakeSCP{statuses: []int{500, 200}}
	now := time.Date(2026, 11, 20, 12, 3, 0, 0, time.UTC)
	cache := testCache(DefaultCacheTTLs, func() time.Time { return now })
	rt := chain(cache.middleware(), up)
	ctx, stats := upstream.WithStats(context.Background())

	if rsp, _ := get(t, rt, ctx, "/api/v1/servers"); rsp.StatusCode != 500 {
		t.Fatalf("status %d", rsp.StatusCode)
	}
	get(t, rt, ctx, "/api/v1/servers") // the 500 was not cached: this reaches upstream
	_, body := get(t, rt, ctx, "/api/v1/servers")
	if up.calls.Load() != 2 || body != "/scp-core/api/v1/servers" {
		t.Fatalf("calls = %d, body %q; want the 200 served from cache", up.calls.Load(), body)
	}
	if stats.CacheHits.Load() != 1 || stats.CacheMisses.Load() != 2 {
		t.Errorf("hits/misses = %d/%d, want 1/2", stats.CacheHits.Load(), stats.CacheMisses.Load())
	}
	now = now.Add(DefaultCacheTTLs.List + time.Second)
	get(t, rt, ctx, "/api/v1/servers")
	if up.calls.Load() != 3 {
		t.Errorf("expired entry was served: %d calls", up.calls.Load())
	}
}

func TestCacheLifetimes(t *testing.T) {
	at := time.Date(2026, 11, 20, 12, 3, 0, 0, time.UTC)
	cases := []struct {
		path string
		want time.Time // zero: never kept
	}{
		{"/api/v1/servers/1/metrics/cpu?hours=6", time.Date(2026, 11, 20, 12, 10, 0, 0, time.UTC)}, // SCP's next sample
		{"/api/v1/servers?limit=100&offset=0", at.Add(29 * time.Second)},
		{"/api/v1/servers/1", at.Add(29 * time.Second)},
		{"/api/v1/servers/1/logs", at.Add(29 * time.Second)},
		{"/api/v1/servers/1/snapshots", at.Add(299 * time.Second)},
		{"/api/v1/servers/1/guest-agent/status", at.Add(299 * time.Second)},
		{"/api/v1/servers/1/interfaces", at.Add(299 * time.Second)},
		{"/api/v1/tasks?offset=0", at.Add(14 * time.Second)},
		{"/api/v1/maintenance", at.Add(299 * time.Second)},
		{"/api/ping", time.Time{}},
		{"/api/v1/vlans/3", time.Time{}},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest(http.MethodGet, "http://scp.test/scp-core"+tc.path, nil)
		got, ok := DefaultCacheTTLs.expiry(req, at)
		if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
			t.Errorf("%s asked at 12:03:00 expires %v (kept %v), want %v", tc.path, got, ok, tc.want)
		}
	}
}

// TestLifetimesCountFromTheQuerysStart: a refresh that took 20 s to fetch everything expires
// whole one lifetime after it began, so the next refresh at the same interval refetches all
// of it, instead of some answers at one refresh and the rest at the next.
func TestLifetimesCountFromTheQuerysStart(t *testing.T) {
	start := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	now := start
	up := &fakeSCP{}
	rt := chain(testCache(DefaultCacheTTLs, func() time.Time { return now }).middleware(), up)
	ctx := upstream.WithAsOf(context.Background(), start)
	now = start.Add(20 * time.Second) // the answer arrives late in a long refresh
	get(t, rt, ctx, "/api/v1/servers/1")
	now = start.Add(30 * time.Second) // the next refresh, one lifetime after the first began
	next := upstream.WithAsOf(context.Background(), now)
	get(t, rt, next, "/api/v1/servers/1")
	if up.calls.Load() != 2 {
		t.Errorf("a refresh one lifetime later was served an answer %d calls old", up.calls.Load())
	}
	now = start.Add(45 * time.Second)
	get(t, rt, upstream.WithAsOf(context.Background(), now), "/api/v1/servers/1")
	if up.calls.Load() != 2 {
		t.Errorf("a query half a lifetime after the last fetch called SCP again: %d calls", up.calls.Load())
	}
}

// TestAQueryThatWaitedPastALifetimeKeepsWhatItFetched: queries that began before SCP's next
// sample but reach the cache after it (a busy instance, a large dashboard) share one fetch;
// counted from their start the answer would be stale when stored, and each would fetch it.
func TestAQueryThatWaitedPastALifetimeKeepsWhatItFetched(t *testing.T) {
	began := time.Date(2026, 11, 20, 12, 9, 50, 0, time.UTC)
	now := began
	up := &fakeSCP{}
	rt := chain(testCache(DefaultCacheTTLs, func() time.Time { return now }).middleware(), up)
	waited := upstream.WithAsOf(context.Background(), began)
	for _, path := range []string{"/api/v1/servers/1/metrics/cpu?hours=6", "/api/v1/servers/1"} {
		now = began.Add(40 * time.Second) // past 12:10 and past the detail's 30 s lifetime
		get(t, rt, waited, path)
		now = now.Add(time.Second)
		get(t, rt, waited, path)
	}
	if n := up.calls.Load(); n != 2 {
		t.Errorf("queries that waited past a lifetime made %d calls for 2 answers, want 2", n)
	}
	// Counted from the fetch, the detail's lifetime still ends: no answer outlives it.
	now = began.Add(40*time.Second + DefaultCacheTTLs.Detail)
	get(t, rt, upstream.WithAsOf(context.Background(), now), "/api/v1/servers/1")
	if n := up.calls.Load(); n != 3 {
		t.Errorf("a detail one lifetime after its fetch was served from the cache (%d calls)", n)
	}
}

func TestDedupeSharesConcurrentIdenticalCalls(t *testing.T) {
	up := &fakeSCP{hold: 50 * time.Millisecond}
	rt := chain(testCache(CacheTTLs{}, time.Now).middleware(), up) // no caching: only sharing
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, body := get(t, rt, context.Background(), "/api/v1/servers/7")
			if body != "/scp-core/api/v1/servers/7" {
				t.Errorf("body %q", body)
			}
		})
	}
	wg.Wait()
	if up.calls.Load() != 1 {
		t.Fatalf("20 identical in-flight calls made %d upstream calls, want 1", up.calls.Load())
	}
}

func TestLimitBoundsConcurrentUpstreamCalls(t *testing.T) {
	up := &fakeSCP{hold: 20 * time.Millisecond}
	rt := chain(limitMiddleware(3, nil), up)
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() { get(t, rt, context.Background(), "/api/v1/servers/"+strings.Repeat("1", i+1)) })
	}
	wg.Wait()
	if peak := up.peak.Load(); peak > 3 || peak < 2 {
		t.Fatalf("peak concurrency %d, want at most 3 (and parallel)", peak)
	}
}

func TestRetry(t *testing.T) {
	fast := RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxMaintenanceAttempts: 2}
	cases := []struct {
		name       string
		statuses   []int
		wantStatus int
		wantCalls  int32
	}{
		{"5xx then success", []int{500, 502, 200}, 200, 3},
		{"429 then success", []int{429, 200}, 200, 2},
		{"gives up after max attempts", []int{500, 500, 500, 500, 500}, 500, 4},
		{"maintenance retried once", []int{503, 503, 503}, 503, 2},
		{"client errors are final", []int{404, 200}, 404, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			up := &fakeSCP{statuses: c.statuses}
			ctx, stats := upstream.WithStats(context.Background())
			rsp, _ := get(t, chain(retryMiddleware(fast), up), ctx, "/api/v1/servers")
			if rsp.StatusCode != c.wantStatus || up.calls.Load() != c.wantCalls {
				t.Fatalf("status %d after %d calls, want %d after %d", rsp.StatusCode, up.calls.Load(), c.wantStatus, c.wantCalls)
			}
			if stats.Calls.Load() != int64(c.wantCalls) {
				t.Errorf("stats count %d upstream calls, want %d", stats.Calls.Load(), c.wantCalls)
			}
		})
	}
}

func TestRetryHonoursRetryAfterWithinTheDeadline(t *testing.T) {
	policy := RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second, MaxMaintenanceAttempts: 2}
	up := &fakeSCP{statuses: []int{429, 200}, header: http.Header{"Retry-After": {"1"}}}
	start := time.Now()
	rsp, _ := get(t, chain(retryMiddleware(policy), up), context.Background(), "/api/v1/tasks")
	if rsp.StatusCode != 200 || time.Since(start) < time.Second {
		t.Fatalf("status %d after %s; want 200 after waiting Retry-After: 1", rsp.StatusCode, time.Since(start))
	}
	// With less time left than Retry-After asks, the 429 is returned at once.
	up = &fakeSCP{statuses: []int{429, 200}, header: http.Header{"Retry-After": {"2"}}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if rsp, _ := get(t, chain(retryMiddleware(policy), up), ctx, "/api/v1/tasks"); rsp.StatusCode != 429 || up.calls.Load() != 1 {
		t.Fatalf("status %d after %d calls; want the 429 without waiting past the deadline", rsp.StatusCode, up.calls.Load())
	}
	// A pause longer than MaxDelay is not waited for either.
	up = &fakeSCP{statuses: []int{429, 200}, header: http.Header{"Retry-After": {"60"}}}
	if rsp, _ := get(t, chain(retryMiddleware(policy), up), context.Background(), "/api/v1/tasks"); rsp.StatusCode != 429 || up.calls.Load() != 1 {
		t.Fatalf("status %d after %d calls; want the 429 at once", rsp.StatusCode, up.calls.Load())
	}
}

func TestCacheNeverFetchesACachedURLTwice(t *testing.T) {
	up := &fakeSCP{hold: 5 * time.Millisecond}
	rt := chain(testCache(DefaultCacheTTLs, time.Now).middleware(), up)
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			// Staggered arrivals: some join the flight, some come as it ends, some hit the cache.
			time.Sleep(time.Duration(i%20) * time.Millisecond / 2)
			get(t, rt, context.Background(), "/api/v1/servers/42")
		})
	}
	wg.Wait()
	if up.calls.Load() != 1 {
		t.Fatalf("200 staggered callers made %d upstream calls, want 1", up.calls.Load())
	}
}

func TestRetryRetriesTransportErrorsButNotSignInFailures(t *testing.T) {
	fast := RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxMaintenanceAttempts: 2}
	var calls atomic.Int32
	failing := func(err error) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(*http.Request) (*http.Response, error) {
			calls.Add(1)
			return nil, err
		})
	}
	req, _ := http.NewRequest(http.MethodGet, "http://scp.test/scp-core/api/v1/servers", nil)
	_, _ = chain(retryMiddleware(fast), failing(io.ErrUnexpectedEOF)).RoundTrip(req)
	if calls.Load() != 3 {
		t.Errorf("a transport error was tried %d times, want 3", calls.Load())
	}
	calls.Store(0)
	_, _ = chain(retryMiddleware(fast), failing(signInFailed(ErrTokenRejected))).RoundTrip(req)
	if calls.Load() != 1 {
		t.Errorf("a rejected token was tried %d times, want 1", calls.Load())
	}
}

// TestMaxAgeRefetchesOlderAnswers: a reader that wants answers younger than the cached one
// (a Live poller) refetches, and the fresher answer then serves everyone.
func TestMaxAgeRefetchesOlderAnswers(t *testing.T) {
	start := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	now := start
	up := &fakeSCP{}
	rt := chain(testCache(DefaultCacheTTLs, func() time.Time { return now }).middleware(), up)
	get(t, rt, upstream.WithAsOf(context.Background(), now), "/api/v1/tasks")
	now = start.Add(6 * time.Second)
	get(t, rt, upstream.WithAsOf(context.Background(), now), "/api/v1/tasks") // within the 15 s lifetime
	if up.calls.Load() != 1 {
		t.Fatalf("%d calls, want the cached answer", up.calls.Load())
	}
	poll := upstream.WithMaxAge(upstream.WithAsOf(context.Background(), now), 5*time.Second)
	get(t, rt, poll, "/api/v1/tasks")
	if up.calls.Load() != 2 {
		t.Fatalf("a reader wanting answers under 5 s old got a 6 s old one: %d calls", up.calls.Load())
	}
	get(t, rt, upstream.WithAsOf(context.Background(), now), "/api/v1/tasks")
	if up.calls.Load() != 2 {
		t.Errorf("the fresher answer was not kept for others: %d calls", up.calls.Load())
	}
}
