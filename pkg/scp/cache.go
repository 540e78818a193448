package scp

import (
	"context"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"golang.org/x/sync/singleflight"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// keyPrefix keeps SCP answers apart from anything else the instance caches.
const keyPrefix = "scp "

// responseCache keeps successful GET answers of one data-source instance in its byte-bounded
// cache, and lets identical in-flight GETs share one upstream call.
type responseCache struct {
	store   *upstream.Cache
	flights singleflight.Group
	ttls    CacheTTLs
	now     func() time.Time
	scrub   *upstream.Scrubber
}

func newResponseCache(inst upstream.Instance, ttls CacheTTLs) *responseCache {
	return &responseCache{store: inst.Cache, ttls: ttls, now: inst.Now, scrub: inst.Scrub}
}

// fresh is the cached answer under key, unless the caller wants one younger than it.
func (c *responseCache) fresh(ctx context.Context, key string) (*storedResponse, bool) {
	v, ok := c.store.Get(key)
	if !ok {
		return nil, false
	}
	stored := v.(*storedResponse)
	if maxAge, ok := upstream.MaxAge(ctx); ok && stored.asOf.Before(upstream.AsOf(ctx, c.now).Add(-maxAge)) {
		return nil, false
	}
	return stored, true
}

// keep stores a 200 until it expires; the entry grows when a decoded form is memoised.
func (c *responseCache) keep(key string, stored *storedResponse, expires time.Time) {
	stored.grow = func(delta int64) { c.store.Grow(key, stored, delta) }
	c.store.Put(key, stored, stored.size(), expires)
}

// hit answers req from the cache if it may; the answer is noted for the caller.
func (c *responseCache) hit(req *http.Request) (*storedResponse, bool) {
	if req.Method != http.MethodGet {
		return nil, false
	}
	if _, cacheable := c.ttls.expiry(req, upstream.AsOf(req.Context(), c.now)); !cacheable {
		return nil, false
	}
	stored, ok := c.fresh(req.Context(), keyPrefix+req.URL.String())
	if ok {
		upstream.StatsFrom(req.Context()).CacheHits.Add(1)
		noteAnswer(req, stored)
	}
	return stored, ok
}

// cachedDoer is what the generated client sends requests through: it answers fresh cached
// GETs itself and passes the rest to the HTTP client. A warm refresh of 200 servers asks the
// cache over a thousand times, and a trip through net/http's client costs more than the lookup.
type cachedDoer struct {
	cache  *responseCache
	client *http.Client
}

func (d cachedDoer) Do(req *http.Request) (*http.Response, error) {
	if stored, ok := d.cache.hit(req); ok {
		return stored.response(req), nil
	}
	return d.client.Do(req)
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
			if stored, ok := c.hit(req); ok {
				return stored.response(req), nil
			}
			stats := upstream.StatsFrom(req.Context())
			key := keyPrefix + req.URL.String()
			asOf := upstream.AsOf(req.Context(), c.now)
			expires, cacheable := c.ttls.expiry(req, asOf)
			if cacheable {
				stats.CacheMisses.Add(1)
			}
			ch := c.flights.DoChan(key, func() (any, error) {
				if stored, ok := c.fresh(req.Context(), key); cacheable && ok {
					return stored, nil
				}
				asOf, expires := asOf, expires
				if fetched := c.now(); cacheable && !expires.After(fetched) {
					// The query waited past this answer's lifetime (a busy instance, or SCP's next
					// sample came meanwhile): counted from the query's start it would be stored
					// stale, and every query that waited as long would fetch it again.
					asOf = fetched
					expires, _ = c.ttls.expiry(req, asOf)
				}
				stored, err := c.fetchShared(req, next)
				if err == nil && cacheable && stored.status == http.StatusOK {
					stored.asOf = asOf
					c.keep(key, stored, expires)
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
				noteAnswer(req, stored)
				return stored.response(req), nil
			case <-req.Context().Done():
				return nil, req.Context().Err()
			}
		})
	})
}

// fetchShared makes the upstream call on behalf of every caller waiting for it: it outlives a
// cancelled first caller, but not that caller's deadline.
func (c *responseCache) fetchShared(req *http.Request, next http.RoundTripper) (*storedResponse, error) {
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
	return readStored(rsp, c.scrub)
}
