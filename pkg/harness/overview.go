package harness

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Panel is one panel of a dashboard: its queries go to the plugin in one QueryData request.
type Panel struct {
	// ID is the dashboard panel's id, which Grafana sends with its requests (X-Panel-Id);
	// zero for what is not a panel: annotations, alert rules, Explore.
	ID      int64
	Title   string
	Queries []Query
}

// Headers are the request headers Grafana's query service sets for the panel.
func (p Panel) Headers() map[string]string {
	if p.ID == 0 {
		return nil
	}
	// The SDK carries forwarded HTTP headers as "http_<canonical name>".
	return map[string]string{"http_X-Panel-Id": strconv.FormatInt(p.ID, 10)}
}

// OverviewSet is the panels of a typical fleet dashboard over all servers and the last 6 hours:
// the workload the de-duplication, load and benchmark runs refresh.
func OverviewSet(now time.Time) []Panel {
	from := now.Add(-6 * time.Hour)
	q := func(refID string, model map[string]any) Query {
		return Query{RefID: refID, JSON: model, From: from, To: now, MaxDataPoints: 1000, Interval: time.Minute}
	}
	return []Panel{
		{1, "Servers", []Query{q("A", map[string]any{"queryType": "servers"})}},
		{2, "Fleet table", []Query{q("A", map[string]any{"queryType": "serverStatus"})}},
		{3, "Online", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "running"})}},
		{4, "CPUs", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "cpuCount"})}},
		{5, "Memory", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "memoryBytes"})}},
		{6, "Reboot recommended", []Query{q("A", map[string]any{"queryType": "serverStatus", "field": "rebootRecommended"})}},
		{7, "Monthly traffic", []Query{q("A", map[string]any{"queryType": "traffic"})}},
		{8, "Disks", []Query{q("A", map[string]any{"queryType": "disks"})}},
		{9, "CPU", []Query{q("A", map[string]any{"queryType": "metrics", "metric": "cpu"})}},
		{10, "Network", []Query{q("A", map[string]any{"queryType": "metrics", "metric": "network"})}},
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
			rsp, err := p.QueryPanel(ctx, ds, panel)
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
