package harness

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"gopkg.in/yaml.v3"
)

const (
	alertRulesPath  = "provisioning/alerting/netcup-scp.yaml"
	datasourcesPath = "provisioning/datasources/datasources.yml"
)

// The provisioning format's types, as the loader in alertrules.go reads them.
type (
	alertFile  = provisionedFile
	alertRule  = provisionedRule
	alertQuery = provisionedQuery
)

func loadAlertRules(t *testing.T) []alertRule {
	t.Helper()
	var f alertFile
	if err := yaml.Unmarshal(readRepoFile(t, alertRulesPath), &f); err != nil {
		t.Fatalf("%s: %v", alertRulesPath, err)
	}
	if f.APIVersion != 1 || len(f.Groups) == 0 {
		t.Fatalf("%s: want apiVersion 1 and a group, got %d and %d groups", alertRulesPath, f.APIVersion, len(f.Groups))
	}
	var rules []alertRule
	for _, g := range f.Groups {
		if g.Name == "" || g.Folder == "" || g.Interval == "" {
			t.Errorf("group %q needs a name, folder and interval", g.Name)
		}
		rules = append(rules, g.Rules...)
	}
	return rules
}

// provisionedDataSourceUIDs are the uids datasources.yml gives this plugin's data sources.
func provisionedDataSourceUIDs(t *testing.T) []string {
	t.Helper()
	var f struct {
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, datasourcesPath), &f); err != nil {
		t.Fatalf("%s: %v", datasourcesPath, err)
	}
	var uids []string
	for _, ds := range f.Datasources {
		if ds.Type == PluginID {
			uids = append(uids, ds.UID)
		}
	}
	return uids
}

// structureProblems checks a rule the way Grafana's provisioning would reject it: one query
// of this plugin's provisioned data source, expressions that refer to earlier refIds, and a
// condition that is one of them.
func structureProblems(r alertRule, dataSources []string) []string {
	var problems []string
	if r.UID == "" || r.Title == "" || r.For == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
		problems = append(problems, "needs uid, title, for, a severity label and a summary annotation")
	}
	var refs []string
	queries := 0
	for _, q := range r.Data {
		if q.RefID == "" || q.Model["refId"] != q.RefID {
			problems = append(problems, fmt.Sprintf("query %q: model.refId must equal refId", q.RefID))
		}
		switch q.DatasourceUID {
		case exprDataSourceUID:
			kind := str(q.Model["type"])
			if !slices.Contains([]string{"reduce", "threshold", "math"}, kind) {
				problems = append(problems, fmt.Sprintf("expression %s: unknown type %q", q.RefID, kind))
			}
			if input := str(q.Model["expression"]); kind != "math" && !slices.Contains(refs, input) {
				problems = append(problems, fmt.Sprintf("expression %s reads %q, which is not an earlier refId", q.RefID, input))
			}
		default:
			queries++
			if !slices.Contains(dataSources, q.DatasourceUID) {
				problems = append(problems, fmt.Sprintf("query %s uses data source %q; %s provisions %v", q.RefID, q.DatasourceUID, datasourcesPath, dataSources))
			}
			if q.RelativeTimeRange.From <= q.RelativeTimeRange.To {
				problems = append(problems, fmt.Sprintf("query %s needs a relative time range", q.RefID))
			}
		}
		refs = append(refs, q.RefID)
	}
	if queries != 1 {
		problems = append(problems, fmt.Sprintf("want one data source query, got %d", queries))
	}
	if !slices.Contains(refs, r.Condition) {
		problems = append(problems, fmt.Sprintf("condition %q is no refId", r.Condition))
	}
	return problems
}

// dataQuery is the rule's one query of this plugin.
func (r alertRule) dataQuery() alertQuery {
	for _, q := range r.Data {
		if q.DatasourceUID != exprDataSourceUID {
			return q
		}
	}
	return alertQuery{}
}

// instance is one alert instance: its labels, its reduced value and whether the condition holds.
type instance struct {
	labels data.Labels
	value  float64
	firing bool
}

// evaluate runs the rule's expressions over the query's frames as Grafana's server-side
// expressions do for the shapes used here: numbers (numeric-multi) or series reduced to their
// last value, null values dropped or replaced as the reduce mode says, then the threshold. It
// fails as Grafana does when two instances share a label set.
func (r alertRule) evaluate(frames data.Frames) ([]instance, error) {
	var values []instance
	seen := map[string]bool{}
	threshold, err := r.threshold()
	if err != nil {
		return nil, err
	}
	replacement, err := r.nullReplacement()
	if err != nil {
		return nil, err
	}
	for _, f := range frames {
		switch frameType(f) {
		case data.FrameTypeNumericMulti, data.FrameTypeTimeSeriesMulti:
		default:
			return nil, fmt.Errorf("frame %q is %q: alert rules need numeric-multi or timeseries-multi frames", f.Name, frameType(f))
		}
		for _, v := range valueFields(f) {
			key := v.Labels.String()
			if seen[key] {
				return nil, fmt.Errorf("duplicate results with labels {%s}: Grafana cannot tell the instances apart", key)
			}
			seen[key] = true
			last, ok := lastValue(v)
			if !ok && replacement == nil {
				continue
			}
			if !ok {
				last = *replacement
			}
			values = append(values, instance{labels: v.Labels, value: last, firing: threshold(last)})
		}
	}
	return values, nil
}

