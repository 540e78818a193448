package harness

// Tests of what the plugin ships besides code: the bundled dashboard and the provisioned alert
// rules. Every query they hold runs through the compiled plugin against the simulator, and its
// frames must be what the panel, annotation, variable or rule consuming them needs.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// artifactFleet is big enough for every simulator role (stopped, rescue, reboot, throttled, …).
var artifactFleet = simulator.Options{Servers: 12, Seed: 7}

// currentPanelTypes are the non-Angular panels the dashboard may use.
var currentPanelTypes = []string{"row", "stat", "table", "timeseries", "bargauge", "piechart"}

type artifactEnv struct {
	plugin *Plugin
	ds     DataSource
	ids    []string
	now    time.Time
}

func startArtifactEnv(t *testing.T) artifactEnv {
	t.Helper()
	p, _ := startPlugin(t)
	// The simulator's time stands still, so an answer the plugin fetches again (its lifetime
	// ended, or SCP's next sample came, while a slow machine ran the test) is the same answer.
	now := time.Now()
	fleet := artifactFleet
	fleet.Now = func() time.Time { return now }
	sim, url := startSimulator(t, fleet)
	env := artifactEnv{plugin: p, ds: dataSourceFor(url, sim.RefreshToken()), now: now}
	for _, id := range sim.ServerIDs() {
		env.ids = append(env.ids, strconv.Itoa(int(id)))
	}
	return env
}

// query runs one query over the last `window` and returns its frames.
func (e artifactEnv) query(t *testing.T, model map[string]any, window time.Duration) (data.Frames, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ref := str(model["refId"])
	rsp, err := e.plugin.QueryData(ctx, e.ds, Query{RefID: ref, JSON: model, From: e.now.Add(-window), To: e.now, MaxDataPoints: 1000, Interval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	res := rsp.Responses[ref]
	return res.Frames, res.Error
}

func TestDashboardShape(t *testing.T) {
	dash := loadDashboard(t)
	if dash["uid"] != "netcup-scp-overview" || dash["title"] == "" {
		t.Errorf("uid %v: want the stable uid netcup-scp-overview and a title", dash["uid"])
	}
	if v, _ := dash["schemaVersion"].(float64); v < 41 {
		t.Errorf("schemaVersion %v: want a Grafana 12 schema (41+)", dash["schemaVersion"])
	}
	vars := map[string]map[string]any{}
	for _, v := range objects(object(dash["templating"])["list"]) {
		vars[str(v["name"])] = v
	}
	if ds := vars["datasource"]; ds["type"] != "datasource" || ds["query"] != PluginID {
		t.Errorf("variable datasource = %v, want a data source variable of type %s", ds, PluginID)
	}
	server := vars["server"]
	if server["multi"] != true || server["includeAll"] != true || object(server["query"])["queryType"] != "variable" ||
		object(server["query"])["variableKind"] != "servers" {
		t.Errorf("variable server = %v, want a multi-value query variable with All, over variableKind servers", server)
	}
	wantDS := map[string]any{"type": PluginID, "uid": "${datasource}"}
	check := func(where string, ds any) {
		if got := object(ds); got == nil || got["type"] != wantDS["type"] || got["uid"] != wantDS["uid"] {
			t.Errorf("%s uses data source %v, want %v", where, ds, wantDS)
		}
	}
	check("variable server", server["datasource"])
	panels, _ := dashboardPanels(dash)
	ids := map[float64]bool{}
	for _, p := range panels {
		where := fmt.Sprintf("panel %q", p["title"])
		if !slices.Contains(currentPanelTypes, str(p["type"])) {
			t.Errorf("%s has type %q; use one of %v", where, p["type"], currentPanelTypes)
		}
		id, _ := p["id"].(float64)
		if ids[id] {
			t.Errorf("%s reuses panel id %v", where, id)
		}
		ids[id] = true
		if p["type"] == "row" {
			continue
		}
		check(where, p["datasource"])
		for _, target := range objects(p["targets"]) {
			check(fmt.Sprintf("%s %v", where, target["refId"]), target["datasource"])
		}
	}
	for _, a := range objects(object(dash["annotations"])["list"]) {
		if a["builtIn"] == nil {
			check(fmt.Sprintf("annotation %q", a["name"]), a["datasource"])
		}
	}
	var plugin struct {
		Includes []struct{ Type, Name, Path string } `json:"includes"`
	}
	if err := json.Unmarshal(readRepoFile(t, "src/plugin.json"), &plugin); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(plugin.Includes, func(i struct{ Type, Name, Path string }) bool {
		return i.Type == "dashboard" && "src/"+i.Path == dashboardPath
	}) {
		t.Errorf("src/plugin.json does not include %s as a dashboard", dashboardPath)
	}
}

func TestDashboardQueriesFeedTheirPanels(t *testing.T) {
	dash := loadDashboard(t)
	queries := dashboardQueries(dash)
	env := startArtifactEnv(t)
	selections := []struct {
		name string
		ids  []string // nil: All
	}{{"all servers", nil}, {"two servers", env.ids[1:3]}}
	panelFrames := map[any]map[string]data.Frames{} // panel id -> refId -> frames, from the All run
	for _, sel := range selections {
		for _, q := range queries {
			ids := sel.ids
			if q.repeated { // a repeated row shows one server per copy
				ids = env.ids[:1]
			}
			frames, err := env.query(t, withServers(q.model, ids), 6*time.Hour)
			if err != nil {
				t.Errorf("%s, %s: %v", sel.name, q.where, err)
				continue
			}
			for _, p := range frameProblems(q, frames, ids) {
				t.Errorf("%s, %s: %s", sel.name, q.where, p)
			}
			if q.kind == "variable" {
				values, _ := frames[0].FieldByName("value")
				if got := fieldStrings(values); !slices.Equal(got, env.ids) {
					t.Errorf("%s: values %v, want the fleet's ids %v", q.where, got, env.ids)
				}
			}
			if q.panel != nil && sel.ids == nil {
				id := q.panel["id"]
				if panelFrames[id] == nil {
					panelFrames[id] = map[string]data.Frames{}
				}
				panelFrames[id][str(q.model["refId"])] = frames
			}
		}
	}
	panels, _ := dashboardPanels(dash)
	for _, p := range panels {
		if frames := panelFrames[p["id"]]; frames != nil {
			for _, problem := range referenceProblems(p, frames) {
				t.Errorf("panel %q: %s", p["title"], problem)
			}
		}
	}
}

// cell is a table value as text ("" for null).
func cell(f *data.Frame, name string, row int) string {
	field, _ := f.FieldByName(name)
	if field == nil {
		return ""
	}
	v, ok := field.ConcreteAt(row)
	if !ok {
		return ""
	}
	return fmt.Sprint(v)
}

func fieldStrings(f *data.Field) []string {
	var out []string
	for i := 0; f != nil && i < f.Len(); i++ {
		v, _ := f.ConcreteAt(i)
		out = append(out, fmt.Sprint(v))
	}
	return out
}
