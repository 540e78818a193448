package harness

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// maxPeakRSS is what one data source may take of the process, whatever a Viewer sends.
const maxPeakRSS = 200 << 20

// TestViewerCannotGrowThePlugin: a Viewer sends thousands of distinct raw metric queries
// over long ranges (large maps), in requests of 60, and the plugin's peak RSS stays bounded:
// the cache is a budget in bytes, answers are capped, and queries run a bounded number at a
// time. Under -race the figure means nothing, so CI runs it without.
func TestViewerCannotGrowThePlugin(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2, Seed: 11})
	ds := dataSourceFor(url, sim.RefreshToken())
	ds.Role = "Viewer"
	id := sim.ServerIDs()[0]

	const perRequest = 60
	var queries []Query
	distinct, answered, dropped := 0, 0, 0
	send := func() {
		rsp, err := p.QueryData(ctx, ds, queries...)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range queries {
			switch r := rsp.Responses[q.RefID]; {
			case r.Error == nil && len(r.Frames) == 1:
				answered++
			case r.Error != nil && strings.Contains(r.Error.Error(), "the most it holds at once"):
				dropped++ // past the instance's answer budget: dropped with a message, by design
			default:
				t.Fatalf("%v: %v", q.JSON, r.Error)
			}
		}
		queries = queries[:0]
	}
	now := time.Now()
	for _, kind := range []string{"cpu", "network", "disk"} {
		for hours := 721; hours <= 1440; hours++ {
			distinct++
			queries = append(queries, Query{
				RefID: fmt.Sprint("Q", distinct),
				JSON:  map[string]any{"queryType": "raw", "path": fmt.Sprintf("/api/v1/servers/%d/metrics/%s", id, kind), "params": map[string]string{"hours": fmt.Sprint(hours)}},
				From:  now.Add(-time.Hour), To: now,
			})
			if len(queries) == perRequest {
				send()
			}
		}
	}
	if len(queries) > 0 {
		send()
	}
	peak, err := p.PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d distinct raw metric queries (721–1440 h) in requests of %d, as a Viewer: %d answered, %d past the answer budget; plugin peak RSS %.1f MB (VmHWM)",
		distinct, perRequest, answered, dropped, float64(peak)/(1<<20))
	if answered < distinct/3 {
		t.Errorf("only %d of %d queries answered: the budget is too tight for the test to mean much", answered, distinct)
	}
	if peak > maxPeakRSS {
		t.Errorf("peak RSS %.1f MB, over the %d MB bound", float64(peak)/(1<<20), maxPeakRSS>>20)
	}
}
