package plugin

import (
	"context"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// startSimulator serves a simulated SCP account for one test.
func startSimulator(t testing.TB, opts simulator.Options) (*simulator.Simulator, string) {
	t.Helper()
	sim := simulator.New(opts)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return sim, srv.URL
}

// instanceSettings are the settings Grafana would pass for a data source pointed at baseURL.
// extra adds or overrides jsonData keys.
func instanceSettings(baseURL, refreshToken string, extra ...map[string]any) backend.DataSourceInstanceSettings {
	fields := map[string]any{
		"apiUrl":         baseURL + "/scp-core",
		"authUrl":        baseURL + "/realms/scp/protocol/openid-connect",
		"timeoutSeconds": 5,
	}
	for _, e := range extra {
		maps.Copy(fields, e)
	}
	jsonData, _ := json.Marshal(fields)
	secure := map[string]string{}
	if refreshToken != "" {
		secure["refreshToken"] = refreshToken
	}
	return backend.DataSourceInstanceSettings{ID: 1, UID: "scp", Type: "vpsfleet-netcupscp-datasource", JSONData: jsonData, DecryptedSecureJSONData: secure}
}

// newTestDatasource builds an instance the way the SDK's instance manager does.
func newTestDatasource(t testing.TB, settings backend.DataSourceInstanceSettings) *Datasource {
	t.Helper()
	inst, err := NewDatasource(context.Background(), settings)
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}
