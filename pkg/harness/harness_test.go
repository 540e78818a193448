package harness

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

var pluginBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "netcupscp-harness")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var flags []string
	if raceEnabled {
		flags = append(flags, "-race")
	}
	pluginBinary, err = Build(dir, flags...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// syncBuffer collects the plugin's log output from go-plugin's copying goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func startPlugin(t *testing.T) (*Plugin, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	p, err := Start(pluginBinary, logs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Close()
		if strings.Contains(logs.String(), "WARNING: DATA RACE") {
			t.Errorf("the plugin process reported a data race:\n%s", logs.String())
		}
	})
	return p, logs
}

func startSimulator(t *testing.T, opts simulator.Options) (*simulator.Simulator, string) {
	t.Helper()
	sim := simulator.New(opts)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return sim, srv.URL
}

func dataSourceFor(baseURL, token string) DataSource {
	return NewDataSource(map[string]any{
		"apiUrl":         baseURL + "/scp-core",
		"authUrl":        baseURL + "/realms/scp/protocol/openid-connect",
		"timeoutSeconds": 10,
	}, map[string]string{"refreshToken": token})
}

func TestHarnessHealthAndServers(t *testing.T) {
	p, logs := startPlugin(t)
	for _, servers := range []int{3, 150} {
		t.Run(fmt.Sprintf("%d servers", servers), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			sim, url := startSimulator(t, simulator.Options{Servers: servers, Seed: 7})
			ds := dataSourceFor(url, sim.RefreshToken())

			health, err := p.CheckHealth(ctx, ds)
			if err != nil {
				t.Fatal(err)
			}
			wantMsg := fmt.Sprintf(": %d servers", servers)
			if health.Status != backend.HealthStatusOk || !strings.HasSuffix(health.Message, wantMsg) {
				t.Fatalf("health = %v %q, want OK ending in %q", health.Status, health.Message, wantMsg)
			}

			// A new data source starts with an empty cache, so the query itself must page.
			ds = dataSourceFor(url, sim.RefreshToken())
			sim.ResetCalls()
			rsp, err := p.QueryData(ctx, ds, Query{RefID: "A", JSON: map[string]any{"queryType": "servers"}, From: time.Now().Add(-time.Hour), To: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			res := rsp.Responses["A"]
			if res.Error != nil || len(res.Frames) != 1 {
				t.Fatalf("servers query: %v, %d frames", res.Error, len(res.Frames))
			}
			frame := res.Frames[0]
			if rows, _ := frame.RowLen(); rows != servers {
				t.Fatalf("servers frame has %d rows, want %d", rows, servers)
			}
			if frame.Meta == nil || frame.Meta.Type != data.FrameTypeTable {
				t.Errorf("frame meta = %+v, want a table", frame.Meta)
			}
			listCalls := sim.Calls()["GET /api/v1/servers"]
			t.Logf("%d servers: %d list calls", servers, listCalls)
			if servers > 100 && listCalls < 2 {
				t.Errorf("%d servers were read in %d list call(s); want paging (>= 2)", servers, listCalls)
			}
		})
	}
	if strings.Contains(logs.String(), "sim-refresh-token") {
		t.Error("plugin logs contain a refresh token")
	}
}

func TestHarnessHealthFailuresNeverShowTheToken(t *testing.T) {
	p, logs := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2})
	const bogus = "bogus-refresh-token-that-must-not-leak"
	revoked := sim.AddUser("revoked", 1, 5)
	sim.RevokeRefreshToken(revoked)

	cases := map[string]struct {
		ds   DataSource
		want string
	}{
		"missing token":    {dataSourceFor(url, ""), "No netcup refresh token is configured"},
		"rejected token":   {dataSourceFor(url, bogus), "refresh token was rejected by netcup"},
		"revoked token":    {dataSourceFor(url, revoked), "Sign in again"},
		"unreachable host": {dataSourceFor("http://127.0.0.1:1", bogus), "Cannot reach the SCP API"},
	}
	for name, c := range cases {
		health, err := p.CheckHealth(ctx, c.ds)
		if err != nil {
			t.Fatal(err)
		}
		if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, c.want) {
			t.Errorf("%s: health = %v %q, want error containing %q", name, health.Status, health.Message, c.want)
		}
		rsp, err := p.QueryData(ctx, c.ds, Query{RefID: "A", JSON: map[string]any{"queryType": "servers"}, From: time.Now().Add(-time.Hour), To: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if rsp.Responses["A"].Error == nil {
			t.Errorf("%s: query succeeded, want an error", name)
		}
		for _, secret := range []string{bogus, revoked} {
			if strings.Contains(health.Message, secret) || strings.Contains(fmt.Sprint(rsp.Responses["A"].Error), secret) {
				t.Errorf("%s: a refresh token appears in a message", name)
			}
		}
	}
	for _, secret := range []string{bogus, revoked, sim.RefreshToken()} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("plugin logs contain a refresh token")
		}
	}
}
