package query

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

func rawQuery(path string, params map[string]string) answer.Request {
	return newRequest(models.Query{QueryType: models.QueryTypeRaw, Path: path, Params: params})
}

func firstServer(t *testing.T, sim *simulator.Simulator) string {
	t.Helper()
	return strconv.Itoa(int(sim.ServerIDs()[0]))
}

func TestRawListGolden(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Raw(ctx, client, rawQuery("/api/v1/servers/{serverId}/interfaces", map[string]string{"serverId": firstServer(t, sim)}))
	answertest.CheckGolden(t, "raw_list", rsp)
}

func TestRawObjectGolden(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Raw(ctx, client, rawQuery("/api/v1/servers/"+firstServer(t, sim), nil))
	answertest.CheckGolden(t, "raw_object", rsp)
}

func TestRawMetricsMapGolden(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Raw(ctx, client, rawQuery("/api/v1/servers/{serverId}/metrics/disk", map[string]string{"serverId": firstServer(t, sim), "hours": "1"}))
	answertest.CheckGolden(t, "raw_metrics", rsp)
	if got := rsp.Frames[0].Meta.Type; got != data.FrameTypeTimeSeriesWide {
		t.Errorf("frame type = %s, want a wide time series", got)
	}
}

func TestRawSendsTheValidatedRequest(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	id := firstServer(t, sim)
	rsp := Raw(ctx, client, rawQuery("/scp-core/api/v1/servers/"+id+"/logs?limit=3", nil))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if n, _ := rsp.Frames[0].RowLen(); n != 3 {
		t.Errorf("rows = %d, want 3 (limit=3)", n)
	}
	if got, want := rsp.Frames[0].Meta.ExecutedQueryString, "GET /api/v1/servers/"+id+"/logs?limit=3"; got != want {
		t.Errorf("executed query = %q, want %q", got, want)
	}
	calls := sim.CallLog()
	last := calls[len(calls)-1]
	if last.Method != http.MethodGet || last.Path != "/scp-core/api/v1/servers/"+id+"/logs" || last.RawQuery != "limit=3" {
		t.Errorf("SCP got %s %s?%s", last.Method, last.Path, last.RawQuery)
	}
	// Timestamps become time columns, so tables sort and format them.
	if f, _ := rsp.Frames[0].FieldByName("date"); f == nil || f.Type() != data.FieldTypeNullableTime {
		t.Errorf("date column = %v, want nullable time", f)
	}
}

func TestRawFillsTheUserID(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	req := rawQuery("/api/v1/users/{userId}", nil)
	req.RawAccess = models.RawAccessAll
	rsp := Raw(ctx, client, req)
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	want := "/api/v1/users/" + strconv.Itoa(int(sim.UserID()))
	if got := rsp.Frames[0].Name; got != want {
		t.Errorf("frame = %q, want %q", got, want)
	}
}

