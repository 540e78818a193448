package query

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// scpFault is an SCP answer forced onto the API paths it matches.
type scpFault struct {
	match  func(path string) bool
	status int
	body   string
}

var notFoundBody = `{"code":"error.notfound","message":"Resource not found"}`

// serverPaths matches every API path of one server.
func serverPaths(id int32, below string) func(string) bool {
	prefix := fmt.Sprintf("%s/api/v1/servers/%d%s", simulator.APIPrefix, id, below)
	return func(path string) bool { return path == prefix || strings.HasPrefix(path, prefix+"/") }
}

// newFaultyClient is newTestClient (5 servers, seed 1) behind a proxy that answers the
// fault's paths itself, for failures the simulator cannot aim at one server.
func newFaultyClient(t *testing.T, fault scpFault) (*scp.Client, *simulator.Simulator) {
	t.Helper()
	return newClientBehind(t, simulator.Options{Servers: 5, Seed: 1}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if fault.match(r.URL.Path) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(fault.status)
				_, _ = w.Write([]byte(fault.body))
				return
			}
			next.ServeHTTP(w, r)
		})
	})
}

// inventoryModes are this part's query types with every mode worth checking ("" = table).
var inventoryModes = []struct {
	queryType string
	handler   Handler
	fields    []string
}{
	{models.QueryTypeServerStatus, ServerStatus, []string{"", "running", "guestAgentAvailable", "rescueActive"}},
	{models.QueryTypeDisks, Disks, []string{"", "usedPercent"}},
	{models.QueryTypeInterfaces, Interfaces, []string{"", "throttled"}},
	{models.QueryTypeTraffic, Traffic, []string{"", "total"}},
	{models.QueryTypeSnapshots, Snapshots, []string{"", "newestSnapshotAgeSeconds"}},
	{models.QueryTypeIPs, IPs, []string{""}},
	{models.QueryTypeGuestAgent, GuestAgent, []string{""}},
}

func responseJSON(t *testing.T, rsp backend.DataResponse) string {
	t.Helper()
	raw, err := json.Marshal(rsp)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// warnings collects the warning notices of all frames.
func warnings(rsp backend.DataResponse) []string {
	var out []string
	for _, f := range rsp.Frames {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if n.Severity == data.NoticeSeverityWarning {
				out = append(out, n.Text)
			}
		}
	}
	return out
}

// columnValues reads a table column as strings ("null" for nulls).
func columnValues(t *testing.T, frame *data.Frame, name string) []string {
	t.Helper()
	field, i := frame.FieldByName(name)
	if i < 0 {
		t.Fatalf("frame %s has no column %q", frame.Name, name)
	}
	out := make([]string, field.Len())
	for j := range out {
		v, ok := field.ConcreteAt(j)
		if !ok {
			out[j] = "null"
			continue
		}
		out[j] = fmt.Sprint(v)
	}
	return out
}

// numericValue is the single value of a numeric-multi frame, nil when null.
func numericValue(frame *data.Frame) *float64 {
	v, _ := frame.Fields[0].At(0).(*float64)
	return v
}

