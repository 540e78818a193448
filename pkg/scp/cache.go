package scp

import (
	"context"
	"net/http"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/upstream"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// DefaultCacheEntries bounds the cache: 500 servers × a few endpoints each.
const DefaultCacheEntries = 4096

type cacheEntry struct {
	rsp     *storedResponse
	expires time.Time
}

// responseCache keeps successful GET answers of one data-source instance, and lets identical
// in-flight GETs share one upstream call.
type responseCache struct {
	entries *lru.Cache[string, cacheEntry]
	flights singleflight.Group
	ttls    CacheTTLs
	now     func() time.Time
}

func newResponseCache(size int, ttls CacheTTLs) *responseCache {
	if size <= 0 {
		size = DefaultCacheEntries
	}
	entries, _ := lru.New[string, cacheEntry](size) // only fails for size <= 0
	return &responseCache{entries: entries, ttls: ttls, now: time.Now}
}

func (c *responseCache) fresh(key string) (*storedResponse, bool) {
	e, ok := c.entries.Get(key)
	if !ok || !c.now().Before(e.expires) {
		return nil, false
	}
	return e.rsp, true
}

// middleware serves fresh cached answers, else joins or starts the one upstream call for the
// URL. The flight stores a 200 before it ends, and checks the cache again when it starts, so a
// caller that missed the cache just as another flight finished still makes no second call.
// Errors are never cached: the next refresh must see SCP recover.
func (c *responseCache) middleware() httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("scp-cache", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if req.Method != http.MethodGet {
				return next.RoundTrip(req)
			}
			stats := upstream.StatsFrom(req.Context())
			key := req.URL.String()
			ttl := c.ttls.ttl(req, c.now())
			if ttl > 0 {
				if stored, ok := c.fresh(key); ok {
					stats.CacheHits.Add(1)
					noteCacheEntry(req, stored)
					return stored.response(req), nil
				}
				stats.CacheMisses.Add(1)
			}
			ch := c.flights.DoChan(key, func() (any, error) {
				if stored, ok := c.fresh(key); ttl > 0 && ok {
					return stored, nil
				}
				stored, err := fetchShared(req, next)
				if err == nil && ttl > 0 && stored.status == http.StatusOK {
					c.entries.Add(key, cacheEntry{rsp: stored, expires: c.now().Add(ttl)})
				}
				return stored, err
			})
			select {
			case res := <-ch:
				if res.Err != nil {
					return nil, res.Err
				}
				if res.Shared {
					stats.Shared.Add(1)
				}
				stored := res.Val.(*storedResponse)
				if ttl > 0 && stored.status == http.StatusOK {
					noteCacheEntry(req, stored)
				}
				return stored.response(req), nil
			case <-req.Context().Done():
				return nil, req.Context().Err()
			}
		})
	})
}

// fetchShared makes the upstream call on behalf of every caller waiting for it: it outlives a
// cancelled first caller, but not that caller's deadline.
func fetchShared(req *http.Request, next http.RoundTripper) (*storedResponse, error) {
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
}
