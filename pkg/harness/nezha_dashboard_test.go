package harness

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestNezhaDashboardQueriesAnswer runs every query of the "netcup SCP + Nezha" dashboard
// through the compiled plugin: $scp queries against the SCP simulator, $nezha queries against a
// Nezha v2 simulator whose first servers carry SCP names, as in the demo.
func TestNezhaDashboardQueriesAnswer(t *testing.T) {
	raw, err := os.ReadFile("../../src/dashboards/netcup-scp-nezha.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash map[string]any
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	scpSim, scpURL := startSimulator(t, simulator.Options{Servers: 6, Seed: 7})
	var names []string
	for _, id := range scpSim.ServerIDs()[:4] {
		names = append(names, scpSim.ServerNames()[id])
	}
	nezhaSim, nezhaURL := startNezhaSimulator(t, simulator.NezhaOptions{Version: "v2", Servers: 6, Names: names})
	sources := map[string]DataSource{
		"${scp}":   dataSourceFor(scpURL, scpSim.RefreshToken()),
		"${nezha}": nezhaDataSource(nezhaURL, "v2", nezhaSim.Token()),
	}

	targets := dashboardTargets(dash)
	if len(targets) < 10 {
		t.Fatalf("found %d queries in the dashboard, want every panel's", len(targets))
	}
	now := time.Now()
	for _, target := range targets {
		uid := object(target["datasource"])["uid"]
		ds, ok := sources[str(uid)]
		if !ok {
			t.Errorf("query %v uses data source %v, want ${scp} or ${nezha}", target, uid)
			continue
		}
		model := map[string]any{}
		for k, v := range target {
			if s, isString := v.(string); isString {
				v = strings.ReplaceAll(s, "$tag", "") // "All" tags
			}
			model[k] = v
		}
		refID := str(model["refId"])
		rsp, err := p.QueryData(ctx, ds, Query{RefID: refID, JSON: model, From: now.Add(-6 * time.Hour), To: now, MaxDataPoints: 500, Interval: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		res := rsp.Responses[refID]
		if res.Error != nil || len(res.Frames) == 0 {
			t.Errorf("%s %s: %v, %d frames", uid, model["queryType"], res.Error, len(res.Frames))
		}
	}
	t.Logf("%d dashboard queries answered through the plugin", len(targets))
}

// dashboardTargets collects the queries of every panel (rows included) and annotation.
func dashboardTargets(dash map[string]any) []map[string]any {
	var out []map[string]any
	var walk func(panels []map[string]any)
	walk = func(panels []map[string]any) {
		for _, panel := range panels {
			out = append(out, objects(panel["targets"])...)
			walk(objects(panel["panels"]))
		}
	}
	walk(objects(dash["panels"]))
	for _, a := range objects(object(dash["annotations"])["list"]) {
		if target := object(a["target"]); target != nil {
			target["datasource"] = a["datasource"]
			out = append(out, target)
		}
	}
	return out
}
