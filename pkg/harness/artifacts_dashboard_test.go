package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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

// repoPath is rel inside the repository.
func repoPath(t *testing.T, rel string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, rel)
}

func readRepoFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(repoPath(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadDashboard(t *testing.T) map[string]any {
	t.Helper()
	dash, err := ReadDashboard(repoPath(t, dashboardPath))
	if err != nil {
		t.Fatal(err)
	}
	return dash.model
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
	if ids == nil {
		ids = []string{allValue}
	}
	return interpolate(model, map[string][]string{"server": ids})
}

// jsRegex turns a Grafana "/…/" field pattern into its Go body; plain names match exactly.
func jsRegex(pattern string) string {
	if len(pattern) > 1 && strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") {
		return pattern[1 : len(pattern)-1]
	}
	return pattern
}

// TestDashboardRequestsAreTheDefaultView checks the requests the benchmark sends for the
// shipped dashboard: one per panel outside collapsed rows and one per annotation, over the
// default six hours at Grafana's interval for their width, with $server at All.
func TestDashboardRequestsAreTheDefaultView(t *testing.T) {
	dash, err := ReadDashboard(repoPath(t, dashboardPath))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	variables, err := dash.VariableRequests(now)
	if err != nil || len(variables) != 1 || variables[0].Title != "server" {
		t.Fatalf("variable requests %v (%v), want the one of $server", variables, err)
	}
	ids := []string{"101", "102"}
	requests, err := dash.Requests(now, map[string][]string{"server": ids})
	if err != nil {
		t.Fatal(err)
	}
	wantPanels := 0
	for _, p := range objects(dash.model["panels"]) {
		if p["type"] != "row" {
			wantPanels++
		}
	}
	if len(requests) != wantPanels+2 {
		t.Errorf("%d requests, want %d top-level panels and 2 annotations", len(requests), wantPanels)
	}
	for _, r := range requests {
		annotation := strings.HasPrefix(r.Title, "annotation")
		want := Query{From: now.Add(-6 * time.Hour), To: now, MaxDataPoints: 1000, Interval: 20 * time.Second}
		if annotation {
			want.RefID, want.MaxDataPoints, want.Interval = "Anno", 1920, 10*time.Second
		}
		for _, q := range r.Queries {
			if !q.From.Equal(want.From) || !q.To.Equal(want.To) || q.MaxDataPoints != want.MaxDataPoints ||
				q.Interval != want.Interval || annotation && q.RefID != want.RefID {
				t.Errorf("%s %s: %+v, want %+v", r.Title, q.RefID, q, want)
			}
			if got, ok := q.JSON["serverIds"]; ok && (q.JSON["serverMode"] != "ids" || !slices.Equal(objectsOrStrings(got), ids)) {
				t.Errorf("%s %s: serverMode %v, serverIds %v; All without a custom all value sends every option %v",
					r.Title, q.RefID, q.JSON["serverMode"], got, ids)
			}
		}
	}
}
