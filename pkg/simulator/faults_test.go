package simulator

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// statuses makes n list calls and returns their status codes.
func statuses(e *env, tok string, n int) []int {
	out := make([]int, n)
	for i := range out {
		resp, _ := e.get(tok, "/api/v1/servers")
		out[i] = resp.StatusCode
	}
	return out
}

func TestFaultErrorRate(t *testing.T) {
	e := newEnv(t, Options{Seed: 3})
	tok := e.token(defaultRefreshToken)
	e.sim.SetFaults(Faults{ErrorRate: 0.3})
	first := statuses(e, tok, 400)
	n500 := 0
	for _, s := range first {
		if s == 500 {
			n500++
		} else if s != 200 {
			t.Fatalf("status %d", s)
		}
	}
	if n500 < 80 || n500 > 160 {
		t.Errorf("%d of 400 calls failed at rate 0.3", n500)
	}
	e.sim.SetFaults(Faults{ErrorRate: 0.3}) // restarts the same sequence
	again := statuses(e, tok, 400)
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("sequence differs at call %d", i)
		}
	}
	resp, body := e.get(tok, "/api/v1/servers")
	for resp.StatusCode != 500 {
		resp, body = e.get(tok, "/api/v1/servers")
	}
	var m map[string]string
	if json.Unmarshal(body, &m) != nil || m["code"] == "" || m["message"] == "" {
		t.Errorf("500 body %s", body)
	}
}

func TestFaultBurst429(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	e.sim.SetFaults(Faults{Burst429: 2, Burst429Every: 3})
	want := []int{200, 200, 200, 429, 429, 200, 200, 200, 429, 429, 200}
	got := statuses(e, tok, len(want))
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
	e.sim.SetFaults(Faults{Burst429: 1, Burst429Every: 1})
	e.get(tok, "/api/v1/servers")
	resp, body := e.get(tok, "/api/v1/servers")
	var m map[string]string
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || json.Unmarshal(body, &m) != nil || m["message"] == "" {
		t.Errorf("429 answer %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

func TestFaultsInARowAreCappedPerRequest(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	e.sim.SetFaults(Faults{ErrorRate: 1, Burst429: 1, Burst429Every: 1, MaxInARow: 2})
	// Burst429Every 1 makes every even call a 429, and ErrorRate 1 every odd one a 500.
	want := []int{500, 429, 200, 429, 500, 200}
	got := statuses(e, tok, len(want))
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
	// Another request has its own run: the list's run stands at one fault.
	resp, _ := e.get(tok, "/api/v1/servers/"+itoa32(e.sim.ServerIDs()[0]))
	if resp.StatusCode != 500 && resp.StatusCode != 429 {
		t.Errorf("a server's first call answered %d, want a fault", resp.StatusCode)
	}
	e.sim.SetFaults(Faults{ErrorRate: 1})
	if got := statuses(e, tok, 3); got[0] != 500 || got[1] != 500 || got[2] != 500 {
		t.Errorf("without a cap: statuses %v, want 500 every time", got)
	}
}

func TestFaultMaintenanceAndPing(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	e.sim.SetFaults(Faults{Maintenance: true})
	var m map[string]string
	e.getJSON(tok, "/api/v1/servers/"+itoa32(e.sim.ServerIDs()[0]), 503, &m)
	if m["message"] != "Node is in maintenance mode" || m["code"] == "" {
		t.Errorf("maintenance body %v", m)
	}
	if st := ping(t, e); st != 200 {
		t.Errorf("ping during maintenance: %d", st)
	}
	e.sim.SetFaults(Faults{PingDown: true})
	if st := ping(t, e); st != http.StatusServiceUnavailable {
		t.Errorf("PingDown: %d", st)
	}
	if e.sim.CurrentFaults() != (Faults{PingDown: true}) {
		t.Errorf("CurrentFaults %+v", e.sim.CurrentFaults())
	}
}

func TestFaultLatency(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	e.sim.SetFaults(Faults{Latency: 30 * time.Millisecond, LatencySpikeEvery: 2, LatencySpike: 120 * time.Millisecond})
	var took []time.Duration
	for range 2 {
		start := time.Now()
		e.get(tok, "/api/v1/servers")
		took = append(took, time.Since(start))
	}
	if took[0] < 30*time.Millisecond || took[1] < 150*time.Millisecond {
		t.Errorf("latencies %v", took)
	}
}

func ping(t *testing.T, e *env) int {
	t.Helper()
	resp, err := http.Get(e.srv.URL + APIPrefix + "/api/ping") // Go sends no Accept: allowed
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
