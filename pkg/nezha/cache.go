package nezha

import (
	"encoding/json"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Cache lifetimes per kind of read. The state arrives every few seconds; histories change
// once per sample (5 minutes and more), groups and monitor lists rarely.
const (
	ttlServers  = 5 * time.Second
	ttlGroups   = time.Minute
	ttlMonitors = 30 * time.Second
	ttlHistory  = time.Minute

	defaultCacheEntries = 2048
)

type cacheEntry struct {
	data    json.RawMessage
	expires time.Time
}

// cache keeps decoded successful answers of one data-source instance. Errors are never kept:
// the next refresh must see the dashboard recover.
type cache struct {
	entries *lru.Cache[string, cacheEntry]
	now     func() time.Time
}

func newCache(size int, now func() time.Time) *cache {
	if size <= 0 {
		size = defaultCacheEntries
	}
	entries, _ := lru.New[string, cacheEntry](size) // fails only for size <= 0
	return &cache{entries: entries, now: now}
}

func (c *cache) get(key string) (json.RawMessage, bool) {
	e, ok := c.entries.Get(key)
	if !ok || !c.now().Before(e.expires) {
		return nil, false
	}
	return e.data, true
}

func (c *cache) put(key string, data json.RawMessage, ttl time.Duration) {
	c.entries.Add(key, cacheEntry{data: data, expires: c.now().Add(ttl)})
}
