package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// resourceResponse is what one resource call sent back.
type resourceResponse struct {
	status int
	header map[string][]string
	body   []byte
}

// callResource calls a route the way Grafana does: the path without a leading slash.
func callResource(t *testing.T, ds *Datasource, method, path string) resourceResponse {
	t.Helper()
	req := &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{Namespace: "default", User: &backend.User{Login: "viewer", Role: "Viewer"}},
		Method:        method,
		Path:          path,
		URL:           path,
	}
	var sent []*backend.CallResourceResponse
	err := ds.CallResource(context.Background(), req, backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
		sent = append(sent, r)
		return nil
	}))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if len(sent) != 1 {
		t.Fatalf("%s %s: %d responses, want 1", method, path, len(sent))
	}
	if ct := strings.Join(sent[0].Headers["Content-Type"], ""); ct != "application/json" {
		t.Errorf("%s %s: content type %q, want JSON", method, path, ct)
	}
	return resourceResponse{status: sent[0].Status, header: sent[0].Headers, body: sent[0].Body}
}

func decodeBody[T any](t *testing.T, rsp resourceResponse) T {
	t.Helper()
	var out T
	if err := json.Unmarshal(rsp.body, &out); err != nil {
		t.Fatalf("body %s: %v", rsp.body, err)
	}
	return out
}

func errorOf(t *testing.T, rsp resourceResponse) string {
	t.Helper()
	return decodeBody[map[string]string](t, rsp)["message"]
}

func newResourceDatasource(t *testing.T) (*Datasource, *simulator.Simulator) {
	t.Helper()
	sim, baseURL := startSimulator(t, simulator.Options{Servers: 5, Seed: 1})
	return newTestDatasource(t, instanceSettings(baseURL, sim.RefreshToken())), sim
}

func TestResourceServers(t *testing.T) {
	ds, sim := newResourceDatasource(t)
	rsp := callResource(t, ds, http.MethodGet, "servers")
	if rsp.status != http.StatusOK {
		t.Fatalf("status %d: %s", rsp.status, rsp.body)
	}
	options := decodeBody[[]option](t, rsp)
	ids := sim.ServerIDs()
	if len(options) != len(ids) {
		t.Fatalf("%d options for %d servers", len(options), len(ids))
	}
	servers, err := ds.client.ListServers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range options {
		s := servers[i]
		if o.Value != strconv.Itoa(int(ids[i])) {
			t.Errorf("option %d value = %s, want %d", i, o.Value, ids[i])
		}
		wantLabel := *s.Name
		if s.Nickname != nil && *s.Nickname != "" {
			wantLabel = *s.Nickname
			if !strings.HasPrefix(o.Description, *s.Name+" · ") {
				t.Errorf("description %q does not start with the server name %s", o.Description, *s.Name)
			}
		}
		if o.Label != wantLabel {
			t.Errorf("label = %q, want %q", o.Label, wantLabel)
		}
		if s.Hostname != nil && !strings.HasSuffix(o.Description, *s.Hostname) {
			t.Errorf("description %q does not name the hostname %s", o.Description, *s.Hostname)
		}
	}
}

