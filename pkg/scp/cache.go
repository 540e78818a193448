package scp

import (
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	lru "github.com/hashicorp/golang-lru/v2"
)

// DefaultCacheEntries bounds the cache: 500 servers × a few endpoints each.
const DefaultCacheEntries = 4096

type cacheEntry struct {
	rsp     *storedResponse
	expires time.Time
}

// responseCache keeps successful GET answers of one data-source instance.
type responseCache struct {
	entries *lru.Cache[string, cacheEntry]
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

// middleware serves fresh cached answers and stores new 200s. Errors are never cached: the
// next refresh must see SCP recover.
func (c *responseCache) middleware() httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("scp-cache", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			ttl := c.ttls.ttl(req, c.now())
			if ttl <= 0 {
				return next.RoundTrip(req)
			}
			stats := statsFrom(req.Context())
			key := req.URL.String()
			if e, ok := c.entries.Get(key); ok && c.now().Before(e.expires) {
				stats.CacheHits.Add(1)
				noteCacheEntry(req, e.rsp)
				return e.rsp.response(req), nil
			}
			stats.CacheMisses.Add(1)
			rsp, err := next.RoundTrip(req)
			if err != nil || rsp.StatusCode != http.StatusOK {
				return rsp, err
			}
			stored, err := store(rsp)
			if err != nil {
				return nil, err
			}
			c.entries.Add(key, cacheEntry{rsp: stored, expires: c.now().Add(ttl)})
			noteCacheEntry(req, stored)
			return stored.response(req), nil
		})
	})
}
