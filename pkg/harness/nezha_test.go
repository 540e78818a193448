package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

var nezhaVersions = []string{"v0", "v2"}

// nezhaTokenMarker is in every token the Nezha simulator issues by default.
const nezhaTokenMarker = "sim-nezha-token-"

// badNezhaToken is a wrong token the tests send; it must not leak either.
const badNezhaToken = "bad-nezha-token-that-must-not-leak"

func startNezhaSimulator(t *testing.T, opts simulator.NezhaOptions) (*simulator.NezhaSimulator, string) {
	t.Helper()
	sim := simulator.NewNezha(opts)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return sim, srv.URL
}

// nezhaDataSource is a data source whose provider is nezha, as the config page saves it.
func nezhaDataSource(url, version, token string) DataSource {
	return NewDataSource(map[string]any{
		"provider": "nezha", "nezhaUrl": url, "nezhaApiVersion": version, "timeoutSeconds": 10,
	}, map[string]string{"nezhaToken": token})
}

// nezhaQueries exercises every Nezha query type, in table and numeric mode.
func nezhaQueries(now time.Time) []Query {
	models := []map[string]any{
		{"queryType": "nezhaServers"},
		{"queryType": "nezhaServers", "tag": "prod"},
		{"queryType": "nezhaStatus"},
		{"queryType": "nezhaStatus", "field": "cpuPercent"},
		{"queryType": "nezhaStatus", "field": "online"},
		{"queryType": "nezhaStatus", "field": "nonsense"},
		{"queryType": "nezhaMetrics", "metric": "cpu"},
		{"queryType": "nezhaMetrics", "metric": "net_out_speed", "serverMode": "ids", "serverIds": []string{"1", "2"}},
		{"queryType": "nezhaMonitors"},
		{"queryType": "nezhaMonitors", "serverMode": "regex", "serverRegex": "-"},
		{"queryType": "servers"},
	}
	return lastSixHours("N", models, now)
}

func TestHarnessNezha(t *testing.T) {
	p, _ := startPlugin(t)
	for _, version := range nezhaVersions {
		t.Run(version, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			sim, url := startNezhaSimulator(t, simulator.NezhaOptions{Version: version, Servers: 14, Seed: 3})
			ds := nezhaDataSource(url, "auto", sim.Token())
			health, err := p.CheckHealth(ctx, ds)
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("Connected to Nezha %s at %s: 14 servers", version, url); health.Status != backend.HealthStatusOk || health.Message != want {
				t.Fatalf("health = %v %q, want %q", health.Status, health.Message, want)
			}

			rsp, err := p.QueryData(ctx, ds, nezhaQueries(time.Now())...)
			if err != nil {
				t.Fatal(err)
			}
			wantErr := map[string]string{
				"N5":  `nezhaStatus has no numeric field "nonsense"`,
				"N10": `query type "servers" reads netcup SCP`,
			}
			if version == "v0" {
				wantErr["N6"], wantErr["N7"] = "needs a Nezha v2 dashboard", "needs a Nezha v2 dashboard"
			}
			for refID, r := range rsp.Responses {
				if want, ok := wantErr[refID]; ok {
					if r.Error == nil || !strings.Contains(r.Error.Error(), want) || r.ErrorSource != backend.ErrorSourcePlugin {
						t.Errorf("%s: %v (%s), want a plugin error %q", refID, r.Error, r.ErrorSource, want)
					}
					continue
				}
				if r.Error != nil || len(r.Frames) == 0 {
					t.Errorf("%s: %v, %d frames", refID, r.Error, len(r.Frames))
				}
			}
			checkFrameType(t, rsp.Responses["N0"], data.FrameTypeTable, 1)
			checkFrameType(t, rsp.Responses["N2"], data.FrameTypeTable, 1)
			checkFrameType(t, rsp.Responses["N3"], data.FrameTypeNumericMulti, 14)
			checkFrameType(t, rsp.Responses["N8"], data.FrameTypeTimeSeriesMulti, 0)
			if version == "v2" {
				checkFrameType(t, rsp.Responses["N6"], data.FrameTypeTimeSeriesMulti, 13) // all but the never-reported server
			}
			if rows, _ := rsp.Responses["N1"].Frames[0].RowLen(); rows != 5 {
				t.Errorf("tag prod: %d rows, want 5", rows)
			}
			// The never-reported server is offline; the stale one too.
			offline := 0
			for _, f := range rsp.Responses["N4"].Frames {
				if v := f.Fields[0].At(0).(*float64); v != nil && *v == 0 {
					offline++
				}
			}
			if offline != 2 {
				t.Errorf("%d servers offline, want 2", offline)
			}
		})
	}
}

