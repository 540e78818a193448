package harness

// The requests Grafana sends for a dashboard's default view, read from its JSON model, so that
// the benchmark and the artefact tests send what a browser would.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

const (
	// panelWidthPx is the width panels are modelled at: a panel asks for a point per pixel.
	panelWidthPx = 1000
	// windowWidthPx is the browser window's width, which annotation queries take as maxDataPoints.
	windowWidthPx = 1920
	// allValue is what a multi-value variable set to All sends when it has a custom all value of
	// "$__all"; the frontend then asks the backend for every server.
	allValue = "$__all"
)

// Dashboard is a dashboard's JSON model.
type Dashboard struct {
	model map[string]any
}

// ReadDashboard reads a dashboard JSON file.
func ReadDashboard(path string) (*Dashboard, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{}
	if err := json.Unmarshal(raw, &d.model); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// TimeRange is the dashboard's default time range (time.from, time.to) at now.
func (d *Dashboard) TimeRange(now time.Time) (from, to time.Time, err error) {
	t := object(d.model["time"])
	if from, err = relativeTime(str(t["from"]), now); err != nil {
		return from, to, err
	}
	to, err = relativeTime(str(t["to"]), now)
	return from, to, err
}

// VariableRequests are the requests of the query variables that read this plugin, one each, as
// Grafana sends them when the dashboard loads; each request's title is its variable's name.
// Variables that refresh on every time-range change would run with each refresh: they are
// refused, as Requests does not model them.
func (d *Dashboard) VariableRequests(now time.Time) ([]Panel, error) {
	from, to, err := d.TimeRange(now)
	if err != nil {
		return nil, err
	}
	var out []Panel
	for _, v := range objects(object(d.model["templating"])["list"]) {
		query := object(v["query"])
		if v["type"] != "query" || object(v["datasource"])["type"] != PluginID || query == nil {
			continue
		}
		if v["refresh"] == 2.0 {
			return nil, fmt.Errorf("variable %q refreshes on time-range change, which is not modelled", v["name"])
		}
		ref := cmp.Or(str(query["refId"]), "A")
		out = append(out, Panel{Title: str(v["name"]), Queries: []Query{{RefID: ref, JSON: query, From: from, To: to}}})
	}
	return out, nil
}

// VariableValues are the values a variable query answered: its "value" field, as Grafana
// reads variable options.
func VariableValues(res backend.DataResponse) []string {
	var out []string
	for _, f := range res.Frames {
		if field, _ := f.FieldByName("value"); field != nil {
			for i := range field.Len() {
				v, _ := field.ConcreteAt(i)
				out = append(out, fmt.Sprint(v))
			}
		}
	}
	return out
}

// Requests are the requests of one refresh of the dashboard's default view at now, as Grafana
// sends them: one per panel of this plugin (all its targets together), one per annotation
// query. Panels of collapsed rows are not queried until a row is opened, so they are left out.
// options are each query variable's values (VariableValues), which a variable set to All sends.
func (d *Dashboard) Requests(now time.Time, options map[string][]string) ([]Panel, error) {
	from, to, err := d.TimeRange(now)
	if err != nil {
		return nil, err
	}
	values, err := d.variableValues(options)
	if err != nil {
		return nil, err
	}
	var out []Panel
	for _, p := range objects(d.model["panels"]) {
		if str(p["repeat"]) != "" && p["collapsed"] != true || p["libraryPanel"] != nil {
			return nil, fmt.Errorf("panel %q: repeated and library panels are not modelled", p["title"])
		}
		mdp := int64(cmp.Or(num(p["maxDataPoints"]), panelWidthPx))
		interval, err := calculateInterval(to.Sub(from), mdp, str(p["interval"]))
		if err != nil {
			return nil, fmt.Errorf("panel %q: %w", p["title"], err)
		}
		panel := Panel{ID: int64(num(p["id"])), Title: str(p["title"])}
		for _, target := range objects(p["targets"]) {
			ds := object(target["datasource"])
			if ds == nil {
				ds = object(p["datasource"])
			}
			if ds["type"] != PluginID || target["hide"] == true {
				continue
			}
			panel.Queries = append(panel.Queries, Query{RefID: str(target["refId"]), JSON: interpolate(target, values),
				From: from, To: to, MaxDataPoints: mdp, Interval: interval})
		}
		if len(panel.Queries) > 0 {
			out = append(out, panel)
		}
	}
	interval, err := calculateInterval(to.Sub(from), windowWidthPx, "")
	if err != nil {
		return nil, err
	}
	for _, a := range objects(object(d.model["annotations"])["list"]) {
		target := object(a["target"])
		if a["builtIn"] != nil || a["enable"] == false || object(a["datasource"])["type"] != PluginID || target == nil {
			continue
		}
		q := Query{RefID: "Anno", JSON: interpolate(target, values), From: from, To: to, MaxDataPoints: windowWidthPx, Interval: interval}
		q.JSON["refId"] = q.RefID
		out = append(out, Panel{Title: fmt.Sprintf("annotation %q", a["name"]), Queries: []Query{q}})
	}
	return out, nil
}

// variableValues are the values each variable sends at its default: its current value, or for
// All its custom all value, else every option's value (what Grafana does without one).
func (d *Dashboard) variableValues(options map[string][]string) (map[string][]string, error) {
	values := map[string][]string{}
	for _, v := range objects(object(d.model["templating"])["list"]) {
		name, current := str(v["name"]), object(v["current"])["value"]
		if v["type"] == "datasource" {
			continue // every request goes to the data source under test
		}
		picked := objectsOrStrings(current)
		if s, ok := current.(string); ok {
			picked = []string{s}
		}
		if slices.Contains(picked, allValue) {
			picked = options[name]
			if all := str(v["allValue"]); all != "" {
				picked = []string{all}
			} else if picked == nil {
				return nil, fmt.Errorf("variable %q is All: its options are needed", name)
			}
		}
		values[name] = picked
	}
	return values, nil
}

// variableRef matches $name, ${name}, ${name:format} and [[name]].
var variableRef = regexp.MustCompile(`\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::\w+)?\]\]`)

// interpolate applies variable values to a query model as src/templating.ts does: a list entry
// holding a multi-value variable becomes one entry per value (trimmed, without repeats), and an
// All value among the server ids selects every server. Other strings get the values joined by
// commas; unknown variables stay as they are.
func interpolate(model map[string]any, values map[string][]string) map[string]any {
	out := interpolateValue(model, values).(map[string]any)
	if ids, ok := out["serverIds"]; ok && slices.ContainsFunc(objectsOrStrings(ids), models.IsAllValue) {
		out["serverMode"] = "all"
		delete(out, "serverIds")
	}
	return out
}

func interpolateValue(v any, values map[string][]string) any {
	switch v := v.(type) {
	case string:
		return variableRef.ReplaceAllStringFunc(v, func(ref string) string {
			m := variableRef.FindStringSubmatch(ref)
			if vs, ok := values[m[1]+m[2]+m[3]]; ok {
				return strings.Join(vs, ",")
			}
			return ref
		})
	case []any:
		var out []any
		for _, item := range v {
			s, ok := interpolateValue(item, values).(string)
			if !ok {
				out = append(out, item)
				continue
			}
			for _, part := range strings.Split(s, ",") {
				if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, any(part)) {
					out = append(out, part)
				}
			}
		}
		return out
	case map[string]any:
		out := maps.Clone(v)
		for k, item := range v {
			out[k] = interpolateValue(item, values)
		}
		return out
	}
	return v
}