func lastValue(f *data.Field) (float64, bool) {
	for i := f.Len() - 1; i >= 0; i-- {
		if v, err := f.NullableFloatAt(i); err == nil && v != nil {
			return *v, true
		}
	}
	return 0, false
}

// nullReplacement is what the rule's reduce expression makes of an empty value: nothing
// (mode dropNN drops it), or the replaceWithValue of mode replaceNN. Grafana refuses other
// modes, and replaceNN without a number.
func (r alertRule) nullReplacement() (*float64, error) {
	for _, q := range r.Data {
		if q.Model["type"] != "reduce" {
			continue
		}
		settings := object(q.Model["settings"])
		switch settings["mode"] {
		case "dropNN":
			return nil, nil
		case "replaceNN":
			if v, ok := yamlNumber(settings["replaceWithValue"]); ok {
				return &v, nil
			}
			return nil, fmt.Errorf("reduce %s: mode replaceNN needs a numeric replaceWithValue", q.RefID)
		}
		return nil, fmt.Errorf("reduce %s: mode %v; use dropNN or replaceNN, so empty values do not fail the rule", q.RefID, settings["mode"])
	}
	return nil, fmt.Errorf("the rule has no reduce expression")
}

// yamlNumber reads a YAML number, which decodes as an int or a float64.
func yamlNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// threshold is the rule's condition as a function of the reduced value.
func (r alertRule) threshold() (func(float64) bool, error) {
	for _, q := range r.Data {
		if q.RefID != r.Condition || q.Model["type"] != "threshold" {
			continue
		}
		conditions := objects(q.Model["conditions"])
		if len(conditions) != 1 {
			break
		}
		evaluator := object(conditions[0]["evaluator"])
		params, _ := evaluator["params"].([]any)
		if len(params) != 1 {
			break
		}
		limit, _ := yamlNumber(params[0])
		switch evaluator["type"] {
		case "gt":
			return func(v float64) bool { return v > limit }, nil
		case "lt":
			return func(v float64) bool { return v < limit }, nil
		}
	}
	return nil, fmt.Errorf("the condition %s is no threshold with one gt or lt evaluator", r.Condition)
}

// provisionedRuleUIDs are the rules alerting/netcup-scp.yaml must hold, in file order.
var provisionedRuleUIDs = []string{"netcup-scp-server-not-running", "netcup-scp-reboot-recommended", "netcup-scp-disk-full",
	"netcup-scp-traffic-throttled", "netcup-scp-api-down", "netcup-scp-task-error",
	"netcup-scp-maintenance-soon", "netcup-scp-snapshot-stale"}

// accountWideRules give one instance for the account, without server labels.
var accountWideRules = []string{"netcup-scp-api-down", "netcup-scp-maintenance-soon"}

// accountInstance is the key of an account-wide instance.
const accountInstance = "account"

