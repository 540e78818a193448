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
	sim, url := startSimulator(t, artifactFleet)
	env := artifactEnv{plugin: p, ds: dataSourceFor(url, sim.RefreshToken()), now: time.Now()}
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

func TestAlertRulesGiveOneInstancePerServer(t *testing.T) {
	rules := loadAlertRules(t)
	var uids []string
	for _, r := range rules {
		uids = append(uids, r.UID)
	}
	want := []string{"netcup-scp-server-not-running", "netcup-scp-reboot-recommended", "netcup-scp-disk-full",
		"netcup-scp-traffic-throttled", "netcup-scp-api-down", "netcup-scp-task-error"}
	if !slices.Equal(uids, want) {
		t.Errorf("rules %v, want %v", uids, want)
	}
	dataSources := provisionedDataSourceUIDs(t)
	env := startArtifactEnv(t)
	truth := readFleetTruth(t, env)
	for _, r := range rules {
		t.Run(r.UID, func(t *testing.T) {
			problems := structureProblems(r, dataSources)
			q := r.dataQuery()
			frames, err := env.query(t, q.Model, time.Duration(q.RelativeTimeRange.From-q.RelativeTimeRange.To)*time.Second)
			if err != nil {
				problems = append(problems, err.Error())
			} else {
				problems = append(problems, instanceProblems(r, frames, truth)...)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// instanceProblems evaluates a rule over its query's frames and compares the instances, and
// which of them fire, with the fleet as the simulator's tables describe it.
func instanceProblems(r alertRule, frames data.Frames, truth fleetTruth) []string {
	instances, err := r.evaluate(frames)
	if err != nil {
		return []string{err.Error()}
	}
	if len(instances) == 0 {
		return []string{"the query gives no alert instance"}
	}
	expected, perServer := truth.firing(r.UID)
	var problems []string
	servers := map[string]bool{}
	var fired []string
	for _, in := range instances {
		if perServer {
			problems = append(problems, labelProblems("instance "+in.labels.String(), in.labels, nil)...)
			servers[in.labels["server_id"]] = true
		}
		if in.firing {
			fired = append(fired, instanceKey(in.labels))
		}
	}
	if perServer && len(servers) != len(truth.ids) {
		problems = append(problems, fmt.Sprintf("instances cover %d of %d servers", len(servers), len(truth.ids)))
	}
	slices.Sort(fired)
	if !slices.Equal(fired, expected) {
		problems = append(problems, fmt.Sprintf("fires for %v, want %v", fired, expected))
	}
	return problems
}

func instanceKey(labels data.Labels) string {
	if d := labels["device"]; d != "" {
		return labels["server_id"] + "/" + d
	}
	return labels["server_id"]
}

// fleetTruth is what the simulator's fleet looks like, read as tables through the plugin.
type fleetTruth struct {
	ids []string
	// byRule lists the instance keys each rule must fire for.
	byRule map[string][]string
}

func (f fleetTruth) firing(uid string) (keys []string, perServer bool) {
	return f.byRule[uid], uid != "netcup-scp-api-down"
}

func readFleetTruth(t *testing.T, env artifactEnv) fleetTruth {
	t.Helper()
	table := func(model map[string]any) *data.Frame {
		model["refId"] = "T"
		frames, err := env.query(t, model, time.Hour)
		if err != nil || len(frames) == 0 {
			t.Fatalf("reading %v: %v", model, err)
		}
		return frames[0]
	}
	truth := fleetTruth{ids: env.ids, byRule: map[string][]string{}}
	add := func(uid, key string) { truth.byRule[uid] = append(truth.byRule[uid], key) }
	status := table(map[string]any{"queryType": "serverStatus"})
	for i := range status.Rows() {
		id := cell(status, "id", i)
		if cell(status, "state", i) != "RUNNING" {
			add("netcup-scp-server-not-running", id)
		}
		if cell(status, "rebootRecommended", i) == "true" {
			add("netcup-scp-reboot-recommended", id)
		}
	}
	disks := table(map[string]any{"queryType": "disks"})
	for i := range disks.Rows() {
		if used, _ := strconv.ParseFloat(cell(disks, "usedPercent", i), 64); used > 90 {
			add("netcup-scp-disk-full", cell(disks, "serverId", i)+"/"+cell(disks, "device", i))
		}
	}
	ifaces := table(map[string]any{"queryType": "interfaces"})
	for i := range ifaces.Rows() {
		if cell(ifaces, "throttled", i) == "true" {
			add("netcup-scp-traffic-throttled", cell(ifaces, "serverId", i)+"/"+cell(ifaces, "mac", i))
		}
	}
	var all []any
	for _, id := range env.ids {
		all = append(all, id)
	}
	tasks := table(map[string]any{"queryType": "tasks", "taskStates": []any{"ERROR"}, "serverMode": "ids", "serverIds": all})
	for i := range tasks.Rows() {
		if id := cell(tasks, "server_id", i); !slices.Contains(truth.byRule["netcup-scp-task-error"], id) {
			add("netcup-scp-task-error", id)
		}
	}
	for uid := range truth.byRule {
		slices.Sort(truth.byRule[uid])
	}
	if len(truth.byRule["netcup-scp-server-not-running"]) == 0 || len(truth.byRule["netcup-scp-traffic-throttled"]) == 0 {
		t.Fatalf("the simulated fleet lacks a stopped or a throttled server: %v", truth.byRule)
	}
	return truth
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