// serversShown lists the server ids a response has data for: numeric frames' server_id
// label, and the per-server tables' serverId (or, for serverStatus, id) column.
func serversShown(t *testing.T, rsp backend.DataResponse) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range rsp.Frames {
		switch {
		case f.Meta.Type == data.FrameTypeNumericMulti:
			seen[f.Fields[0].Labels["server_id"]] = true
		case f.Name == "failoverIps": // account-wide, not per server
		case f.Name == models.QueryTypeServerStatus:
			for _, id := range columnValues(t, f, "id") {
				seen[id] = true
			}
		default:
			for _, id := range columnValues(t, f, "serverId") {
				seen[id] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func TestInventoryQueriesKeepGoingPastABrokenServer(t *testing.T) {
	for _, m := range inventoryModes {
		for _, field := range m.fields {
			t.Run(m.queryType+"/"+field, func(t *testing.T) {
				q := models.Query{QueryType: m.queryType, Field: field}
				healthy, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
				broken := sim.ServerIDs()[2]
				want := slices.DeleteFunc(serversShown(t, m.handler(ctx, healthy, newRequest(q))), func(id string) bool { return id == fmt.Sprint(broken) })
				if len(want) < 2 {
					t.Fatalf("the healthy fleet shows only servers %v; the test needs more", want)
				}

				client, _ := newFaultyClient(t, scpFault{serverPaths(broken, ""), http.StatusNotFound, notFoundBody})
				rsp := m.handler(ctx, client, newRequest(q))
				if rsp.Error != nil {
					t.Fatalf("one broken server sank the query: %v", rsp.Error)
				}
				notices := warnings(rsp)
				if len(notices) != 1 || !strings.Contains(notices[0], fmt.Sprintf("(id %d)", broken)) || !strings.Contains(notices[0], "not found") {
					t.Fatalf("notices = %q, want one naming server %d as not found", notices, broken)
				}
				if got := serversShown(t, rsp); !slices.Equal(got, want) {
					t.Errorf("servers shown = %v, want %v", got, want)
				}
			})
		}
	}
}

func TestInventoryQueriesFailWhenNoServerAnswers(t *testing.T) {
	for _, m := range inventoryModes {
		t.Run(m.queryType, func(t *testing.T) {
			_, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
			broken := sim.ServerIDs()[1]
			client, _ := newFaultyClient(t, scpFault{serverPaths(broken, ""), http.StatusNotFound, notFoundBody})
			rsp := m.handler(ctx, client, newRequest(models.Query{QueryType: m.queryType, ServerMode: models.ServerModeIDs, ServerIDs: []string{fmt.Sprint(broken)}}))
			if rsp.Error == nil {
				t.Fatalf("want an error when the only selected server fails, got %d frames", len(rsp.Frames))
			}
			if rsp.ErrorSource != backend.ErrorSourceDownstream {
				t.Errorf("error source = %q, want downstream (SCP answered 404)", rsp.ErrorSource)
			}
		})
	}
}

func TestInventoryQueriesNeverShowTheRescuePassword(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	status := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus}))
	if !slices.Contains(columnValues(t, status.Frames[0], "rescueActive"), "true") {
		t.Fatal("the fleet has no server in rescue mode; the test would prove nothing")
	}
	for _, m := range inventoryModes {
		for _, field := range m.fields {
			rsp := m.handler(ctx, client, newRequest(models.Query{QueryType: m.queryType, Field: field}))
			body := responseJSON(t, rsp)
			for _, id := range sim.ServerIDs() {
				if pw := sim.RescuePassword(id); pw == "" || strings.Contains(body, pw) {
					t.Errorf("%s/%s: the rescue password of server %d is in the response (or unknown)", m.queryType, field, id)
				}
			}
		}
	}
	if n := sim.Calls()["GET /api/v1/servers/{serverId}/rescuesystem"]; n != 0 {
		t.Errorf("rescuesystem read %d times; rescueActive comes from the server detail", n)
	}
}

func TestNumericFieldsRejectUnknownNames(t *testing.T) {
	for _, m := range inventoryModes {
		if len(m.fields) < 2 {
			continue // table-only types ignore the field
		}
		for _, field := range []string{"bogus", "state", "mac", "device"} {
			if field == "state" && m.queryType != models.QueryTypeServerStatus {
				continue
			}
			t.Run(m.queryType+"/"+field, func(t *testing.T) {
				client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
				rsp := m.handler(ctx, client, newRequest(models.Query{QueryType: m.queryType, Field: field}))
				if rsp.Error == nil {
					t.Fatalf("field %q: want an error", field)
				}
				if rsp.ErrorSource != backend.ErrorSourcePlugin {
					t.Errorf("error source = %q, want plugin", rsp.ErrorSource)
				}
				if !strings.Contains(rsp.Error.Error(), fmt.Sprintf("%q", field)) || !strings.Contains(rsp.Error.Error(), m.fields[1]) {
					t.Errorf("error %q should name the field and list the valid ones (e.g. %s)", rsp.Error, m.fields[1])
				}
				if n := sim.Calls()["GET /api/v1/servers"]; n != 0 {
					t.Errorf("a bad field still read SCP (%d list calls)", n)
				}
			})
		}
	}
}

func TestTableOnlyTypesIgnoreAStaleField(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	for _, h := range []Handler{IPs, GuestAgent} {
		rsp := h(ctx, client, newRequest(models.Query{Field: "cpuCount"}))
		if rsp.Error != nil || rsp.Frames[0].Meta.Type != data.FrameTypeTable {
			t.Errorf("a field left over from another query type broke a table-only type: %v", rsp.Error)
		}
	}
}
