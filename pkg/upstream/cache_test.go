package upstream

import (
	"fmt"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestCacheStaysWithinItsBudget(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	c := NewCache(64<<10, clock.now)
	for i := range 1000 {
		v := make([]byte, 1000)
		c.Put(fmt.Sprint("k", i), &v, int64(len(v)), clock.t.Add(time.Minute))
		if used := c.Used(); used > 64<<10 {
			t.Fatalf("after %d puts the cache holds %d bytes, over its 64 KiB budget", i+1, used)
		}
	}
	if _, ok := c.Get("k999"); !ok {
		t.Error("the newest entry was evicted")
	}
	if _, ok := c.Get("k0"); ok {
		t.Error("the oldest entry survived 1000 puts into a 64-entry budget")
	}
}

func TestCacheGrowEvictsOthersAndCountsDecodedForms(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	c := NewCache(100_000, clock.now)
	a, b := new(int), new(int)
	c.Put("a", a, 10_000, clock.t.Add(time.Minute))
	c.Put("b", b, 10_000, clock.t.Add(time.Minute))
	before := c.Used()
	c.Grow("b", b, 85_000) // b's decoded form: the budget now forces a out
	if _, ok := c.Get("a"); ok {
		t.Error("growing b past the budget did not evict a")
	}
	if got := c.Used(); got > 100_000 || got < before-10_000-EntryOverhead {
		t.Errorf("used = %d after growing b", got)
	}
	c.Grow("b", a, 1<<30) // not b's value any more: ignored
	if _, ok := c.Get("b"); !ok {
		t.Error("a Grow for a replaced value changed b")
	}
}

func TestCacheExpiresAndRefusesHugeValues(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	c := NewCache(1<<20, clock.now)
	c.Put("short", new(int), 10, clock.t.Add(30*time.Second))
	clock.t = clock.t.Add(30 * time.Second)
	if _, ok := c.Get("short"); ok {
		t.Error("an entry was served at its expiry")
	}
	c.Put("huge", new(int), 1<<19, clock.t.Add(time.Minute))
	if _, ok := c.Get("huge"); ok {
		t.Error("a value of half the budget was kept")
	}
	if c.Used() != 0 {
		t.Errorf("used = %d with nothing cached", c.Used())
	}
}
