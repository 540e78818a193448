package nezhaquery

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

const badToken = "bad-nezha-token-that-must-not-leak"

// withToken makes the client send another token than the simulator's.
func withToken(token string) func(*models.Settings) {
	return func(s *models.Settings) { s.NezhaToken = token }
}

// A rejected token costs one upstream call, then none: Nezha's firewall bans IPs that repeat
// bad tokens. Every query type says "token rejected", and the token never shows.
func TestBadTokenIsSentOnce(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, sim := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 4}, withToken(badToken))
			handlers := Handlers()
			for i, queryType := range []string{models.QueryTypeNezhaStatus, models.QueryTypeNezhaServers, models.QueryTypeNezhaMonitors, models.QueryTypeNezhaMetrics} {
				sim.ResetCalls()
				rsp := handlers[queryType](ctx, client, newRequest(models.Query{QueryType: queryType}))
				if queryType == models.QueryTypeNezhaMetrics && version == models.NezhaAPIV0 {
					continue // a plugin error before any call
				}
				if rsp.Error == nil || !strings.Contains(rsp.Error.Error(), "token rejected") || rsp.ErrorSource != backend.ErrorSourceDownstream {
					t.Fatalf("%s: got %v (%s), want a downstream error saying token rejected", queryType, rsp.Error, rsp.ErrorSource)
				}
				if strings.Contains(rsp.Error.Error(), badToken) {
					t.Fatalf("%s: the error shows the token", queryType)
				}
				want := 0
				if i == 0 {
					want = 1
				}
				if n := sim.TotalCalls(); n != want {
					t.Errorf("%s: %d upstream calls, want %d (%v)", queryType, n, want, sim.CallLog())
				}
			}
			if sim.Blocked() {
				t.Error("the plugin got the simulated IP banned")
			}
		})
	}
}

// Twenty panels refreshing at once with an unproven, bad token still send it once.
func TestBadTokenConcurrentQueriesShareOneCall(t *testing.T) {
	client, sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 4}, withToken(badToken))
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			q := models.Query{QueryType: models.QueryTypeNezhaStatus, Field: []string{"", "cpuPercent"}[i%2]}
			if rsp := Status(ctx, client, newRequest(q)); rsp.Error != nil {
				errs <- rsp.Error
			}
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		failed++
		if !strings.Contains(err.Error(), "token rejected") {
			t.Errorf("error %v", err)
		}
	}
	if failed != 20 {
		t.Errorf("%d of 20 queries failed", failed)
	}
	if n := sim.TotalCalls(); n != 1 {
		t.Errorf("%d upstream calls, want 1", n)
	}
}

// Nezha answers many errors with HTTP 200: the body decides.
func TestErrorInHTTP200Body(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, sim := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 3})
			sim.SetFaults(simulator.NezhaFaults{ErrorBody: "database error"})
			rsp := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus}))
			if rsp.Error == nil || !strings.Contains(rsp.Error.Error(), "database error") || rsp.ErrorSource != backend.ErrorSourceDownstream {
				t.Fatalf("got %v (%s), want a downstream error with the body's message", rsp.Error, rsp.ErrorSource)
			}
			for _, call := range sim.CallLog() {
				if call.Status != http.StatusOK {
					t.Fatalf("the simulator answered %d; the case is HTTP 200 with an error body", call.Status)
				}
			}
			// Errors are not cached: the dashboard's recovery shows on the next refresh.
			sim.SetFaults(simulator.NezhaFaults{})
			if rsp := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus})); rsp.Error != nil {
				t.Fatalf("after recovery: %v", rsp.Error)
			}
		})
	}
}

// One server's failing read leaves a warning naming it, not a failed panel.
func TestOneFailingServerDoesNotSinkTheOthers(t *testing.T) {
	failServer2 := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/monitor/2" {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"code":500,"message":"database error"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	client, _ := newEnvWrapped(t, simulator.NezhaOptions{Version: models.NezhaAPIV0, Servers: 4, Seed: 1}, failServer2)
	rsp := Monitors(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMonitors}, time.Hour))
	if rsp.Error != nil || len(rsp.Frames) == 0 {
		t.Fatalf("%v, %d frames", rsp.Error, len(rsp.Frames))
	}
	notices := rsp.Frames[0].Meta.Notices
	if len(notices) != 1 || !strings.Contains(notices[0].Text, "1 of the selected servers failed") || !strings.Contains(notices[0].Text, "(id 2): Nezha: GET /api/v1/monitor/2 answered code 500: database error") {
		t.Errorf("notices %v", notices)
	}
	for _, f := range rsp.Frames {
		if f.Fields[1].Labels["server_id"] == "2" {
			t.Errorf("frame %s of the failed server", f.Name)
		}
	}
}

// The firewall's HTML 403 page gets its own message, and the plugin stops calling for a while.
func TestFirewallPage(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, sim := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 3, FirewallAfter: 1})
			// Someone else on this IP used a bad token: the firewall blocks the IP.
			path := "/api/v1/server/details"
			header := badToken
			if version == models.NezhaAPIV2 {
				path, header = "/api/v1/server", "Bearer "+badToken
			}
			req, _ := http.NewRequest(http.MethodGet, client.URL()+path, nil)
			req.Header.Set("Authorization", header)
			if rsp, err := http.DefaultClient.Do(req); err != nil {
				t.Fatal(err)
			} else {
				rsp.Body.Close()
			}
			if !sim.Blocked() {
				t.Fatal("the simulator's firewall did not block")
			}
			sim.ResetCalls()
			for range 2 {
				rsp := Servers(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaServers}))
				if rsp.Error == nil || !strings.Contains(rsp.Error.Error(), "firewall") || !strings.Contains(rsp.Error.Error(), "HTTP 403 page") {
					t.Fatalf("got %v, want the firewall message", rsp.Error)
				}
			}
			if n := sim.TotalCalls(); n != 1 {
				t.Errorf("%d calls while blocked, want 1", n)
			}
		})
	}
}