func TestResourceDisksAndInterfaces(t *testing.T) {
	ds, sim := newResourceDatasource(t)
	id := sim.ServerIDs()[0]
	ctx := context.Background()

	disks, err := ds.client.Disks(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rsp := callResource(t, ds, http.MethodGet, "servers/"+strconv.Itoa(int(id))+"/disks")
	options := decodeBody[[]option](t, rsp)
	if rsp.status != http.StatusOK || len(options) != len(disks) || len(options) == 0 {
		t.Fatalf("disks: %d %s, want %d disks", rsp.status, rsp.body, len(disks))
	}
	for i, o := range options {
		if o.Value != *disks[i].Name || o.Label != *disks[i].Name || !strings.Contains(o.Description, "GiB") {
			t.Errorf("disk option %+v, want %s with its size", o, *disks[i].Name)
		}
	}

	ifaces, err := ds.client.Interfaces(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rsp = callResource(t, ds, http.MethodGet, "servers/"+strconv.Itoa(int(id))+"/interfaces")
	options = decodeBody[[]option](t, rsp)
	if rsp.status != http.StatusOK || len(options) != len(ifaces) || len(options) == 0 {
		t.Fatalf("interfaces: %d %s, want %d interfaces", rsp.status, rsp.body, len(ifaces))
	}
	for i, o := range options {
		if o.Value != *ifaces[i].Mac || strings.Count(o.Value, ":") != 5 {
			t.Errorf("interface option %+v, want MAC %s", o, *ifaces[i].Mac)
		}
	}
}

func TestResourceUnknownServer(t *testing.T) {
	ds, _ := newResourceDatasource(t)
	for _, path := range []string{"servers/999/disks", "servers/999/interfaces"} {
		rsp := callResource(t, ds, http.MethodGet, path)
		if rsp.status != http.StatusNotFound || !strings.Contains(errorOf(t, rsp), "server 999 is not in this account") {
			t.Errorf("%s: %d %s, want 404 naming the id", path, rsp.status, rsp.body)
		}
	}
	rsp := callResource(t, ds, http.MethodGet, "servers/web1/disks")
	if rsp.status != http.StatusBadRequest || !strings.Contains(errorOf(t, rsp), `"web1" is not a number`) {
		t.Errorf("non-numeric id: %d %s", rsp.status, rsp.body)
	}
}

func TestResourceRawPaths(t *testing.T) {
	ds, _ := newResourceDatasource(t)
	rsp := callResource(t, ds, http.MethodGet, "raw-paths")
	if rsp.status != http.StatusOK {
		t.Fatalf("status %d: %s", rsp.status, rsp.body)
	}
	type param struct {
		Name, Type string
		Required   bool
	}
	ops := decodeBody[[]struct {
		Path        string
		PathParams  []param
		QueryParams []param
	}](t, rsp)
	byPath := map[string]int{}
	for i, op := range ops {
		byPath[op.Path] = i
	}
	cpu, ok := byPath["/api/v1/servers/{serverId}/metrics/cpu"]
	if !ok {
		t.Fatalf("metrics/cpu missing from %d paths", len(ops))
	}
	if got := ops[cpu]; len(got.PathParams) != 1 || got.PathParams[0] != (param{"serverId", "integer", true}) ||
		len(got.QueryParams) != 1 || got.QueryParams[0].Name != "hours" {
		t.Errorf("metrics/cpu = %+v", got)
	}
	for _, refused := range []string{"/api/v1/openapi", "/api/v1/rdns/ipv4", "/api/v1/servers/{serverId}/gpu-driver"} {
		if _, ok := byPath[refused]; ok {
			t.Errorf("%s is offered to raw queries", refused)
		}
	}
}

func TestResourceUnknownRouteAndMethod(t *testing.T) {
	ds, _ := newResourceDatasource(t)
	rsp := callResource(t, ds, http.MethodGet, "nothing/here")
	if rsp.status != http.StatusNotFound || errorOf(t, rsp) == "" {
		t.Errorf("unknown route: %d %s, want a JSON 404", rsp.status, rsp.body)
	}
	for _, tc := range []struct{ method, path string }{
		{http.MethodPost, "servers"},
		{http.MethodDelete, "servers/1/disks"},
		{http.MethodPut, "servers/1/interfaces"},
		{http.MethodPatch, "raw-paths"},
	} {
		rsp := callResource(t, ds, tc.method, tc.path)
		if rsp.status != http.StatusMethodNotAllowed || !strings.Contains(errorOf(t, rsp), tc.method+" is not allowed") {
			t.Errorf("%s %s: %d %s, want a JSON 405", tc.method, tc.path, rsp.status, rsp.body)
		}
		if allow := strings.Join(rsp.header["Allow"], ","); !strings.Contains(allow, http.MethodGet) {
			t.Errorf("%s %s: Allow = %q, want GET", tc.method, tc.path, allow)
		}
	}
}

func TestResourceConfigError(t *testing.T) {
	_, baseURL := startSimulator(t, simulator.Options{Servers: 5, Seed: 1})
	ds := newTestDatasource(t, instanceSettings(baseURL, ""))
	for _, path := range []string{"servers", "servers/1/disks", "servers/1/interfaces"} {
		rsp := callResource(t, ds, http.MethodGet, path)
		if rsp.status != http.StatusBadRequest || errorOf(t, rsp) != models.ErrMissingToken.Error() {
			t.Errorf("%s: %d %s, want 400 with the settings problem", path, rsp.status, rsp.body)
		}
	}
	// The spec listing needs no SCP call, so the raw editor works while settings are incomplete.
	if rsp := callResource(t, ds, http.MethodGet, "raw-paths"); rsp.status != http.StatusOK {
		t.Errorf("raw-paths: %d %s", rsp.status, rsp.body)
	}
}

func TestResourceSCPMaintenance(t *testing.T) {
	ds, sim := newResourceDatasource(t)
	sim.SetFaults(simulator.Faults{Maintenance: true})
	rsp := callResource(t, ds, http.MethodGet, "servers/"+strconv.Itoa(int(sim.ServerIDs()[0]))+"/disks")
	if rsp.status != http.StatusServiceUnavailable || !strings.Contains(errorOf(t, rsp), "maintenance") {
		t.Errorf("%d %s, want 503 naming maintenance", rsp.status, rsp.body)
	}
}

func TestResourceBodiesNeverCarryTokens(t *testing.T) {
	sim, baseURL := startSimulator(t, simulator.Options{Servers: 5, Seed: 1})
	id := strconv.Itoa(int(sim.ServerIDs()[0]))
	paths := []string{"servers", "servers/" + id + "/disks", "servers/" + id + "/interfaces", "raw-paths", "servers/999/disks", "nothing"}
	// A fresh instance per phase, so no answer comes from the client's cache.
	check := func(phase string, wantStatus int) {
		ds := newTestDatasource(t, instanceSettings(baseURL, sim.RefreshToken()))
		for _, path := range paths {
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				rsp := callResource(t, ds, method, path)
				body := string(rsp.body)
				for _, secret := range []string{sim.RefreshToken(), "sim-at-", "Bearer"} {
					if strings.Contains(body, secret) {
						t.Errorf("%s: %s %s leaks %q: %s", phase, method, path, secret, body)
					}
				}
			}
		}
		if rsp := callResource(t, ds, http.MethodGet, "servers"); rsp.status != wantStatus {
			t.Errorf("%s: servers answered %d %s, want %d", phase, rsp.status, rsp.body, wantStatus)
		}
	}
	check("healthy", http.StatusOK)
	sim.SetFaults(simulator.Faults{Maintenance: true})
	check("maintenance", http.StatusServiceUnavailable)
	sim.SetFaults(simulator.Faults{})
	sim.RevokeRefreshToken(sim.RefreshToken())
	check("revoked", http.StatusBadGateway)
}
