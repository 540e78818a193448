package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// startNezha serves a simulated Nezha dashboard for one test.
func startNezha(t testing.TB, opts simulator.NezhaOptions) (*simulator.NezhaSimulator, string) {
	t.Helper()
	sim := simulator.NewNezha(opts)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return sim, srv.URL
}

// nezhaInstance are the settings Grafana would pass for a Nezha data source; extra adds or
// overrides jsonData keys.
func nezhaInstance(url, version, token string, extra ...map[string]any) backend.DataSourceInstanceSettings {
	fields := map[string]any{"provider": "nezha", "nezhaUrl": url, "nezhaApiVersion": version, "timeoutSeconds": 5}
	for _, e := range extra {
		maps.Copy(fields, e)
	}
	jsonData, _ := json.Marshal(fields)
	secure := map[string]string{}
	if token != "" {
		secure["nezhaToken"] = token
	}
	return backend.DataSourceInstanceSettings{ID: 2, UID: "nezha", Type: "vpsfleet-netcupscp-datasource", JSONData: jsonData, DecryptedSecureJSONData: secure}
}

func TestNezhaCheckHealth(t *testing.T) {
	v0, v0URL := startNezha(t, simulator.NezhaOptions{Version: "v0", Servers: 14})
	v2, v2URL := startNezha(t, simulator.NezhaOptions{Version: "v2", Servers: 14})
	blocked, blockedURL := startNezha(t, simulator.NezhaOptions{Version: "v2", Servers: 2, FirewallAfter: 1})
	// Another client on this IP used a bad token: the firewall blocks the IP.
	if res := checkHealth(t, newTestDatasource(t, nezhaInstance(blockedURL, "v2", "nzp_wrong"))); !strings.Contains(res.Message, "token rejected") {
		t.Fatalf("first bad token: %q", res.Message)
	}
	if !blocked.Blocked() {
		t.Fatal("simulator did not block")
	}
	const bad = "bad-nezha-token-that-must-not-leak"
	cases := []struct {
		name     string
		settings backend.DataSourceInstanceSettings
		status   backend.HealthStatus
		message  string
	}{
		{"v0", nezhaInstance(v0URL, "v0", v0.Token()), backend.HealthStatusOk, "Connected to Nezha v0 at " + v0URL + ": 14 servers"},
		{"v2", nezhaInstance(v2URL, "v2", v2.Token()), backend.HealthStatusOk, "Connected to Nezha v2 at " + v2URL + ": 14 servers"},
		{"auto v0", nezhaInstance(v0URL, "auto", v0.Token()), backend.HealthStatusOk, "Connected to Nezha v0 at "},
		{"auto v2", nezhaInstance(v2URL, "", v2.Token()), backend.HealthStatusOk, "Connected to Nezha v2 at "},
		{"missing token", nezhaInstance(v2URL, "v2", ""), backend.HealthStatusError, "No Nezha API token is configured"},
		{"missing url", nezhaInstance("", "v2", "tok"), backend.HealthStatusError, "No Nezha dashboard URL is configured"},
		{"bad token v0", nezhaInstance(v0URL, "v0", bad), backend.HealthStatusError, "token rejected"},
		{"bad token v2", nezhaInstance(v2URL, "v2", bad), backend.HealthStatusError, "token rejected"},
		{"firewall", nezhaInstance(blockedURL, "v2", blocked.Token()), backend.HealthStatusError, "Nezha's firewall at " + blockedURL},
		{"unreachable", nezhaInstance("http://127.0.0.1:1", "v0", "tok"), backend.HealthStatusError, "Cannot reach the Nezha dashboard at http://127.0.0.1:1"},
		{"wrong version", nezhaInstance(v0URL, "v2", v0.Token()), backend.HealthStatusError, "no such page"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := checkHealth(t, newTestDatasource(t, c.settings))
			if res.Status != c.status || !strings.Contains(res.Message, c.message) {
				t.Fatalf("health = %v %q, want %v containing %q", res.Status, res.Message, c.status, c.message)
			}
			for _, secret := range []string{bad, v0.Token(), v2.Token()} {
				if strings.Contains(res.Message, secret) {
					t.Fatalf("health message contains a token: %q", res.Message)
				}
			}
			t.Logf("%s", res.Message)
		})
	}
}

