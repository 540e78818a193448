package harness

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// sameSampleWindow reports whether a and b fall in one 10-minute SCP sample window, inside
// which cached metric maps stay valid.
func sameSampleWindow(a, b time.Time) bool {
	return a.Truncate(10 * time.Minute).Equal(b.Truncate(10 * time.Minute))
}

func distinctCalls(calls []simulator.Call) map[string]int {
	counts := map[string]int{}
	for _, c := range calls {
		counts[c.Method+" "+c.Path+"?"+c.RawQuery]++
	}
	return counts
}

func TestOverviewRefreshSendsEachDistinctRequestOnce(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for attempt := 0; attempt < 2; attempt++ {
		sim, url := startSimulator(t, simulator.Options{Servers: 40, Seed: 11})
		ds := dataSourceFor(url, sim.RefreshToken())
		start := time.Now()
		panels := OverviewSet(start)

		if err := Complete(p.Refresh(ctx, ds, panels)); err != nil {
			t.Fatal(err)
		}
		cold := distinctCalls(sim.CallLog())
		for call, n := range cold {
			if n != 1 {
				t.Errorf("cold refresh sent %q %d times, want once", call, n)
			}
		}
		sim.ResetCalls()
		if err := Complete(p.Refresh(ctx, ds, panels)); err != nil {
			t.Fatal(err)
		}
		if !sameSampleWindow(start, time.Now()) || time.Since(start) > 25*time.Second {
			continue // a new SCP sample, or the end of a 30 s lifetime, may have come; measure again
		}
		t.Logf("cold refresh: %d distinct upstream calls, each sent once; warm refresh: %d", len(cold), len(sim.CallLog()))
		if warm := sim.CallLog(); len(warm) != 0 {
			t.Fatalf("warm refresh inside the TTLs sent %d upstream calls: %v", len(warm), slices.Sorted(maps.Keys(distinctCalls(warm))))
		}
		return
	}
	t.Fatal("could not fit two refreshes into one 10-minute sample window and one 30 s lifetime")
}

func TestLoadConcurrentRefreshes(t *testing.T) {
	refreshes, rounds := 50, 20
	if raceEnabled {
		refreshes, rounds = 10, 3 // the race detector slows both processes ~10x
	}
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 60, Seed: 5})
	ds := dataSourceFor(url, sim.RefreshToken())

	start := time.Now()
	panels := OverviewSet(start)
	// The baseline is taken after one refresh: the HTTP connection pool's goroutines belong to it.
	if err := Complete(p.Refresh(ctx, ds, panels)); err != nil {
		t.Fatal(err)
	}
	baseline, err := p.Goroutines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < rounds; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, refreshes)
		for range refreshes {
			wg.Go(func() {
				if err := Complete(p.Refresh(ctx, ds, panels)); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	end := time.Now()
	calls := distinctCalls(sim.CallLog())
	total := len(sim.CallLog())
	t.Logf("%d rounds × %d concurrent refreshes of %d panels: %d upstream calls, %d distinct, in %s",
		rounds, refreshes, len(panels), total, len(calls), end.Sub(start).Round(time.Millisecond))
	// Every distinct request is fetched once per cache lifetime (30 s for the list and the
	// details) and metric maps once per SCP sample (10 minutes), however many refreshes ask
	// meanwhile; the bound follows how long this machine took, never once per refresh.
	lifetimes := int(end.Sub(start) / (30 * time.Second))
	samples := int(end.Truncate(10*time.Minute).Sub(start.Truncate(10*time.Minute)) / (10 * time.Minute))
	if limit := (2 + lifetimes + samples) * len(calls); total > limit {
		t.Errorf("%d upstream calls for %d distinct requests over %d lifetimes and %d samples: the cache did not hold (limit %d)",
			total, len(calls), lifetimes, samples, limit)
	}

	// Goroutines must settle back to the baseline once the load is gone; a busy machine may
	// take a while to wind them down, so the wait is long and ends as soon as they have.
	var after int
	for wait := 0; wait < 300; wait++ {
		if after, err = p.Goroutines(ctx); err != nil {
			t.Fatal(err)
		}
		if after <= baseline+5 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("plugin goroutines: %d before the load, %d after", baseline, after)
	if after > baseline+5 {
		t.Errorf("goroutines grew from %d to %d: something leaks", baseline, after)
	}
}

func TestInstancesAreIsolated(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 4, Seed: 2})
	otherToken := sim.AddUser("other", 7, 99)
	first, second := dataSourceFor(url, sim.RefreshToken()), dataSourceFor(url, otherToken)

	ids := func(ds DataSource) []string {
		rsp, err := p.QueryData(ctx, ds, Query{RefID: "A", JSON: map[string]any{"queryType": "servers"}, From: time.Now().Add(-time.Hour), To: time.Now()})
		if err != nil || rsp.Responses["A"].Error != nil {
			t.Fatalf("%v %v", err, rsp.Responses["A"].Error)
		}
		field := rsp.Responses["A"].Frames[0].Fields[0]
		out := make([]string, field.Len())
		for i := range out {
			out[i] = fmt.Sprint(field.At(i))
		}
		return out
	}
	a, b := ids(first), ids(second)
	if len(a) != 4 || len(b) != 7 {
		t.Fatalf("fleets of %d and %d servers, want 4 and 7", len(a), len(b))
	}
	for _, id := range b {
		if slices.Contains(a, id) {
			t.Fatalf("server %s appears in both accounts' answers", id)
		}
	}
	// Asking again (from cache) must still keep them apart.
	if again := ids(first); !slices.Equal(again, a) {
		t.Fatalf("first data source now sees %v, want %v", again, a)
	}
}
