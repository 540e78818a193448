package nezha

import (
	"context"
	"sync/atomic"
)

// Stats counts what one query cost upstream, for debug logs and tests.
type Stats struct {
	Upstream  atomic.Int64 // requests that reached the dashboard
	CacheHits atomic.Int64
	Shared    atomic.Int64 // answered by another caller's identical in-flight request
}

type statsKey struct{}

// WithStats returns a context whose dashboard calls are counted in a new Stats.
func WithStats(ctx context.Context) (context.Context, *Stats) {
	s := &Stats{}
	return context.WithValue(ctx, statsKey{}, s), s
}

func statsFrom(ctx context.Context) *Stats {
	if s, ok := ctx.Value(statsKey{}).(*Stats); ok {
		return s
	}
	return &Stats{}
}