func TestRawArrayParameterRepeats(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Raw(ctx, client, rawQuery("/api/v1/servers", map[string]string{"sort": "-name,nickname", "limit": "2"}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	calls := sim.CallLog()
	if got := calls[len(calls)-1].RawQuery; got != "limit=2&sort=-name&sort=nickname" {
		t.Errorf("query = %q", got)
	}
	if n, _ := rsp.Frames[0].RowLen(); n != 2 {
		t.Errorf("rows = %d, want 2", n)
	}
}

// TestRawRedactsTheRescuePassword reads the rescue system of the server booted into it,
// through both path forms, and looks for the password anywhere in the response.
func TestRawRedactsTheRescuePassword(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	id := rescueServer(t, client, sim)
	password := sim.RescuePassword(id)
	if password == "" {
		t.Fatal("the simulator has no rescue password")
	}
	for _, req := range []answer.Request{
		rawQuery("/api/v1/servers/{serverId}/rescuesystem", map[string]string{"serverId": strconv.Itoa(int(id))}),
		rawQuery("/api/v1/servers/"+strconv.Itoa(int(id))+"/rescuesystem", nil),
	} {
		rsp := Raw(ctx, client, req)
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		body, err := json.Marshal(rsp)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(body), password) {
			t.Fatalf("the rescue password leaked into the response: %s", body)
		}
		if !strings.Contains(string(body), upstream.Redacted) || !strings.Contains(string(body), `"password"`) {
			t.Errorf("want a password row marked %s, got %s", upstream.Redacted, body)
		}
	}
}

func rescueServer(t *testing.T, client *scp.Client, sim *simulator.Simulator) int32 {
	t.Helper()
	for _, id := range sim.ServerIDs() {
		active, err := client.RescueActive(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if active {
			return id
		}
	}
	t.Fatal("no server of the fleet has the rescue system active")
	return 0
}

func TestRawRefusesBeforeCallingSCP(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	id := firstServer(t, sim)
	cases := []struct {
		name, path string
		params     map[string]string
		want       string
	}{
		{"unknown path", "/api/v1/serverz", nil, "the nearest are /api/v1/servers"},
		{"POST-only path", "/api/v1/servers/{serverId}/storageoptimization", map[string]string{"serverId": id}, "has no GET in the SCP API (only POST)"},
		{"PATCH-only path", "/api/v1/users/1/failoverips/v4/7", nil, "only PATCH"},
		{"absolute URL", "https://evil.example/api/v1/servers", nil, "absolute URL"},
		{"scheme-relative URL", "//evil.example/api/v1/servers", nil, "absolute URL"},
		{"dot-dot", "/api/v1/servers/" + id + "/../../openapi", nil, "'..'"},
		{"escaped dot-dot", "/api/v1/servers/%2e%2e/disks", nil, "'..'"},
		{"dot-dot in a param", "/api/v1/servers/{serverId}/disks", map[string]string{"serverId": ".."}, "'..'"},
		{"slash in a param", "/api/v1/servers/{serverId}/disks", map[string]string{"serverId": "1/../2"}, "must not contain '/'"},
		{"missing path param", "/api/v1/servers/{serverId}/disks", nil, `add "serverId" to the query's params`},
		{"unknown query param", "/api/v1/servers/" + id + "/metrics/cpu", map[string]string{"hourz": "24"}, `no query parameter "hourz"; it accepts hours`},
		{"bad param type", "/api/v1/servers/" + id + "/metrics/cpu", map[string]string{"hours": "abc"}, `parameter "hours" in query has an error: value abc: an invalid integer`},
		{"param out of range", "/api/v1/servers/" + id + "/metrics/cpu", map[string]string{"hours": "5000"}, "at most 1440"},
		{"bad path param type", "/api/v1/servers/web1/disks", nil, `parameter "serverId" in path has an error`},
		{"bad enum", "/api/v1/tasks", map[string]string{"state": "DONE"}, "not one of the allowed values"},
		{"conflicting params", "/api/v1/servers/" + id + "/metrics/cpu?hours=2", map[string]string{"hours": "3"}, "given twice"},
		{"spec itself", "/api/v1/openapi", nil, "the API spec itself"},
		{"presigned URL", "/api/v1/servers/" + id + "/gpu-driver", nil, "presigned"},
		{"empty path", "", nil, "has no path"},
	}
	sim.ResetCalls()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rsp := Raw(ctx, client, rawQuery(tc.path, tc.params))
			if rsp.Error == nil {
				t.Fatalf("want an error, got %d frames", len(rsp.Frames))
			}
			if !strings.Contains(rsp.Error.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", rsp.Error, tc.want)
			}
			if rsp.ErrorSource != backend.ErrorSourcePlugin {
				t.Errorf("error source = %q, want plugin", rsp.ErrorSource)
			}
		})
	}
	if calls := sim.CallLog(); len(calls) != 0 {
		t.Errorf("refused queries reached SCP: %v", calls)
	}
}

func TestRawPassesSCPErrorsOn(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	cases := []struct {
		name, path string
		faults     simulator.Faults
		want       string
	}{
		{"404", "/api/v1/servers/1/disks", simulator.Faults{}, "GET /api/v1/servers/1/disks was not found"},
		{"422", "/api/v1/rdns/ipv4/192.0.2.1", simulator.Faults{}, "422"},
		{"503", "/api/v1/servers/" + firstServer(t, sim) + "/snapshots", simulator.Faults{Maintenance: true}, "SCP maintenance"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim.SetFaults(tc.faults)
			defer sim.SetFaults(simulator.Faults{})
			rsp := Raw(ctx, client, rawQuery(tc.path, nil))
			if rsp.Error == nil || !strings.Contains(rsp.Error.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", rsp.Error, tc.want)
			}
			if rsp.ErrorSource != backend.ErrorSourceDownstream {
				t.Errorf("error source = %q, want downstream", rsp.ErrorSource)
			}
		})
	}
}
