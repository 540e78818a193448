package query

import (
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func variableQuery(kind string, ids ...string) answer.Request {
	q := models.Query{QueryType: models.QueryTypeVariable, VariableKind: kind}
	if len(ids) > 0 {
		q.ServerMode, q.ServerIDs = models.ServerModeIDs, ids
	}
	return newRequest(q)
}

func TestVariableGoldens(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	ids := sim.ServerIDs()
	// Two servers, as "$server" sends them: disks and interfaces of just those.
	selected := "{" + strconv.Itoa(int(ids[0])) + "," + strconv.Itoa(int(ids[1])) + "}"
	for _, tc := range []struct {
		golden string
		req    answer.Request
	}{
		{"variable_servers", variableQuery("")},
		{"variable_disks", variableQuery(VariableDisks, selected)},
		{"variable_interfaces", variableQuery(VariableInterfaces, selected)},
		{"variable_sites", variableQuery(VariableSites)},
		{"variable_states", variableQuery(VariableStates)},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			rsp := Variable(ctx, client, tc.req)
			answertest.CheckGolden(t, tc.golden, rsp)
			assertOptions(t, rsp)
		})
	}
}

// assertOptions checks the shape Grafana's variable support reads: fields text and value,
// both strings, values unique.
func assertOptions(t *testing.T, rsp backend.DataResponse) {
	t.Helper()
	if len(rsp.Frames) != 1 {
		t.Fatalf("frames = %d, want 1", len(rsp.Frames))
	}
	frame := rsp.Frames[0]
	if len(frame.Fields) != 2 || frame.Fields[0].Name != "text" || frame.Fields[1].Name != "value" {
		t.Fatalf("fields = %v, want text and value", frame.Fields)
	}
	for _, f := range frame.Fields {
		if f.Type() != data.FieldTypeString {
			t.Errorf("%s is %s, want string", f.Name, f.Type())
		}
	}
	seen := map[string]bool{}
	for i := 0; i < frame.Fields[1].Len(); i++ {
		v := frame.Fields[1].At(i).(string)
		if v == "" || seen[v] {
			t.Errorf("value %q is empty or repeated", v)
		}
		seen[v] = true
	}
	if len(seen) == 0 {
		t.Error("no options")
	}
}

func TestVariableServersFollowTheSelection(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	id := strconv.Itoa(int(sim.ServerIDs()[2]))
	rsp := Variable(ctx, client, variableQuery(VariableServers, id))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if got := rsp.Frames[0].Fields[1].At(0); got != id || rsp.Frames[0].Fields[1].Len() != 1 {
		t.Errorf("values = %v, want just %s", rsp.Frames[0].Fields[1], id)
	}
}

func TestVariableDisksAreDeduplicated(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Variable(ctx, client, variableQuery(VariableDisks))
	assertOptions(t, rsp)
	total := 0
	for _, id := range sim.ServerIDs() {
		disks, err := client.Disks(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		total += len(disks)
	}
	// Servers share disk names (vda…), so the fleet has more disks than distinct names.
	if rows, _ := rsp.Frames[0].RowLen(); rows >= total {
		t.Errorf("%d options for %d disks: names shared between servers were not merged", rows, total)
	}
}

func TestVariableUnknownKind(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	sim.ResetCalls()
	rsp := Variable(ctx, client, variableQuery("snapshots"))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("error = %v (%s), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
	if !strings.Contains(rsp.Error.Error(), "servers, disks, interfaces, sites, states") {
		t.Errorf("error %q does not list the kinds", rsp.Error)
	}
	if len(sim.CallLog()) != 0 {
		t.Error("an unknown kind still called SCP")
	}
}
