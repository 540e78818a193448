// Package upstream holds what both providers' clients share about their upstream calls.
package upstream

import (
	"context"
	"sync/atomic"
	"time"
)

// Stats counts what one query cost upstream, for debug logs and tests.
type Stats struct {
	Calls       atomic.Int64 // requests that reached SCP, Keycloak or Nezha, retries included
	CacheHits   atomic.Int64
	CacheMisses atomic.Int64
	Shared      atomic.Int64 // answered by another caller's identical in-flight request
	Retries     atomic.Int64
}

type statsKey struct{}

// WithStats returns a context whose upstream calls are counted in a new Stats.
func WithStats(ctx context.Context) (context.Context, *Stats) {
	s := &Stats{}
	return context.WithValue(ctx, statsKey{}, s), s
}

// StatsFrom returns the context's Stats, or a throwaway one so callers never check for nil.
func StatsFrom(ctx context.Context) *Stats {
	if s, ok := ctx.Value(statsKey{}).(*Stats); ok {
		return s
	}
	return &Stats{}
}

type asOfKey struct{}

// WithAsOf records when the query that makes ctx's upstream calls began: cache lifetimes count
// from then, so answers a refresh fetched expire together, and are never older than their
// lifetime however long the refresh took.
func WithAsOf(ctx context.Context, start time.Time) context.Context {
	return context.WithValue(ctx, asOfKey{}, start)
}

// AsOf is when ctx's query began, or now for calls outside a query (health, lookups).
func AsOf(ctx context.Context, now func() time.Time) time.Time {
	if start, ok := ctx.Value(asOfKey{}).(time.Time); ok {
		return start
	}
	return now()
}

type maxAgeKey struct{}

// WithMaxAge asks for answers at most maxAge older than the query's start, whatever their
// kind's cache lifetime: a Live stream polling every few seconds must not be served the
// answer a dashboard cached half a minute ago.
func WithMaxAge(ctx context.Context, maxAge time.Duration) context.Context {
	return context.WithValue(ctx, maxAgeKey{}, maxAge)
}

// MaxAge is the age limit ctx's reads asked for, if any.
func MaxAge(ctx context.Context) (time.Duration, bool) {
	maxAge, ok := ctx.Value(maxAgeKey{}).(time.Duration)
	return maxAge, ok
}