func nezhaQuery(refID, queryType string, extra string) backend.DataQuery {
	now := time.Now()
	return backend.DataQuery{
		RefID: refID, QueryType: queryType, JSON: []byte(fmt.Sprintf(`{"queryType":%q%s}`, queryType, extra)),
		TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now}, MaxDataPoints: 500, Interval: time.Minute,
	}
}

func TestNezhaQueryData(t *testing.T) {
	sim, url := startNezha(t, simulator.NezhaOptions{Version: "v2", Servers: 5})
	ds := newTestDatasource(t, nezhaInstance(url, "auto", sim.Token()))
	rsp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		nezhaQuery("servers", "nezhaServers", ""),
		nezhaQuery("status", "nezhaStatus", `,"field":"memUsedPercent","tag":"prod"`),
		nezhaQuery("metrics", "nezhaMetrics", `,"metric":"load5"`),
		nezhaQuery("monitors", "nezhaMonitors", `,"serverMode":"ids","serverIds":["1"]`),
		{RefID: "defaulted", JSON: []byte(`{}`)},
		nezhaQuery("scp", "serverStatus", ""),
	}})
	if err != nil {
		t.Fatal(err)
	}
	for refID, frames := range map[string]int{"servers": 1, "status": 2, "metrics": 4, "monitors": 3, "defaulted": 1} {
		r := rsp.Responses[refID]
		if r.Error != nil || len(r.Frames) != frames {
			t.Errorf("%s: %v, %d frames, want %d", refID, r.Error, len(r.Frames), frames)
		}
	}
	if name := rsp.Responses["defaulted"].Frames[0].Name; name != "nezhaServers" {
		t.Errorf("a query without a type answered %s, want nezhaServers", name)
	}
	scp := rsp.Responses["scp"]
	if scp.Error == nil || !strings.Contains(scp.Error.Error(), `query type "serverStatus" reads netcup SCP`) || scp.ErrorSource != backend.ErrorSourcePlugin {
		t.Errorf("SCP type on a Nezha data source: %v (%s)", scp.Error, scp.ErrorSource)
	}
}

func TestNezhaQueryTypeOnSCPDataSource(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 2})
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken()))
	rsp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{nezhaQuery("A", "nezhaStatus", "")}})
	r := rsp.Responses["A"]
	if r.Error == nil || !strings.Contains(r.Error.Error(), "reads a Nezha dashboard, but this data source reads netcup SCP") || r.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("got %v (%s)", r.Error, r.ErrorSource)
	}
}

// A panel of many queries with a bad token sends it once in all.
func TestNezhaBadTokenOneCallPerRequest(t *testing.T) {
	for _, version := range []string{"v0", "v2"} {
		t.Run(version, func(t *testing.T) {
			sim, url := startNezha(t, simulator.NezhaOptions{Version: version, Servers: 4})
			ds := newTestDatasource(t, nezhaInstance(url, version, "wrong-token"))
			var queries []backend.DataQuery
			for i, qt := range []string{"nezhaServers", "nezhaStatus", "nezhaMonitors", "nezhaStatus", "nezhaServers"} {
				queries = append(queries, nezhaQuery(fmt.Sprint("Q", i), qt, ""))
			}
			rsp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
			for refID, r := range rsp.Responses {
				if r.Error == nil || !strings.Contains(r.Error.Error(), "token rejected") || r.ErrorSource != backend.ErrorSourceDownstream {
					t.Errorf("%s: %v (%s)", refID, r.Error, r.ErrorSource)
				}
			}
			if n := sim.TotalCalls(); n != 1 {
				t.Errorf("%d upstream calls, want 1: %+v", n, sim.CallLog())
			}
		})
	}
}

func TestSCPLookupsOnANezhaDataSourceSayTheyDoNotApply(t *testing.T) {
	sim, url := startNezha(t, simulator.NezhaOptions{Version: "v2", Servers: 3})
	ds := newTestDatasource(t, nezhaInstance(url, "v2", sim.Token()))
	for _, path := range []string{"servers", "servers/1/disks", "servers/1/interfaces"} {
		rsp := callResource(t, ds, "GET", path)
		if rsp.status != 400 || !strings.Contains(errorOf(t, rsp), "Nezha") {
			t.Errorf("GET %s: %d %s, want 400 saying the SCP lookups do not apply", path, rsp.status, rsp.body)
		}
	}
}
