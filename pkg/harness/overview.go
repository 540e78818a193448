package harness

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Panel is one panel of a dashboard: its queries go to the plugin in one QueryData request.
type Panel struct {
	Title   string
	Queries []Query
}

// OverviewSet is the panels of a typical fleet dashboard over all servers and the last 6 hours:
// the workload the de-duplication, load and benchmark runs refresh.
func OverviewSet(now time.Time) []Panel {
	from := now.Add(-6 * time.Hour)
	q := func(refID string, model map[string]any) Query {
		return Query{RefID: refID, JSON: model, From: from, To: now, MaxDataPoints: 1000, Interval: time.Minute}
	}
	return []Panel{
		{"Servers", []Query{q("A", map[string]any{"queryType": "servers"})}},
		{"Fleet table", []Query{q("A", map[string]any{"queryType": "serverStatus"})}},
		{"Online", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "running"})}},
		{"CPUs", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "cpuCount"})}},
		{"Memory", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "memoryBytes"})}},
		{"Reboot recommended", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "rebootRecommended"})}},
		{"Monthly traffic", []Query{q("A", map[string]any{"queryType": "traffic"})}},
		{"Disks", []Query{q("A", map[string]any{"queryType": "disks"})}},
		{"CPU", []Query{q("A", map[string]any{"queryType": "metrics", "metric": "cpu"})}},
		{"Network", []Query{q("A", map[string]any{"queryType": "metrics", "metric": "network"})}},
	}
}

// PanelResult is one panel's answer.
type PanelResult struct {
	Panel    Panel
	Response *backend.QueryDataResponse
	Err      error
}

// Refresh sends every panel's request at once, as a dashboard refresh does, and waits for all.
func (p *Plugin) Refresh(ctx context.Context, ds DataSource, panels []Panel) []PanelResult {
	results := make([]PanelResult, len(panels))
	var wg sync.WaitGroup
	for i, panel := range panels {
		wg.Go(func() {
			rsp, err := p.QueryData(ctx, ds, panel.Queries...)
			results[i] = PanelResult{Panel: panel, Response: rsp, Err: err}
		})
	}
	wg.Wait()
	return results
}

// Complete checks that every panel answered every refId with frames and no error.
func Complete(results []PanelResult) error {
	for _, r := range results {
		if r.Err != nil {
			return fmt.Errorf("%s: %w", r.Panel.Title, r.Err)
		}
		for _, q := range r.Panel.Queries {
			res, ok := r.Response.Responses[q.RefID]
			switch {
			case !ok:
				return fmt.Errorf("%s: no response for refId %s", r.Panel.Title, q.RefID)
			case res.Error != nil:
				return fmt.Errorf("%s: %v", r.Panel.Title, res.Error)
			case len(res.Frames) == 0:
				return fmt.Errorf("%s: no frames", r.Panel.Title)
			}
			for _, f := range res.Frames {
				if f.Meta != nil {
					for _, n := range f.Meta.Notices {
						if n.Severity == data.NoticeSeverityWarning { // a server's data is missing
							return fmt.Errorf("%s: incomplete: %s", r.Panel.Title, n.Text)
						}
					}
				}
			}
		}
	}
	return nil
}
