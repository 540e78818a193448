package harness

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// frameProblems says what keeps a query's frames from feeding their consumer: the panel type,
// an annotation or a variable. ids is the server selection (nil: all servers).
func frameProblems(q dashboardQuery, frames data.Frames, ids []string) []string {
	if len(frames) == 0 {
		return []string{"no frames"}
	}
	var problems []string
	for _, f := range frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				if n.Severity == data.NoticeSeverityWarning {
					problems = append(problems, "incomplete: "+n.Text)
				}
			}
		}
	}
	switch q.kind {
	case "timeseries":
		problems = append(problems, seriesProblems(frames, ids)...)
	case "stat", "bargauge", "piechart":
		if reducedField(q.panel) == "" { // a named field may come from any frame type
			problems = append(problems, numericProblems(frames, ids, perServer(q.model))...)
		}
	case "table":
		problems = append(problems, tableProblems(frames, ids, false)...)
	case "annotation":
		problems = append(problems, tableProblems(frames, ids, true)...)
	case "variable":
		problems = append(problems, variableProblems(frames)...)
	default:
		problems = append(problems, fmt.Sprintf("panel type %q has no expectation here", q.kind))
	}
	return problems
}

func frameType(f *data.Frame) data.FrameType {
	if f.Meta == nil {
		return ""
	}
	return f.Meta.Type
}

// valueFields are a frame's numeric fields: the series or numbers panels draw.
func valueFields(f *data.Frame) []*data.Field {
	var out []*data.Field
	for _, field := range f.Fields {
		if field.Type().Numeric() {
			out = append(out, field)
		}
	}
	return out
}

// labelProblems checks that a value carries the server labels and belongs to the selection.
func labelProblems(where string, labels data.Labels, ids []string) []string {
	id, ok := labels["server_id"]
	switch {
	case !ok:
		return []string{fmt.Sprintf("%s has no server_id label (labels %v)", where, labels)}
	case ids != nil && !slices.Contains(ids, id):
		return []string{fmt.Sprintf("%s is of server %s, which was not selected (%v)", where, id, ids)}
	}
	for _, l := range []string{"server", "nickname"} {
		if _, ok := labels[l]; !ok {
			return []string{fmt.Sprintf("%s has no %s label", where, l)}
		}
	}
	return nil
}

func seriesProblems(frames data.Frames, ids []string) []string {
	var problems []string
	for _, f := range frames {
		if frameType(f) != data.FrameTypeTimeSeriesMulti {
			problems = append(problems, fmt.Sprintf("frame %q is %q, a time series panel needs timeseries-multi", f.Name, frameType(f)))
			continue
		}
		if f.TimeSeriesSchema().Type != data.TimeSeriesTypeWide {
			problems = append(problems, fmt.Sprintf("frame %q has no time and value fields", f.Name))
			continue
		}
		for _, v := range valueFields(f) {
			problems = append(problems, labelProblems(fmt.Sprintf("series %q", f.Name), v.Labels, ids)...)
		}
	}
	return problems
}

// perServer reports a query that picks servers, so its numbers must carry the server labels.
func perServer(model map[string]any) bool {
	return model["serverMode"] != nil || model["serverIds"] != nil
}

// numericProblems checks numeric-multi frames: one number per frame and, for per-server
// queries, labelled with its server (or device), every selected server present.
func numericProblems(frames data.Frames, ids []string, perServer bool) []string {
	var problems []string
	seen := map[string]bool{}
	for _, f := range frames {
		values := valueFields(f)
		if frameType(f) != data.FrameTypeNumericMulti || len(values) != 1 {
			problems = append(problems, fmt.Sprintf("frame %q is %q with %d numbers, want numeric-multi with one", f.Name, frameType(f), len(values)))
			continue
		}
		if perServer {
			problems = append(problems, labelProblems(fmt.Sprintf("number %q", f.Name), values[0].Labels, ids)...)
			seen[values[0].Labels["server_id"]] = true
		}
	}
	for _, id := range ids {
		if perServer && !seen[id] {
			problems = append(problems, fmt.Sprintf("selected server %s has no number", id))
		}
	}
	return problems
}

// tableProblems checks table frames; annotations also need time, title and text. Over the
// whole fleet every table must have rows; a few picked servers may have no tasks or snapshots.
func tableProblems(frames data.Frames, ids []string, annotation bool) []string {
	var problems []string
	rows := 0
	for _, f := range frames {
		if frameType(f) != data.FrameTypeTable {
			problems = append(problems, fmt.Sprintf("frame %q is %q, want a table", f.Name, frameType(f)))
			continue
		}
		n, _ := f.RowLen()
		rows += n
		if annotation {
			for _, name := range []string{"time", "title", "text"} {
				if field, _ := f.FieldByName(name); field == nil {
					problems = append(problems, fmt.Sprintf("annotation frame %q has no %s field", f.Name, name))
				}
			}
		}
		if ids == nil {
			continue
		}
		for _, name := range []string{"id", "serverId", "server_id"} {
			field, _ := f.FieldByName(name)
			for i := 0; field != nil && i < field.Len(); i++ {
				if v, ok := field.ConcreteAt(i); ok && !slices.Contains(ids, fmt.Sprint(v)) {
					problems = append(problems, fmt.Sprintf("row %d of %q is of server %v, which was not selected", i, f.Name, v))
				}
			}
		}
	}
	if rows == 0 && ids == nil {
		problems = append(problems, "the table has no rows")
	}
	return problems
}

