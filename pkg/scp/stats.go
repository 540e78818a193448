package scp

import (
	"context"
	"sync/atomic"
)

// Stats counts what one query cost upstream, for debug logs and tests.
type Stats struct {
	Upstream    atomic.Int64 // requests that reached SCP or Keycloak, retries included
	CacheHits   atomic.Int64
	CacheMisses atomic.Int64
	Shared      atomic.Int64 // requests answered by another caller's identical in-flight request
	Retries     atomic.Int64
}

type statsKey struct{}

// WithStats returns a context whose upstream calls are counted in a new Stats.
func WithStats(ctx context.Context) (context.Context, *Stats) {
	s := &Stats{}
	return context.WithValue(ctx, statsKey{}, s), s
}

// statsFrom returns the context's Stats, or a throwaway one so callers never check for nil.
func statsFrom(ctx context.Context) *Stats {
	if s, ok := ctx.Value(statsKey{}).(*Stats); ok {
		return s
	}
	return &Stats{}
}
