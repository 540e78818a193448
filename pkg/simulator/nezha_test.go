package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// nezhaEnv is a Nezha simulator behind an httptest server, on the fake clock.
type nezhaEnv struct {
	t     *testing.T
	sim   *NezhaSimulator
	url   string
	clock *Clock
}

func newNezhaEnv(t *testing.T, opts NezhaOptions) *nezhaEnv {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	sim := NewNezha(opts)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return &nezhaEnv{t: t, sim: sim, url: srv.URL, clock: clk}
}

// get sends GET path with the Authorization header auth ("" for none) and returns status,
// content type and body.
func (e *nezhaEnv) get(auth, path string) (int, string, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// getJSON requires status want and decodes the body into a generic map.
func (e *nezhaEnv) getJSON(auth, path string, want int) map[string]any {
	e.t.Helper()
	status, _, body := e.get(auth, path)
	if status != want {
		e.t.Fatalf("GET %s: status %d, want %d: %s", path, status, want, body)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		e.t.Fatalf("GET %s: %v: %s", path, err, body)
	}
	return m
}

func TestNezhaV0Envelopes(t *testing.T) {
	e := newNezhaEnv(t, NezhaOptions{Servers: 5, Seed: 2})
	tok := e.sim.Token()
	if !strings.HasPrefix(tok, "sim-nezha-token-") || e.sim.Version() != "v0" {
		t.Fatalf("defaults: %q %q", tok, e.sim.Version())
	}

	list := e.getJSON(tok, "/api/v1/server/list", 200)
	if list["code"].(float64) != 0 || len(list["result"].([]any)) != 5 {
		t.Fatalf("list: %v", list)
	}
	details := e.getJSON(tok, "/api/v1/server/details", 200)["result"].([]any)
	never := details[4].(map[string]any)
	if never["last_active"].(float64) != goZeroUnix || never["host"].(map[string]any)["CPU"] != nil {
		t.Errorf("never-reported server: %v", never)
	}
	status := details[0].(map[string]any)["status"].(map[string]any)
	for _, k := range []string{"CPU", "MemUsed", "NetInSpeed", "Load15", "TcpConnCount", "ProcessCount", "Uptime"} {
		if _, ok := status[k]; !ok {
			t.Errorf("status lacks Go field name %s", k)
		}
	}
	// id wins over tag; unknown and non-numeric ids are skipped.
	byID := e.getJSON(tok, "/api/v1/server/details?id=2,99,x&tag=prod", 200)["result"].([]any)
	if len(byID) != 1 || byID[0].(map[string]any)["id"].(float64) != 2 {
		t.Errorf("details?id=2,99,x: %v", byID)
	}
	prod := e.getJSON(tok, "/api/v1/server/list?tag=prod", 200)["result"].([]any)
	if len(prod) != 2 {
		t.Errorf("tag=prod: %d servers, want 2", len(prod))
	}
	if got := e.getJSON(tok, "/api/v1/server/details?id=99", 200); len(got["result"].([]any)) != 0 || got["code"].(float64) != 0 {
		t.Errorf("unknown id: %v", got)
	}
}

func TestNezhaV0Errors(t *testing.T) {
	e := newNezhaEnv(t, NezhaOptions{Servers: 5, FirewallAfter: -1})
	for _, auth := range []string{"", "wrong"} {
		m := e.getJSON(auth, "/api/v1/server/details", 200)
		if m["code"].(float64) != 403 || m["message"] != nezhaV0AuthMsg {
			t.Errorf("token %q: %v", auth, m)
		}
	}
	// /monitor takes a server id and needs no token, except for servers hidden from guests.
	if m := e.getJSON("", "/api/v1/monitor/1", 200); len(m["result"].([]any)) == 0 {
		t.Errorf("monitor/1 as guest: %v", m)
	}
	if m := e.getJSON("", "/api/v1/monitor/2", 403); m["code"].(float64) != 403 {
		t.Errorf("hidden server as guest: %v", m)
	}
	if m := e.getJSON(e.sim.Token(), "/api/v1/monitor/2", 200); m["code"].(float64) != 0 {
		t.Errorf("hidden server with the token: %v", m)
	}
	e.getJSON("", "/api/v1/monitor/abc", 400)
	e.getJSON("", "/api/v1/monitor/99", 404)
	if m := e.getJSON("", "/api/v1/monitor/5", 200); m["result"] != nil {
		t.Errorf("never-reported server's monitors: %v, want null", m["result"])
	}
	status, ctype, _ := e.get("", "/api/v1/setting")
	if status != 404 || !strings.HasPrefix(ctype, "text/html") {
		t.Errorf("unknown path: %d %s, want an HTML 404", status, ctype)
	}

	e.sim.SetFaults(NezhaFaults{ErrorBody: "database error"})
	if m := e.getJSON(e.sim.Token(), "/api/v1/server/details", 200); m["code"].(float64) != 500 || m["message"] != "database error" {
		t.Errorf("fault: %v", m)
	}
}

func TestNezhaV0MonitorSeries(t *testing.T) {
	e := newNezhaEnv(t, NezhaOptions{Servers: 4, Seed: 1})
	result := e.getJSON("", "/api/v1/monitor/1", 200)["result"].([]any)
	if len(result) != 3 { // server 1 is prod: both monitors for all plus the prod-only one
		t.Fatalf("%d monitors, want 3", len(result))
	}
	m := result[0].(map[string]any)
	created, delays := m["created_at"].([]any), m["avg_delay"].([]any)
	if len(created) != 144 || len(delays) != 144 || m["server_id"].(float64) != 1 {
		t.Fatalf("monitor: %d times, %d delays, server %v", len(created), len(delays), m["server_id"])
	}
	first, last := int64(created[0].(float64)), int64(created[143].(float64))
	if span := time.Duration(last-first) * time.Millisecond; span != 24*time.Hour-10*time.Minute {
		t.Errorf("span %s", span)
	}
	if last%60000 != 0 {
		t.Errorf("created_at %d not truncated to the minute", last)
	}
}

func TestNezhaFirewall(t *testing.T) {
	e := newNezhaEnv(t, NezhaOptions{Version: "v2", Servers: 2})
	for i := range 3 {
		if status, _, _ := e.get("Bearer nzp_wrong", "/api/v1/server"); status != http.StatusUnauthorized {
			t.Fatalf("bad token %d: status %d", i, status)
		}
	}
	if !e.sim.Blocked() {
		t.Fatal("not blocked after 3 bad tokens")
	}
	// Blocked: every path, with any token, gets the HTML page.
	for _, path := range []string{"/api/v1/server", "/api/v1/setting", "/nope"} {
		status, ctype, body := e.get("Bearer "+e.sim.Token(), path)
		if status != http.StatusForbidden || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(string(body), "nezha WAF") {
			t.Errorf("%s while blocked: %d %s", path, status, ctype)
		}
	}
	if got := e.sim.Calls()["GET /api/v1/server"]; got != 4 {
		t.Errorf("calls %v", e.sim.Calls())
	}
	e.clock.Advance(defaultFirewallBan)
	if status, _, _ := e.get("Bearer "+e.sim.Token(), "/api/v1/server"); status != http.StatusOK {
		t.Errorf("after the ban: %d", status)
	}
	e.get("Bearer nzp_wrong", "/api/v1/server")
	e.sim.Unblock()
	if e.sim.Blocked() {
		t.Error("still blocked after Unblock")
	}
}

func TestNezhaV2Envelopes(t *testing.T) {
	e := newNezhaEnv(t, NezhaOptions{Version: "v2", Servers: 5, Seed: 2})
	auth := "Bearer " + e.sim.Token()
	if !strings.HasPrefix(e.sim.Token(), "nzp_sim-nezha-token-") {
		t.Fatalf("token %q", e.sim.Token())
	}
	setting := e.getJSON("", "/api/v1/setting", 200)
	if setting["success"] != true || setting["data"].(map[string]any)["tsdb_enabled"] != true {
		t.Errorf("setting: %v", setting)
	}
	servers := e.getJSON(auth, "/api/v1/server", 200)["data"].([]any)
	never := servers[4].(map[string]any)
	if never["last_active"] != "0001-01-01T00:00:00Z" || never["state"] != nil {
		t.Errorf("never-reported server: %v", never)
	}
	omitted := 0
	for _, s := range servers[:4] {
		state := s.(map[string]any)["state"].(map[string]any)
		if _, ok := state["swap_used"]; !ok {
			omitted++
		}
	}
	if omitted == 0 {
		t.Error("no server omits a zero state field")
	}
	groups := e.getJSON(auth, "/api/v1/server-group", 200)["data"].([]any)
	if len(groups) != 3 {
		t.Errorf("groups: %v", groups)
	}

	metrics := e.getJSON(auth, "/api/v1/server/1/metrics?metric=cpu&period=7d", 200)["data"].(map[string]any)
	if n := len(metrics["data_points"].([]any)); n != 336 {
		t.Errorf("7d cpu: %d points, want 336", n)
	}
	if n := len(e.getJSON(auth, "/api/v1/server/5/metrics?metric=cpu", 200)["data"].(map[string]any)["data_points"].([]any)); n != 0 {
		t.Errorf("never-reported server has %d points", n)
	}
	services := e.getJSON(auth, "/api/v1/server/1/service?period=1d", 200)["data"].([]any)
	if len(services) == 0 || services[0].(map[string]any)["monitor_id"] == nil {
		t.Fatalf("services: %v", services)
	}
	history := e.getJSON(auth, "/api/v1/service/1/history?period=30d", 200)["data"].(map[string]any)
	hs := history["servers"].([]any)
	if len(hs) != 4 { // every server but the never-reported one
		t.Fatalf("history servers: %d", len(hs))
	}
	points := hs[0].(map[string]any)["stats"].(map[string]any)["data_points"].([]any)
	if len(points) != 360 {
		t.Errorf("30d: %d points, want 360", len(points))
	}
}

func TestNezhaV2Errors(t *testing.T) {
	e := newNezhaEnv(t, NezhaOptions{Version: "v2", Servers: 3, FirewallAfter: -1})
	auth := "Bearer " + e.sim.Token()
	cases := []struct {
		auth, path string
		status     int
		err        string
	}{
		{"Bearer nzp_wrong", "/api/v1/server", 401, "ApiErrorUnauthorized: invalid api token"},
		{"", "/api/v1/server", 401, "ApiErrorUnauthorized"},
		{"Bearer nzp_wrong", "/api/v1/server/1/metrics?metric=cpu", 401, "invalid api token"},
		{auth, "/api/v1/server/99/metrics?metric=cpu", 200, "server not found"},
		{auth, "/api/v1/server/abc/metrics?metric=cpu", 200, "strconv.ParseUint"},
		{auth, "/api/v1/server/1/metrics?metric=iops", 200, "invalid metric"},
		{auth, "/api/v1/server/1/metrics?metric=cpu&period=2d", 200, "invalid period"},
		{"", "/api/v1/server/1/metrics?metric=cpu&period=7d", 200, "only 1d data available for guests"},
		{auth, "/api/v1/service/99/history", 200, "service not found"},
	}
	for _, c := range cases {
		m := e.getJSON(c.auth, c.path, c.status)
		if msg, _ := m["error"].(string); !strings.Contains(msg, c.err) || m["success"] == true {
			t.Errorf("%s: %v, want error %q", c.path, m, c.err)
		}
	}
	if m := e.getJSON("", "/api/v1/server/1/metrics?metric=cpu", 200); m["success"] != true {
		t.Errorf("guest 1d: %v", m)
	}
	e.sim.SetFaults(NezhaFaults{ErrorBody: "database error"})
	if m := e.getJSON(auth, "/api/v1/server", 200); m["error"] != "database error" {
		t.Errorf("fault: %v", m)
	}
}

func TestNezhaDeterministicAndCounted(t *testing.T) {
	a := newNezhaEnv(t, NezhaOptions{Version: "v2", Servers: 4, Seed: 9})
	b := newNezhaEnv(t, NezhaOptions{Version: "v2", Servers: 4, Seed: 9})
	_, _, bodyA := a.get("Bearer "+a.sim.Token(), "/api/v1/server")
	_, _, bodyB := b.get("Bearer "+b.sim.Token(), "/api/v1/server")
	if string(bodyA) != string(bodyB) {
		t.Error("same seed, different fleets")
	}
	a.get("Bearer "+a.sim.Token(), "/api/v1/server/2/metrics?metric=load1")
	calls := a.sim.Calls()
	if calls["GET /api/v1/server"] != 1 || calls["GET /api/v1/server/{id}/metrics"] != 1 || a.sim.TotalCalls() != 2 {
		t.Errorf("calls %v", calls)
	}
	log := a.sim.CallLog()
	if len(log) != 2 || log[1].RawQuery != "metric=load1" || log[1].Status != 200 {
		t.Errorf("log %+v", log)
	}
	a.sim.ResetCalls()
	if a.sim.TotalCalls() != 0 || len(a.sim.CallLog()) != 0 {
		t.Error("ResetCalls kept calls")
	}
}