// relativeTime resolves Grafana's "now" and "now-6h"; rounding ("now/d") is not modelled.
func relativeTime(expr string, now time.Time) (time.Time, error) {
	if expr == "now" {
		return now, nil
	}
	ago, ok := strings.CutPrefix(expr, "now-")
	if !ok {
		return time.Time{}, fmt.Errorf("time %q: only now and now-<interval> are modelled", expr)
	}
	d, err := grafanaInterval(ago)
	return now.Add(-d), err
}

// intervalUnits are Grafana's interval units (rangeutil.ts), months and years as 30 and 365 days.
var intervalUnits = map[string]time.Duration{
	"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour,
	"d": 24 * time.Hour, "w": 7 * 24 * time.Hour, "M": 30 * 24 * time.Hour, "y": 365 * 24 * time.Hour,
}

var intervalSyntax = regexp.MustCompile(`^(\d+)(ms|[smhdwMy])$`)

func grafanaInterval(s string) (time.Duration, error) {
	m := intervalSyntax.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("interval %q: want a number and a unit (ms, s, m, h, d, w, M, y)", s)
	}
	n, err := strconv.Atoi(m[1])
	return time.Duration(n) * intervalUnits[m[2]], err
}

// roundedIntervals is rangeutil.ts's roundInterval: below each bound, the interval it rounds to.
var roundedIntervals = []struct{ below, to time.Duration }{
	{10 * time.Millisecond, time.Millisecond}, {15 * time.Millisecond, 10 * time.Millisecond},
	{35 * time.Millisecond, 20 * time.Millisecond}, {75 * time.Millisecond, 50 * time.Millisecond},
	{150 * time.Millisecond, 100 * time.Millisecond}, {350 * time.Millisecond, 200 * time.Millisecond},
	{750 * time.Millisecond, 500 * time.Millisecond}, {1500 * time.Millisecond, time.Second},
	{3500 * time.Millisecond, 2 * time.Second}, {7500 * time.Millisecond, 5 * time.Second},
	{12500 * time.Millisecond, 10 * time.Second}, {17500 * time.Millisecond, 15 * time.Second},
	{25 * time.Second, 20 * time.Second}, {45 * time.Second, 30 * time.Second},
	{90 * time.Second, time.Minute}, {210 * time.Second, 2 * time.Minute},
	{450 * time.Second, 5 * time.Minute}, {750 * time.Second, 10 * time.Minute},
	{1050 * time.Second, 15 * time.Minute}, {1500 * time.Second, 20 * time.Minute},
	{45 * time.Minute, 30 * time.Minute}, {90 * time.Minute, time.Hour},
	{150 * time.Minute, 2 * time.Hour}, {270 * time.Minute, 3 * time.Hour},
	{9 * time.Hour, 6 * time.Hour}, {24 * time.Hour, 12 * time.Hour},
	{7 * 24 * time.Hour, 24 * time.Hour}, {21 * 24 * time.Hour, 7 * 24 * time.Hour},
	{42 * 24 * time.Hour, 30 * 24 * time.Hour},
}

// calculateInterval is rangeutil.ts's calculateInterval: the range over the resolution,
// rounded, at least minInterval (a panel's "interval"; 1 ms without one).
func calculateInterval(span time.Duration, resolution int64, minInterval string) (time.Duration, error) {
	low := time.Millisecond
	if minInterval != "" {
		var err error
		if low, err = grafanaInterval(minInterval); err != nil {
			return 0, err
		}
	}
	raw := span / time.Duration(resolution)
	rounded := 365 * 24 * time.Hour
	for _, r := range roundedIntervals {
		if raw < r.below {
			rounded = r.to
			break
		}
	}
	return max(rounded, low), nil
}

// Loose JSON accessors: dashboards are read for what decides their requests, not decoded into types.

func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func objects(v any) []map[string]any {
	var out []map[string]any
	list, _ := v.([]any)
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func objectsOrStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, item := range list {
		out = append(out, fmt.Sprint(item))
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// num reads a JSON (float64) or YAML (int) number.
func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}