// TestAlertRulesFireForTheFleet runs every provisioned rule's query through the compiled plugin
// against the simulator, evaluates the rule and compares which instances fire with the fleet
// as the plugin's tables describe it; the firing instances' summaries and descriptions must
// render with every label filled in.
func TestAlertRulesFireForTheFleet(t *testing.T) {
	rules := loadAlertRules(t)
	var uids []string
	for _, r := range rules {
		uids = append(uids, r.UID)
	}
	if !slices.Equal(uids, provisionedRuleUIDs) {
		t.Errorf("rules %v, want %v", uids, provisionedRuleUIDs)
	}
	dataSources := provisionedDataSourceUIDs(t)
	env := startArtifactEnv(t)
	truth := readAlertTruth(t, env)
	for _, r := range rules {
		t.Run(r.UID, func(t *testing.T) {
			problems := structureProblems(r, dataSources)
			q := r.dataQuery()
			frames, err := env.query(t, q.Model, time.Duration(q.RelativeTimeRange.From-q.RelativeTimeRange.To)*time.Second)
			if err != nil {
				problems = append(problems, err.Error())
			} else {
				problems = append(problems, firingProblems(r, frames, truth)...)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// firingProblems evaluates a rule over its query's frames and compares the instances, and
// which of them fire, with the truth.
func firingProblems(r alertRule, frames data.Frames, truth alertTruth) []string {
	instances, err := r.evaluate(frames)
	if err != nil {
		return []string{err.Error()}
	}
	if len(instances) == 0 {
		return []string{"the query gives no alert instance"}
	}
	perServer := !slices.Contains(accountWideRules, r.UID)
	var problems []string
	servers := map[string]bool{}
	var fired []string
	for _, in := range instances {
		if perServer {
			problems = append(problems, labelProblems("instance "+in.labels.String(), in.labels, nil)...)
			servers[in.labels["server_id"]] = true
		}
		if in.firing {
			fired = append(fired, alertInstanceKey(in.labels))
			problems = append(problems, annotationProblems(r, in)...)
		}
	}
	if perServer && len(servers) != len(truth.ids) {
		problems = append(problems, fmt.Sprintf("instances cover %d of %d servers", len(servers), len(truth.ids)))
	}
	slices.Sort(fired)
	if want := truth.byRule[r.UID]; !slices.Equal(fired, want) {
		problems = append(problems, fmt.Sprintf("fires for %v, want %v", fired, want))
	}
	return problems
}

func alertInstanceKey(labels data.Labels) string {
	switch {
	case labels["server_id"] == "":
		return accountInstance
	case labels["device"] != "":
		return labels["server_id"] + "/" + labels["device"]
	}
	return labels["server_id"]
}

// annotationProblems renders a firing instance's annotations as Grafana does: a Go template
// with $labels and $values, and Prometheus' humanize functions (stand-ins here). An empty
// label shows as "()" or "<no value>".
func annotationProblems(r alertRule, in instance) []string {
	funcs := template.FuncMap{
		"humanize":         func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) },
		"humanizeDuration": func(v float64) string { return (time.Duration(v) * time.Second).String() },
	}
	values := map[string]any{}
	for _, q := range r.Data {
		values[q.RefID] = struct {
			Labels data.Labels
			Value  float64
		}{in.labels, in.value}
	}
	var problems []string
	for _, name := range []string{"summary", "description"} {
		tmpl, err := template.New(name).Funcs(funcs).Parse("{{- $labels := .Labels -}}{{- $values := .Values -}}" + r.Annotations[name])
		var out strings.Builder
		if err == nil {
			err = tmpl.Execute(&out, map[string]any{"Labels": in.labels, "Values": values})
		}
		switch text := out.String(); {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
		case strings.Contains(text, "()") || strings.Contains(text, "<no value>"):
			problems = append(problems, fmt.Sprintf("%s of %s reads %q", name, in.labels, text))
		}
	}
	return problems
}

// alertTruth is what the simulator's fleet looks like, read as tables through the plugin.
type alertTruth struct {
	ids []string
	// byRule lists the sorted instance keys each rule must fire for.
	byRule map[string][]string
}

func readAlertTruth(t *testing.T, env artifactEnv) alertTruth {
	t.Helper()
	table := func(model map[string]any) *data.Frame {
		model["refId"] = "T"
		frames, err := env.query(t, model, time.Hour)
		if err != nil || len(frames) == 0 {
			t.Fatalf("reading %v: %v", model, err)
		}
		return frames[0]
	}
	truth := alertTruth{ids: env.ids, byRule: map[string][]string{}}
	add := func(uid, key string) {
		if !slices.Contains(truth.byRule[uid], key) {
			truth.byRule[uid] = append(truth.byRule[uid], key)
		}
	}
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
		add("netcup-scp-task-error", cell(tasks, "server_id", i))
	}
	maintenance := table(map[string]any{"queryType": "maintenance"})
	for i := range maintenance.Rows() {
		if start, ok := timeCell(maintenance, "time", i); ok && start.After(env.now) && start.Sub(env.now) < 24*time.Hour {
			add("netcup-scp-maintenance-soon", accountInstance)
		}
	}
	snapshots := table(map[string]any{"queryType": "snapshots"})
	newest := map[string]time.Time{}
	for i := range snapshots.Rows() {
		id := cell(snapshots, "serverId", i)
		if created, ok := timeCell(snapshots, "creationTime", i); ok && created.After(newest[id]) {
			newest[id] = created
		}
	}
	for _, id := range env.ids {
		if env.now.Sub(newest[id]) > 7*24*time.Hour { // the zero time of a server without snapshots too
			add("netcup-scp-snapshot-stale", id)
		}
	}
	for uid := range truth.byRule {
		slices.Sort(truth.byRule[uid])
	}
	stale := len(truth.byRule["netcup-scp-snapshot-stale"])
	if len(truth.byRule["netcup-scp-server-not-running"]) == 0 || len(truth.byRule["netcup-scp-traffic-throttled"]) == 0 ||
		len(truth.byRule["netcup-scp-maintenance-soon"]) == 0 || stale == 0 || stale == len(env.ids) || len(newest) == len(env.ids) {
		t.Fatalf("the simulated fleet lacks a stopped or a throttled server, a maintenance within 24 h, or servers with recent, old and no snapshots: %v", truth.byRule)
	}
	return truth
}

// timeCell is a table's time value.
func timeCell(f *data.Frame, name string, row int) (time.Time, bool) {
	field, _ := f.FieldByName(name)
	if field == nil {
		return time.Time{}, false
	}
	v, ok := field.ConcreteAt(row)
	if !ok {
		return time.Time{}, false
	}
	at, ok := v.(time.Time)
	return at, ok
}
