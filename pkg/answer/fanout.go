package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"golang.org/x/sync/errgroup"
)

// Failure is one target (a selected server) whose reads failed inside a multi-server query.
type Failure[T any] struct {
	Target T
	Err    error
}

// PerTarget runs read for every target in parallel, at most limit at a time, and keeps going
// past failures so one broken server does not sink the others. Results keep target order.
// A target's String names it in failure notices, such as "web1 (id 7)".
func PerTarget[T fmt.Stringer, R any](ctx context.Context, targets []T, limit int, read func(context.Context, T) (R, error)) ([]R, []Failure[T]) {
	results := make([]R, len(targets))
	ok := make([]bool, len(targets))
	var failures []Failure[T]
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(limit, 1))
	for i, t := range targets {
		g.Go(func() error {
			v, err := read(ctx, t)
			if err != nil {
				mu.Lock()
				failures = append(failures, Failure[T]{Target: t, Err: err})
				mu.Unlock()
				return nil
			}
			results[i], ok[i] = v, true
			return nil
		})
	}
	_ = g.Wait()
	kept := results[:0]
	for i, v := range results {
		if ok[i] {
			kept = append(kept, v)
		}
	}
	return kept, failures
}

// Respond turns frames plus per-server failures into one response: an error when nothing
// could be read, otherwise the frames with a warning notice naming the failed servers.
func Respond[T fmt.Stringer](frames data.Frames, failures []Failure[T]) backend.DataResponse {
	if len(failures) == 0 {
		return backend.DataResponse{Frames: frames}
	}
	if len(frames) == 0 {
		return backend.ErrorResponseWithErrorSource(joinFailures(failures))
	}
	notice := data.Notice{Severity: data.NoticeSeverityWarning, Text: joinFailures(failures).Error()}
	if frames[0].Meta == nil {
		frames[0].Meta = &data.FrameMeta{}
	}
	frames[0].Meta.Notices = append(frames[0].Meta.Notices, notice)
	return backend.DataResponse{Frames: frames}
}

func joinFailures[T fmt.Stringer](failures []Failure[T]) error {
	parts := make([]string, len(failures))
	for i, f := range failures {
		parts[i] = fmt.Sprintf("%s: %v", f.Target, f.Err)
	}
	err := &failedServers{text: fmt.Sprintf("%d of the selected servers failed: %s", len(failures), strings.Join(parts, "; ")), first: failures[0].Err}
	// The first failure decides the source: the upstream's answers are downstream, bad input is the plugin's.
	var withSource backend.ErrorWithSource
	if errors.As(failures[0].Err, &withSource) {
		return backend.NewErrorWithSource(err, withSource.ErrorSource())
	}
	return backend.DownstreamError(err)
}

// failedServers names every failed server, and unwraps to the first failure so that its
// kind (an upstream status, a timeout) decides the response's status.
type failedServers struct {
	text  string
	first error
}

func (e *failedServers) Error() string { return e.text }
func (e *failedServers) Unwrap() error { return e.first }
