package harness

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// editorFields reads the numeric fields the query editor offers per query type from
// src/fields.ts, keyed by the query type's value in src/types.ts.
func editorFields(t *testing.T) map[string][]string {
	t.Helper()
	enum := regexp.MustCompile(`(\w+) = '([^']+)'`).FindAllStringSubmatch(string(readRepoFile(t, "src/types.ts")), -1)
	values := map[string]string{}
	for _, m := range enum {
		values[m[1]] = m[2]
	}
	source := string(readRepoFile(t, "src/fields.ts"))
	block := regexp.MustCompile(`(?s)export const NUMERIC_FIELDS[^=]*= \{(.*?)\n\};`).FindStringSubmatch(source)
	if block == nil {
		t.Fatal("src/fields.ts has no NUMERIC_FIELDS")
	}
	out := map[string][]string{}
	for _, m := range regexp.MustCompile(`(?s)\[QueryType\.(\w+)\]: \[(.*?)\n  \]`).FindAllStringSubmatch(block[1], -1) {
		for _, v := range regexp.MustCompile(`value: '([^']+)'`).FindAllStringSubmatch(m[2], -1) {
			out[values[m[1]]] = append(out[values[m[1]]], v[1])
		}
	}
	return out
}

// TestEditorFieldsAreTheBackends: every numeric field the query editor offers is one the
// backend answers, and the backend's answer to an unknown field names every one of them.
func TestEditorFieldsAreTheBackends(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 3, Seed: 2})
	nezha, nezhaURL := startNezhaSimulator(t, simulator.NezhaOptions{Version: "v2", Servers: 3, Seed: 2})
	scp, nz := dataSourceFor(url, sim.RefreshToken()), nezhaDataSource(nezhaURL, "v2", nezha.Token())
	fields := editorFields(t)
	if len(fields) < 8 {
		t.Fatalf("read numeric fields of %d query types from src/fields.ts, want all of them", len(fields))
	}
	now := time.Now()
	total := 0
	for queryType, names := range fields {
		total += len(names)
		ds := scp
		if strings.HasPrefix(queryType, "nezha") {
			ds = nz
		}
		ask := func(field string) error {
			rsp, err := p.QueryData(ctx, ds, Query{RefID: "A", JSON: map[string]any{"queryType": queryType, "field": field}, From: now.Add(-time.Hour), To: now})
			if err != nil {
				t.Fatal(err)
			}
			return rsp.Responses["A"].Error
		}
		for _, field := range names {
			if err := ask(field); err != nil {
				t.Errorf("%s offers field %q, which the backend refuses: %v", queryType, field, err)
			}
		}
		refusal := ask("no-such-field")
		for _, field := range names {
			if refusal == nil || !strings.Contains(refusal.Error(), field) {
				t.Errorf("%s: an unknown field is answered %v, which does not name the offered field %q", queryType, refusal, field)
			}
		}
	}
	t.Logf("%d numeric fields of %d query types offered by the editor and answered by the backend", total, len(fields))
}
