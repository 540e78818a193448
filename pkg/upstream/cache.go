package upstream

import (
	"math"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// EntryOverhead is what an entry costs besides its value: the key, the list element, the
// map slot and the bookkeeping, rounded up.
const EntryOverhead = 256

// Cache keeps what a data-source instance reuses between refreshes (upstream answers, their
// decoded forms, finished frames) within a budget in bytes, dropping the least recently
// used first. Every kind of value counts in the one budget, so no query, however many
// distinct requests a viewer sends, can grow the process past it.
type Cache struct {
	mu     sync.Mutex
	lru    *simplelru.LRU[string, *cacheEntry]
	budget int64
	used   int64
	now    func() time.Time
}

type cacheEntry struct {
	value   any
	size    int64
	expires time.Time
}

// NewCache returns a cache that holds at most budget bytes, by the sizes its callers report.
func NewCache(budget int64, now func() time.Time) *Cache {
	c := &Cache{budget: budget, now: now}
	// The LRU's own bound is a count; the budget in bytes is enforced here instead.
	c.lru, _ = simplelru.NewLRU(math.MaxInt, func(_ string, e *cacheEntry) { c.used -= e.size })
	return c
}

// Get returns the value stored under key until it expires.
func (c *Cache) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(key)
	if !ok {
		return nil, false
	}
	if !c.now().Before(e.expires) {
		c.lru.Remove(key)
		return nil, false
	}
	return e.value, true
}

// Put stores value, which weighs size bytes, until expires. A value heavier than a quarter
// of the budget is not kept, so that one answer never flushes all the others.
func (c *Cache) Put(key string, value any, size int64, expires time.Time) {
	size += int64(len(key)) + EntryOverhead
	if size > c.budget/4 || !c.now().Before(expires) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key)
	c.lru.Add(key, &cacheEntry{value: value, size: size, expires: expires})
	c.used += size
	c.evict()
}

// Grow adds delta bytes to the entry under key if it still holds value: its decoded form
// was memoised after it was stored.
func (c *Cache) Grow(key string, value any, delta int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Peek(key)
	if !ok || e.value != value {
		return
	}
	e.size += delta
	c.used += delta
	c.evict()
}

// evict drops the least recently used entries until the budget holds.
func (c *Cache) evict() {
	for c.used > c.budget {
		if _, _, ok := c.lru.RemoveOldest(); !ok {
			return
		}
	}
}

// Used is the bytes held now.
func (c *Cache) Used() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Instance is what the clients of one data-source instance share: the clock their cache
// lifetimes and token expiries are measured by, the cache budget, and the scrubber that
// knows the instance's secrets.
type Instance struct {
	Now   func() time.Time
	Cache *Cache
	Scrub *Scrubber
}

// NewInstance returns an instance's shared parts: a cache of cacheBytes and a scrubber that
// knows secrets from the start.
func NewInstance(cacheBytes int64, now func() time.Time, secrets ...string) Instance {
	return Instance{Now: now, Cache: NewCache(cacheBytes, now), Scrub: NewScrubber(secrets...)}
}
