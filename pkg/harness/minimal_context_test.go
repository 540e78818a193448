package harness

// Grafana sends less in the plugin context than a signed-in user's panel gets: alert rules and
// other backend-initiated requests carry no user, releases before 10.2 no user agent, and the
// Grafana config, plugin version, API version and namespace depend on the release. The harness
// sends none of those (nor the deprecated numeric data source id), so every harness test runs
// on a minimal context; the tests here also drop the user and use an org other than 1, and
// create the instance under that context.

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestMinimalPluginContext(t *testing.T) {
	p, _ := startPlugin(t)
	sim, url := startSimulator(t, simulator.Options{Servers: 3, Seed: 7})
	// A fresh data source whose every call, the first one that creates the instance included,
	// comes without a user and from org 3.
	ds := dataSourceFor(url, sim.RefreshToken())
	ds.NoUser, ds.OrgID = true, 3
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	t.Run("queries", func(t *testing.T) { checkMinimalQueries(ctx, t, p, ds) })
	t.Run("health", func(t *testing.T) { checkMinimalHealth(ctx, t, p, ds) })
	t.Run("resources", func(t *testing.T) { checkMinimalResources(ctx, t, p, ds, sim) })
}

func checkMinimalQueries(ctx context.Context, t *testing.T, p *Plugin, ds DataSource) {
	now := time.Now()
	cases := []struct {
		model map[string]any
		want  data.FrameType
	}{
		{map[string]any{"queryType": "servers"}, data.FrameTypeTable},
		{map[string]any{"queryType": "serverStatus", "field": "running"}, data.FrameTypeNumericMulti},
		{map[string]any{"queryType": "metrics", "metric": "cpu"}, data.FrameTypeTimeSeriesMulti},
		{map[string]any{"queryType": "maintenance", "field": "secondsUntilStart"}, data.FrameTypeNumericMulti},
		{map[string]any{"queryType": "snapshots", "field": "newestSnapshotAgeSeconds"}, data.FrameTypeNumericMulti},
		{map[string]any{"queryType": "tasks", "field": "count", "taskStates": []string{"ERROR"}}, data.FrameTypeNumericMulti},
	}
	queries := make([]Query, len(cases))
	for i, c := range cases {
		queries[i] = Query{RefID: strconv.Itoa(i), JSON: c.model, From: now.Add(-time.Hour), To: now, MaxDataPoints: 100, Interval: time.Minute}
	}
	rsp, err := p.QueryData(ctx, ds, queries...)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		res := rsp.Responses[strconv.Itoa(i)]
		if res.Error != nil || len(res.Frames) == 0 {
			t.Errorf("%v: error %v, %d frames; want an answer without a user", c.model, res.Error, len(res.Frames))
			continue
		}
		if got := frameType(res.Frames[0]); got != c.want {
			t.Errorf("%v: frame type %q, want %q", c.model, got, c.want)
		}
	}
}

func checkMinimalHealth(ctx context.Context, t *testing.T, p *Plugin, ds DataSource) {
	health, err := p.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != backend.HealthStatusOk || !strings.HasSuffix(health.Message, ": 3 servers") {
		t.Errorf("health = %v %q, want OK with the 3 servers", health.Status, health.Message)
	}
}

func checkMinimalResources(ctx context.Context, t *testing.T, p *Plugin, ds DataSource, sim *simulator.Simulator) {
	get := func(path string, into any) int {
		res, err := p.CallResource(ctx, ds, http.MethodGet, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status == http.StatusOK {
			if err := json.Unmarshal(res.Body, into); err != nil {
				t.Fatalf("%s: %v in %s", path, err, res.Body)
			}
		}
		return res.Status
	}

	var servers []struct{ Value string }
	if status := get("servers", &servers); status != http.StatusOK {
		t.Fatalf("servers: status %d, want 200 without a user", status)
	}
	var ids, wantIDs []string
	for _, s := range servers {
		ids = append(ids, s.Value)
	}
	for _, id := range sim.ServerIDs() {
		wantIDs = append(wantIDs, strconv.Itoa(int(id)))
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("servers lists %v, want %v", ids, wantIDs)
	}

	var paths []struct{ Path string }
	if status := get("raw-paths", &paths); status != http.StatusOK {
		t.Fatalf("raw-paths: status %d, want 200 without a user", status)
	}
	if !slices.ContainsFunc(paths, func(p struct{ Path string }) bool { return p.Path == "/api/v1/servers/{serverId}" }) {
		t.Errorf("raw-paths lists %d paths without /api/v1/servers/{serverId}", len(paths))
	}

	// The sign-in routes hand out the account's token: without a user there is no Admin.
	res, err := p.CallResource(ctx, ds, http.MethodPost, "device/start", []byte("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != http.StatusForbidden {
		t.Errorf("device/start without a user: status %d, want 403", res.Status)
	}
}
