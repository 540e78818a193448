package simulator

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

func TestCallCounting(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	id := itoa32(e.sim.ServerIDs()[0])
	e.get(tok, "/api/v1/servers")
	e.get(tok, "/api/v1/servers/"+id+"/metrics/cpu?hours=2")
	e.get(tok, "/api/v1/servers/"+id+"/metrics/cpu")
	e.get(tok, "/api/v1/servers/"+id)
	e.get("", "/api/v1/servers")

	want := map[string]int{
		"POST /token":         1,
		"GET /api/v1/servers": 2,
		"GET /api/v1/servers/{serverId}/metrics/cpu": 2,
		"GET /api/v1/servers/{serverId}":             1,
	}
	got := e.sim.Calls()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Calls()[%q] = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	log := e.sim.CallLog()
	if len(log) != 6 {
		t.Fatalf("CallLog has %d entries", len(log))
	}
	if c := log[2]; c.Method != "GET" || c.RawQuery != "hours=2" || c.Status != 200 || !c.Time.Equal(e.clock.Now()) {
		t.Errorf("log entry %+v", c)
	}
	if log[5].Status != http.StatusUnauthorized {
		t.Errorf("unauthenticated call logged as %d", log[5].Status)
	}
	e.sim.ResetCalls()
	if len(e.sim.Calls()) != 0 || len(e.sim.CallLog()) != 0 {
		t.Error("ResetCalls left data")
	}
}

// TestConcurrent hammers every part at once; run with -race.
func TestConcurrent(t *testing.T) {
	e := newEnv(t, Options{Servers: 30})
	ids := e.sim.ServerIDs()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := range 400 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := e.token(defaultRefreshToken)
			id := itoa32(ids[i%len(ids)])
			for _, p := range []string{"/api/v1/servers", "/api/v1/servers/" + id, "/api/v1/servers/" + id + "/metrics/disk", "/api/v1/tasks"} {
				resp, _ := e.get(tok, p)
				if resp.StatusCode != 200 && resp.StatusCode != 429 && resp.StatusCode != 500 {
					errs <- fmt.Errorf("%s: %d", p, resp.StatusCode)
				}
			}
			switch i % 50 {
			case 0:
				e.sim.SetFaults(Faults{ErrorRate: 0.1, Burst429: 1, Burst429Every: 20})
			case 25:
				_ = e.sim.Calls()
				_ = e.sim.CallLog()
			case 40:
				e.sim.AddUser(fmt.Sprintf("u%d", i), 3, int64(i))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := e.sim.Calls()["POST /token"]; n != 400 {
		t.Errorf("%d token calls counted, want 400", n)
	}
}

func TestStart(t *testing.T) {
	rs, err := Start(Options{Servers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rs.APIURL() != rs.URL()+"/scp-core" || rs.AuthURL() != rs.URL()+"/realms/scp/protocol/openid-connect" {
		t.Errorf("URLs %s %s %s", rs.URL(), rs.APIURL(), rs.AuthURL())
	}
	resp, err := http.Get(rs.APIURL() + "/api/ping")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || len(rs.ServerIDs()) != 3 {
		t.Errorf("ping %d, %d servers", resp.StatusCode, len(rs.ServerIDs()))
	}
	if err := rs.Close(); err != nil {
		t.Error(err)
	}
	if _, err := http.Get(rs.APIURL() + "/api/ping"); err == nil {
		t.Error("still serving after Close")
	}
}
