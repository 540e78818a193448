package plugin

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestNezhaResourceServers(t *testing.T) {
	for _, version := range []string{"v0", "v2"} {
		t.Run(version, func(t *testing.T) {
			sim, url := startNezha(t, simulator.NezhaOptions{Version: version, Servers: 7})
			ds := newTestDatasource(t, nezhaInstance(url, "auto", sim.Token()))
			rsp := callResource(t, ds, http.MethodGet, "nezha/servers")
			if rsp.status != http.StatusOK {
				t.Fatalf("status %d: %s", rsp.status, rsp.body)
			}
			options := decodeBody[[]option](t, rsp)
			servers, err := ds.nezha.Servers(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ids := sim.ServerIDs()
			if len(options) != len(ids) || len(servers) != len(ids) {
				t.Fatalf("%d options, %d servers read, for a fleet of %d", len(options), len(servers), len(ids))
			}
			tagged := 0
			for i, o := range options {
				s := servers[i]
				want := option{Value: strconv.FormatUint(ids[i], 10), Label: s.Name, Description: strings.Join(s.Tags, ", ")}
				if o != want || o.Label == "" {
					t.Errorf("option %d = %+v, want %+v", i, o, want)
				}
				if o.Description != "" {
					tagged++
				}
			}
			if tagged == 0 {
				t.Error("no option names a tag")
			}
		})
	}
}

func TestNezhaResourceTags(t *testing.T) {
	cases := []struct {
		version string
		want    []string
	}{
		// The simulator tags servers prod, staging, none in turn; v2 adds the first to "edge".
		{"v0", []string{"prod", "staging"}},
		{"v2", []string{"edge", "prod", "staging"}},
	}
	for _, c := range cases {
		t.Run(c.version, func(t *testing.T) {
			sim, url := startNezha(t, simulator.NezhaOptions{Version: c.version, Servers: 7})
			ds := newTestDatasource(t, nezhaInstance(url, c.version, sim.Token()))
			rsp := callResource(t, ds, http.MethodGet, "nezha/tags")
			if rsp.status != http.StatusOK {
				t.Fatalf("status %d: %s", rsp.status, rsp.body)
			}
			options := decodeBody[[]option](t, rsp)
			servers, err := ds.nezha.Servers(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range options {
				got = append(got, o.Value)
				n := 0
				for _, s := range servers {
					if slices.Contains(s.Tags, o.Value) {
						n++
					}
				}
				if o.Label != o.Value || o.Description != serverCount(n) {
					t.Errorf("tag option %+v, want label %q and %q", o, o.Value, serverCount(n))
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("tags %v, want %v", got, c.want)
			}
		})
	}
}

func TestNezhaResourcesRefuseWhatDoesNotApply(t *testing.T) {
	scpSim, scpURL := startSimulator(t, simulator.Options{Servers: 2})
	scpDS := newTestDatasource(t, instanceSettings(scpURL, scpSim.RefreshToken()))
	sim, url := startNezha(t, simulator.NezhaOptions{Version: "v2", Servers: 3})
	noToken := newTestDatasource(t, nezhaInstance(url, "v2", ""))
	for _, path := range []string{"nezha/servers", "nezha/tags"} {
		if rsp := callResource(t, scpDS, http.MethodGet, path); rsp.status != http.StatusBadRequest ||
			!strings.Contains(errorOf(t, rsp), "reads netcup SCP; the Nezha lookups do not apply") {
			t.Errorf("%s on an SCP data source: %d %s", path, rsp.status, rsp.body)
		}
		if rsp := callResource(t, noToken, http.MethodGet, path); rsp.status != http.StatusBadRequest ||
			!strings.Contains(errorOf(t, rsp), "no Nezha API token is configured") {
			t.Errorf("%s without a token: %d %s", path, rsp.status, rsp.body)
		}
		if rsp := callResource(t, noToken, http.MethodPost, path); rsp.status != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d %s, want 405", path, rsp.status, rsp.body)
		}
	}
	if n := sim.TotalCalls(); n != 0 {
		t.Errorf("refused lookups called the dashboard %d times", n)
	}
}

func TestNezhaResourcesBadTokenIsABadGatewayWithoutTheToken(t *testing.T) {
	const bad = "nzp_bad-token-that-must-not-leak"
	for _, version := range []string{"v0", "v2"} {
		t.Run(version, func(t *testing.T) {
			sim, url := startNezha(t, simulator.NezhaOptions{Version: version, Servers: 3})
			ds := newTestDatasource(t, nezhaInstance(url, version, "Bearer "+bad))
			for _, path := range []string{"nezha/servers", "nezha/tags"} {
				rsp := callResource(t, ds, http.MethodGet, path)
				if rsp.status != http.StatusBadGateway || !strings.Contains(errorOf(t, rsp), "token rejected") {
					t.Errorf("%s: %d %s, want 502 saying the token was rejected", path, rsp.status, rsp.body)
				}
				if strings.Contains(string(rsp.body), bad) {
					t.Errorf("%s leaks the token: %s", path, rsp.body)
				}
			}
			// The rejected token is not sent again for the second lookup.
			if n := sim.TotalCalls(); n != 1 {
				t.Errorf("%d calls to the dashboard, want 1: %s", n, fmt.Sprint(sim.CallLog()))
			}
		})
	}
}
