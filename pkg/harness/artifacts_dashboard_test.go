package harness

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dashboardPath is the dashboard the plugin ships (plugin.json includes it).
const dashboardPath = "src/dashboards/netcup-scp.json"

// dashboardQuery is one query of the shipped dashboard and what consumes its frames.
type dashboardQuery struct {
	// where names the query for failure messages: `panel "CPU" A`, `annotation "SCP tasks"`.
	where string
	// kind is the panel type, "annotation" or "variable".
	kind string
	// panel is the panel's JSON (nil for annotations and variables).
	panel map[string]any
	model map[string]any
	// repeated is set for panels of a row repeated per $server: each copy shows one server.
	repeated bool
}

func readRepoFile(t *testing.T, rel string) []byte {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadDashboard(t *testing.T) map[string]any {
	t.Helper()
	var dash map[string]any
	if err := json.Unmarshal(readRepoFile(t, dashboardPath), &dash); err != nil {
		t.Fatalf("%s: %v", dashboardPath, err)
	}
	return dash
}

// dashboardPanels lists every panel, the ones inside collapsed rows included, with the row
// each sits in (nil at the top level).
func dashboardPanels(dash map[string]any) (panels, rows []map[string]any) {
	for _, p := range objects(dash["panels"]) {
		panels, rows = append(panels, p), append(rows, nil)
		for _, nested := range objects(p["panels"]) {
			panels, rows = append(panels, nested), append(rows, p)
		}
	}
	return panels, rows
}

// dashboardQueries lists every query the dashboard sends: panel targets, annotation and
// variable queries.
func dashboardQueries(dash map[string]any) []dashboardQuery {
	var out []dashboardQuery
	panels, rows := dashboardPanels(dash)
	for i, p := range panels {
		for _, target := range objects(p["targets"]) {
			out = append(out, dashboardQuery{
				where: fmt.Sprintf("panel %q %v", p["title"], target["refId"]),
				kind:  str(p["type"]), panel: p, model: target,
				repeated: rows[i] != nil && rows[i]["repeat"] == "server",
			})
		}
	}
	for _, a := range objects(object(dash["annotations"])["list"]) {
		if target := object(a["target"]); a["builtIn"] == nil && target != nil {
			out = append(out, dashboardQuery{where: fmt.Sprintf("annotation %q", a["name"]), kind: "annotation", model: target})
		}
	}
	for _, v := range objects(object(dash["templating"])["list"]) {
		if query := object(v["query"]); v["type"] == "query" && query != nil {
			out = append(out, dashboardQuery{where: fmt.Sprintf("variable %q", v["name"]), kind: "variable", model: query})
		}
	}
	return out
}

// withServers interpolates $server as the frontend does (src/templating.ts): All (nil ids)
// turns the query into serverMode all without ids, picked servers become the id list.
func withServers(model map[string]any, ids []string) map[string]any {
	out := maps.Clone(model)
	if _, ok := out["serverIds"]; !ok {
		return out
	}
	if ids == nil {
		out["serverMode"] = "all"
		delete(out, "serverIds")
		return out
	}
	var picked []any
	for _, id := range objectsOrStrings(model["serverIds"]) {
		if id == "$server" || id == "${server}" {
			for _, v := range ids {
				picked = append(picked, v)
			}
		} else {
			picked = append(picked, id)
		}
	}
	out["serverIds"] = picked
	return out
}

// Loose JSON accessors: the dashboard is checked against expectations, not decoded into types.

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

// jsRegex turns a Grafana "/…/" field pattern into its Go body; plain names match exactly.
func jsRegex(pattern string) string {
	if len(pattern) > 1 && strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") {
		return pattern[1 : len(pattern)-1]
	}
	return pattern
}