func checkFrameType(t *testing.T, r backend.DataResponse, want data.FrameType, frames int) {
	t.Helper()
	if r.Error != nil {
		t.Errorf("%v", r.Error)
		return
	}
	if frames > 0 && len(r.Frames) != frames {
		t.Errorf("%d frames, want %d", len(r.Frames), frames)
	}
	for _, f := range r.Frames {
		if f.Meta == nil || f.Meta.Type != want {
			t.Errorf("frame %s: meta %+v, want %s", f.Name, f.Meta, want)
			return
		}
	}
}

// A bad token reaches the dashboard once, whatever the panel asks and however often, and the
// plugin says "token rejected".
func TestHarnessNezhaBadTokenIsSentOnce(t *testing.T) {
	p, _ := startPlugin(t)
	for _, version := range nezhaVersions {
		t.Run(version, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			sim, url := startNezhaSimulator(t, simulator.NezhaOptions{Version: version, Servers: 4})
			ds := nezhaDataSource(url, version, badNezhaToken)
			q := Query{RefID: "A", JSON: map[string]any{"queryType": "nezhaStatus"}, From: time.Now().Add(-time.Hour), To: time.Now()}
			for i := range 3 {
				rsp, err := p.QueryData(ctx, ds, q)
				if err != nil {
					t.Fatal(err)
				}
				r := rsp.Responses["A"]
				if r.Error == nil || !strings.Contains(r.Error.Error(), "token rejected") || r.ErrorSource != backend.ErrorSourceDownstream {
					t.Fatalf("query %d: %v (%s)", i, r.Error, r.ErrorSource)
				}
				if n := sim.TotalCalls(); n != 1 {
					t.Fatalf("after query %d: %d upstream calls, want 1", i, n)
				}
			}
			health, err := p.CheckHealth(ctx, ds)
			if err != nil {
				t.Fatal(err)
			}
			if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "token rejected") || sim.TotalCalls() != 1 {
				t.Errorf("health %q after %d calls", health.Message, sim.TotalCalls())
			}
			if sim.Blocked() {
				t.Error("the plugin got its IP banned by Nezha's firewall")
			}
		})
	}
}

// TestNezhaNoTokenLeaks captures every log line, frame, error and resource body of runs in
// both API versions, with the right token, a wrong one, the firewall's page and an error
// body, and searches it all for the tokens.
func TestNezhaNoTokenLeaks(t *testing.T) {
	p, logs := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var captured strings.Builder
	record := func(v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		captured.Write(raw)
		captured.WriteByte('\n')
	}
	run := func(ds DataSource) {
		health, err := p.CheckHealth(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		record(health)
		rsp, err := p.QueryData(ctx, ds, nezhaQueries(time.Now())...)
		if err != nil {
			t.Fatal(err)
		}
		for refID, r := range rsp.Responses {
			record(r)
			if r.Error != nil {
				captured.WriteString(refID + ": " + r.Error.Error() + "\n")
			}
		}
		res, err := p.CallResource(ctx, ds, "GET", "raw-paths", nil)
		if err != nil {
			t.Fatal(err)
		}
		captured.Write(res.Body)
	}
	var secrets []string
	for _, version := range nezhaVersions {
		sim, url := startNezhaSimulator(t, simulator.NezhaOptions{Version: version, Servers: 6, Seed: 11})
		secrets = append(secrets, sim.Token())
		run(nezhaDataSource(url, "auto", sim.Token()))
		run(nezhaDataSource(url, version, badNezhaToken))
		run(nezhaDataSource(url, version, "Bearer "+sim.Token()+"x"))
		sim.SetFaults(simulator.NezhaFaults{ErrorBody: "database error near " + sim.Token()})
		run(nezhaDataSource(url, version, sim.Token()))
		sim.SetFaults(simulator.NezhaFaults{})

		blocked, blockedURL := startNezhaSimulator(t, simulator.NezhaOptions{Version: version, Servers: 2, FirewallAfter: 1})
		secrets = append(secrets, blocked.Token())
		run(nezhaDataSource(blockedURL, version, badNezhaToken)) // earns the block
		if !blocked.Blocked() {
			t.Fatalf("%s: the firewall did not block", version)
		}
		run(nezhaDataSource(blockedURL, version, blocked.Token()))
		if !strings.Contains(captured.String(), "Nezha's firewall at "+blockedURL) {
			t.Errorf("%s: the firewall case never showed its message", version)
		}
	}
	if !strings.Contains(captured.String(), "database error near [redacted]") {
		t.Error("the error-body case never showed, or showed the token")
	}

	everything := captured.String() + logs.String()
	for _, secret := range append(secrets, badNezhaToken, nezhaTokenMarker) {
		if i := strings.Index(everything, secret); i >= 0 {
			t.Errorf("found a token (%.12s…) in the captured output: …%s…", secret, everything[max(0, i-80):min(len(everything), i+20)])
		}
	}
	t.Logf("searched %d bytes of frames, errors, health messages, resource bodies and logs for %d tokens: no hits", len(everything), len(secrets)+2)
}
