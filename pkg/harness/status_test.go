package harness

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestErrorStatuses: bad input is the user's request (400, plugin); SCP's 4xx and 5xx keep
// their status (downstream), beside a good query that still answers.
func TestErrorStatuses(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2, Seed: 10})
	ds := dataSourceFor(url, sim.RefreshToken())
	now := time.Now()
	q := func(refID string, model map[string]any) Query {
		return Query{RefID: refID, JSON: model, From: now.Add(-time.Hour), To: now}
	}
	rsp, err := p.QueryData(ctx, ds,
		q("good", map[string]any{"queryType": "servers"}),
		q("unknownType", map[string]any{"queryType": "nonsense"}),
		q("unknownServer", map[string]any{"queryType": "serverStatus", "serverMode": "ids", "serverIds": []string{"4242"}}),
		q("hours", map[string]any{"queryType": "raw", "path": "/api/v1/servers/1/metrics/cpu", "params": map[string]string{"hours": "5000"}}),
		q("notFound", map[string]any{"queryType": "raw", "path": "/api/v1/servers/1/disks"}),
		q("unprocessable", map[string]any{"queryType": "raw", "path": "/api/v1/rdns/ipv4/192.0.2.1"}),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		status backend.Status
		source backend.ErrorSource
	}{
		"unknownType":   {backend.StatusBadRequest, backend.ErrorSourcePlugin},
		"unknownServer": {backend.StatusBadRequest, backend.ErrorSourcePlugin},
		"hours":         {backend.StatusBadRequest, backend.ErrorSourcePlugin},
		"notFound":      {backend.StatusNotFound, backend.ErrorSourceDownstream},
		"unprocessable": {422, backend.ErrorSourceDownstream},
	}
	for refID, w := range want {
		r := rsp.Responses[refID]
		if r.Error == nil || r.Status != w.status || r.ErrorSource != w.source {
			t.Errorf("%s: %v, status %d, source %q; want status %d, source %q", refID, r.Error, r.Status, r.ErrorSource, w.status, w.source)
		}
	}
	if r := rsp.Responses["good"]; r.Error != nil || len(r.Frames) == 0 {
		t.Errorf("the good query beside them: %v", r.Error)
	}

	sim.SetFaults(simulator.Faults{Maintenance: true})
	rsp, err = p.QueryData(ctx, ds, q("maintenance", map[string]any{"queryType": "serverStatus"}))
	if err != nil {
		t.Fatal(err)
	}
	if r := rsp.Responses["maintenance"]; r.Status != 503 || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("maintenance: %v, status %d, source %q; want 503 downstream", r.Error, r.Status, r.ErrorSource)
	}
}
