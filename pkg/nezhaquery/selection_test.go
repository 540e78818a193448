package nezhaquery

import (
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestSelection(t *testing.T) {
	// Seed 1, 6 servers: tags prod, staging, "", prod, staging, ""; v2 puts server 1 in "edge" too.
	cases := []struct {
		name    string
		version string
		q       models.Query
		want    []string // server ids
	}{
		{"all", "v0", models.Query{}, []string{"1", "2", "3", "4", "5", "6"}},
		{"v0 tag", "v0", models.Query{Tag: "prod"}, []string{"1", "4"}},
		{"v2 group", "v2", models.Query{Tag: "prod"}, []string{"1", "4"}},
		{"v2 second group", "v2", models.Query{Tag: "edge"}, []string{"1"}},
		{"several tags", "v0", models.Query{Tag: "{prod,staging}"}, []string{"1", "2", "4", "5"}},
		{"tag All", "v0", models.Query{Tag: "$__all"}, []string{"1", "2", "3", "4", "5", "6"}},
		{"unknown tag", "v0", models.Query{Tag: "nope"}, nil},
		{"ids", "v2", models.Query{ServerMode: models.ServerModeIDs, ServerIDs: []string{"3,1", "3"}}, []string{"3", "1"}},
		{"ids within a tag", "v0", models.Query{ServerMode: models.ServerModeIDs, ServerIDs: []string{"1", "2"}, Tag: "prod"}, []string{"1"}},
		{"regex", "v0", models.Query{ServerMode: models.ServerModeRegex, ServerRegex: "-(db|dns)-"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			client, _ := newEnv(t, simulator.NezhaOptions{Version: c.version, Servers: 6, Seed: 1})
			c.q.QueryType = models.QueryTypeNezhaServers
			rsp := Servers(ctx, client, newRequest(c.q))
			if rsp.Error != nil {
				t.Fatal(rsp.Error)
			}
			got := columnStrings(t, rsp.Frames[0], "id")
			if c.name == "regex" { // names are seeded; check the pattern instead of ids
				names := columnStrings(t, rsp.Frames[0], "name")
				if len(names) == 0 || len(names) == 6 {
					t.Fatalf("regex kept %v; the test needs some but not all servers", names)
				}
				for _, name := range names {
					if !strings.Contains(name, "-db-") && !strings.Contains(name, "-dns-") {
						t.Errorf("regex kept %s", name)
					}
				}
				return
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("selected %v, want %v", got, c.want)
			}
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	client, _ := newEnv(t, simulator.NezhaOptions{Version: "v0", Servers: 3})
	for q, want := range map[*models.Query]string{
		{ServerMode: models.ServerModeIDs, ServerIDs: []string{"42"}}:  "server id 42 is not among this Nezha dashboard's 3 servers",
		{ServerMode: models.ServerModeIDs, ServerIDs: []string{"web"}}: `server id "web" is not a number`,
		{ServerMode: models.ServerModeRegex, ServerRegex: "("}:         "server regex",
	} {
		q.QueryType = models.QueryTypeNezhaStatus
		rsp := Status(ctx, client, newRequest(*q))
		if rsp.Error == nil || !strings.Contains(rsp.Error.Error(), want) || rsp.ErrorSource != backend.ErrorSourcePlugin {
			t.Errorf("got %v (%s), want a plugin error containing %q", rsp.Error, rsp.ErrorSource, want)
		}
	}
}

// columnStrings is a column's values as text.
func columnStrings(t *testing.T, frame *data.Frame, name string) []string {
	t.Helper()
	f, _ := frame.FieldByName(name)
	if f == nil {
		t.Fatalf("frame %s has no column %s", frame.Name, name)
	}
	var out []string
	for i := 0; i < f.Len(); i++ {
		v, _ := f.ConcreteAt(i)
		out = append(out, fmt.Sprint(v))
	}
	return out
}
