package simulator

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

type metricMap map[string]map[string]float64

// sortedTimes parses and orders a metric map's keys.
func sortedTimes(t *testing.T, m metricMap) []time.Time {
	t.Helper()
	var ts []time.Time
	for k := range m {
		v, err := time.Parse(time.RFC3339, k)
		if err != nil || !strings.HasSuffix(k, "Z") {
			t.Fatalf("key %q is no RFC 3339 UTC timestamp", k)
		}
		ts = append(ts, v)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	return ts
}

func runningServer(t *testing.T, e *env) *server {
	for _, s := range e.sim.defaultAccount().servers {
		if s.state == api.ServerStateRUNNING && len(s.ifaces) > 1 {
			return s
		}
	}
	for _, s := range e.sim.defaultAccount().servers {
		if s.state == api.ServerStateRUNNING {
			return s
		}
	}
	t.Fatal("no running server")
	return nil
}

func TestMetricShapes(t *testing.T) {
	e := newEnv(t, Options{Servers: 20})
	tok := e.token(defaultRefreshToken)
	sv := runningServer(t, e)
	base := "/api/v1/servers/" + itoa32(sv.id) + "/metrics/"

	wantKeys := map[string][]string{}
	for i := range int(sv.plan.cpus) {
		wantKeys["cpu"] = append(wantKeys["cpu"], fmt.Sprintf("CPU%d", i))
	}
	for _, d := range sv.disks {
		wantKeys["disk"] = append(wantKeys["disk"], d.name+" Read", d.name+" Write")
	}
	for _, f := range sv.ifaces {
		wantKeys["network"] = append(wantKeys["network"], f.mac+" IN", f.mac+" OUT")
	}
	wantKeys["network/packet"] = wantKeys["network"]

	now := e.clock.Now()
	for kind, keys := range wantKeys {
		for _, hours := range []int{1, 6, 24, 1440} {
			var m metricMap
			e.getJSON(tok, fmt.Sprintf("%s%s?hours=%d", base, kind, hours), 200, &m)
			ts := sortedTimes(t, m)
			if len(ts) != hours*6 {
				t.Errorf("%s hours=%d: %d points, want %d", kind, hours, len(ts), hours*6)
			}
			for i, x := range ts {
				if x.Truncate(10*time.Minute) != x || x.After(now) || !x.After(now.Add(-time.Duration(hours)*time.Hour)) {
					t.Fatalf("%s: key %v not aligned or outside the last %d h", kind, x, hours)
				}
				if i > 0 && x.Sub(ts[i-1]) != 10*time.Minute {
					t.Fatalf("%s: keys %v and %v not 10 min apart", kind, ts[i-1], x)
				}
			}
			inner := m[ts[0].Format(time.RFC3339)]
			if len(inner) != len(keys) {
				t.Errorf("%s: inner keys %v, want %v", kind, inner, keys)
			}
			for _, k := range keys {
				if _, ok := inner[k]; !ok {
					t.Errorf("%s: missing inner key %q", kind, k)
				}
			}
		}
	}
	var m metricMap
	e.getJSON(tok, base+"cpu", 200, &m)
	if len(m) != 36 {
		t.Errorf("default hours: %d points, want 36", len(m))
	}
}

func TestMetricValuesStable(t *testing.T) {
	e := newEnv(t, Options{Servers: 5, AccessTokenTTL: 24 * time.Hour})
	tok := e.token(defaultRefreshToken)
	sv := runningServer(t, e)
	path := "/api/v1/servers/" + itoa32(sv.id) + "/metrics/network?hours=3"
	var a, b metricMap
	e.getJSON(tok, path, 200, &a)
	e.clock.Advance(time.Hour)
	e.getJSON(tok, path, 200, &b)
	shared := 0
	for k, v := range a {
		if w, ok := b[k]; ok {
			shared++
			if fmt.Sprint(v) != fmt.Sprint(w) {
				t.Fatalf("value at %s changed: %v vs %v", k, v, w)
			}
		}
	}
	if shared != 12 { // 3 h window moved by 1 h: 2 h overlap
		t.Errorf("%d shared timestamps, want 12", shared)
	}
	_, raw := e.get(tok, path)
	if !json.Valid(raw) || !strings.Contains(string(raw), ".") {
		t.Errorf("metric values must be floats: %.200s", raw)
	}
}

func TestMetricHoursValidation(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	base := "/api/v1/servers/" + itoa32(e.sim.ServerIDs()[0]) + "/metrics/cpu?hours="
	for _, h := range []string{"0", "-1", "1441", "abc", "1.5"} {
		var v api.ValidationError
		e.getJSON(tok, base+h, 400, &v)
		if v.Errors == nil || len(*v.Errors) != 1 || *(*v.Errors)[0].Field != "hours" || v.Code == nil || v.Message == nil {
			t.Errorf("hours=%s: %+v", h, v)
		}
	}
}

// TestMetricsBigFleet: hours=1440 answers across a 500-server fleet, whose values are
// generated per request rather than stored. How fast is BenchmarkMetricsCPU1440's to report.
func TestMetricsBigFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	e := newEnv(t, Options{Servers: 500})
	tok := e.token(defaultRefreshToken)
	ids := e.sim.ServerIDs()
	start := time.Now()
	for _, id := range ids[:50] {
		resp, body := e.get(tok, "/api/v1/servers/"+itoa32(id)+"/metrics/cpu?hours=1440")
		if resp.StatusCode != 200 || len(body) < 1000 {
			t.Fatalf("server %d: %d", id, resp.StatusCode)
		}
	}
	per := time.Since(start) / 50
	t.Logf("hours=1440 cpu metrics: %v per request", per)
}

func BenchmarkMetricsCPU1440(b *testing.B) {
	sim := New(Options{Servers: 500})
	sv := sim.defaultAccount().servers[0]
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		_ = sv.metricsJSON(metricCPU, 1440, now)
	}
}