func variableProblems(frames data.Frames) []string {
	f := frames[0]
	text, _ := f.FieldByName("text")
	value, _ := f.FieldByName("value")
	if len(frames) != 1 || text == nil || value == nil || text.Len() == 0 {
		return []string{"a variable needs one frame with text and value rows"}
	}
	return nil
}

// reducedField is the field pattern a stat, bar gauge or pie chart reduces ("" for all numbers).
func reducedField(panel map[string]any) string {
	return str(object(object(panel["options"])["reduceOptions"])["fields"])
}

// fieldNames are the names a panel's frames carry, keyed by refId.
func fieldNames(frames map[string]data.Frames) map[string][]string {
	out := map[string][]string{}
	for ref, fs := range frames {
		for _, f := range fs {
			for _, field := range f.Fields {
				if !slices.Contains(out[ref], field.Name) {
					out[ref] = append(out[ref], field.Name)
				}
			}
		}
	}
	return out
}

// referenceProblems checks that every field name a panel's transformations, overrides, reduce
// options and display names refer to exists in its frames (or is made by an earlier
// transformation), so a renamed backend column fails here instead of leaving an empty column.
func referenceProblems(panel map[string]any, frames map[string]data.Frames) []string {
	byRef := fieldNames(frames)
	var all []string
	for _, names := range byRef {
		all = append(all, names...)
	}
	var problems []string
	need := func(what, name string, pool []string) {
		if !slices.Contains(pool, name) {
			known := slices.Compact(slices.Sorted(slices.Values(pool)))
			problems = append(problems, fmt.Sprintf("%s refers to field %q, which no frame has (fields: %s)", what, name, strings.Join(known, ", ")))
		}
	}
	for i, tr := range objects(panel["transformations"]) {
		what := fmt.Sprintf("transformation %d (%s)", i+1, tr["id"])
		pool := all
		if ref := str(object(tr["filter"])["options"]); ref != "" {
			pool = append(slices.Clone(byRef[ref]), all...)
		}
		opts := object(tr["options"])
		switch tr["id"] {
		case "groupBy":
			for name, cfg := range object(opts["fields"]) {
				need(what, name, pool)
				for _, agg := range objectsOrStrings(object(cfg)["aggregations"]) {
					all = append(all, fmt.Sprintf("%s (%s)", name, agg))
				}
			}
		case "calculateField":
			if binary := object(opts["binary"]); binary != nil {
				need(what, str(binary["left"]), all)
				need(what, str(binary["right"]), all)
			}
			all = append(all, str(opts["alias"]))
		case "organize":
			for _, key := range []string{"excludeByName", "indexByName", "renameByName"} {
				for name := range object(opts[key]) {
					need(what, name, all)
				}
			}
			for _, to := range object(opts["renameByName"]) {
				all = append(all, str(to))
			}
		case "joinByField":
			need(what, str(opts["byField"]), all)
		case "filterFieldsByName":
			for _, name := range objectsOrStrings(object(opts["include"])["names"]) {
				need(what, name, pool)
			}
		case "convertFieldType":
			for _, c := range objects(opts["conversions"]) {
				need(what, str(c["targetField"]), pool)
			}
		case "concatenate":
		default:
			problems = append(problems, fmt.Sprintf("%s: no reference check for this transformation", what))
		}
	}
	config := object(panel["fieldConfig"])
	for _, o := range objects(config["overrides"]) {
		if m := object(o["matcher"]); m["id"] == "byName" {
			need("override", str(m["options"]), all)
		}
	}
	if pattern := reducedField(panel); pattern != "" {
		if !slices.ContainsFunc(all, regexp.MustCompile(jsRegex(pattern)).MatchString) {
			problems = append(problems, fmt.Sprintf("reduce options: fields %q match no field", pattern))
		}
	}
	problems = append(problems, displayLabelProblems(str(object(config["defaults"])["displayName"]), frames)...)
	return problems
}

var labelRef = regexp.MustCompile(`\$\{__field\.labels\.([A-Za-z_]+)\}`)

// displayLabelProblems checks that the labels a display name shows exist on every number.
func displayLabelProblems(displayName string, frames map[string]data.Frames) []string {
	var problems []string
	for _, m := range labelRef.FindAllStringSubmatch(displayName, -1) {
		for _, fs := range frames {
			for _, f := range fs {
				for _, v := range valueFields(f) {
					if _, ok := v.Labels[m[1]]; !ok {
						problems = append(problems, fmt.Sprintf("display name uses label %q, which %q lacks", m[1], f.Name))
					}
				}
			}
		}
	}
	return problems
}
