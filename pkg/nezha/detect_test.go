package nezha

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// Auto-detection asks the public settings endpoint without the token, once per instance.
func TestDetectVersionWithoutSendingTheToken(t *testing.T) {
	for _, version := range []string{models.NezhaAPIV0, models.NezhaAPIV2} {
		t.Run(version, func(t *testing.T) {
			c, sim, rec, _ := newSimClient(t, simulator.NezhaOptions{Version: version, Servers: 3}, models.NezhaAPIAuto, "")
			for range 3 {
				got, err := c.Version(ctx)
				if err != nil || got != version {
					t.Fatalf("Version = %q, %v; want %s", got, err, version)
				}
				if _, err := c.Servers(ctx); err != nil {
					t.Fatal(err)
				}
			}
			probes := 0
			for _, call := range rec.all() {
				if call.path == settingPath {
					probes++
					if call.auth != "" {
						t.Errorf("the detection probe sent an Authorization header")
					}
				} else if !strings.Contains(call.auth, sim.Token()) {
					t.Errorf("%s sent without the token", call.path)
				}
			}
			if probes != 1 {
				t.Errorf("%d detection probes, want 1", probes)
			}
		})
	}
}

func TestDetectVersionAnswers(t *testing.T) {
	cases := []struct {
		name    string
		handler http.Handler
		token   string
		want    string // version, or a fragment of the error
	}{
		{"v2", answer(200, "application/json", `{"success":true,"data":{"config":{},"tsdb_enabled":false}}`), "nzp_x", "v2"},
		{"v0 html 404", answer(404, "text/html", "<html>404</html>"), "x", "v0"},
		{"v1 has no tokens", answer(200, "application/json", `{"success":true,"data":{"config":{}}}`), "x", "looks like Nezha v1"},
		{"v0 with a v2 token", answer(404, "text/html", "<html>404</html>"), "nzp_x", "is a v2 personal access token"},
		{"firewall", answer(403, "text/html", "<html>Blocked</html>"), "x", "firewall"},
		{"something else", answer(502, "text/html", "<html>bad gateway</html>"), "x", "cannot tell which Nezha API"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			client, _ := newTestClient(t, c.handler, models.NezhaAPIAuto, c.token)
			got, err := client.Version(ctx)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestExplicitVersionNeverProbes(t *testing.T) {
	c, _, rec, _ := newSimClient(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 2}, models.NezhaAPIV2, "")
	if _, err := c.Servers(ctx); err != nil {
		t.Fatal(err)
	}
	for _, call := range rec.all() {
		if call.path == settingPath {
			t.Fatal("probed the settings endpoint with an explicit version")
		}
	}
}

func TestUnreachableDashboard(t *testing.T) {
	c, _ := newTestClient(t, answer(200, "", ""), models.NezhaAPIV0, "tok")
	c.baseURL = "http://127.0.0.1:1"
	_, err := c.Servers(ctx)
	var unreachable *UnreachableError
	if !errors.As(err, &unreachable) || !strings.Contains(err.Error(), "cannot reach the Nezha dashboard at http://127.0.0.1:1") {
		t.Fatalf("got %v", err)
	}
}

// While the firewall blocks the IP, detection does not ask again.
func TestDetectPausesWhileBlocked(t *testing.T) {
	var calls atomic.Int32
	blocked := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		answer(403, "text/html", "<html>Blocked</html>").ServeHTTP(w, r)
	})
	c, clock := newTestClient(t, blocked, models.NezhaAPIAuto, "x")
	for range 3 {
		if _, err := c.Servers(ctx); !errors.Is(err, ErrFirewall) {
			t.Fatalf("got %v", err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d probes while blocked, want 1", n)
	}
	clock.Advance(firewallBackoff)
	_, _ = c.Servers(ctx)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d probes after the pause, want 2", n)
	}
}
