package plugin

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func checkHealth(t *testing.T, ds *Datasource) *backend.CheckHealthResult {
	t.Helper()
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCheckHealth(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 12})
	revoked := sim.AddUser("revoked-user", 1, 9)
	sim.RevokeRefreshToken(revoked)

	maintenanceSim, maintenanceURL := startSimulator(t, simulator.Options{Servers: 2})
	maintenanceSim.SetFaults(simulator.Faults{Maintenance: true})
	pingDownSim, pingDownURL := startSimulator(t, simulator.Options{Servers: 2})
	pingDownSim.SetFaults(simulator.Faults{PingDown: true})

	cases := []struct {
		name     string
		settings backend.DataSourceInstanceSettings
		status   backend.HealthStatus
		message  string
	}{
		{"healthy", instanceSettings(url, sim.RefreshToken()), backend.HealthStatusOk, "Connected to netcup SCP as "},
		{"missing token", instanceSettings(url, ""), backend.HealthStatusError, "No netcup refresh token is configured"},
		{"unknown token", instanceSettings(url, "not-a-real-token"), backend.HealthStatusError, "The refresh token was rejected by netcup"},
		{"revoked token", instanceSettings(url, revoked), backend.HealthStatusError, "Sign in again"},
		{"unreachable host", instanceSettings("http://127.0.0.1:1", "tok"), backend.HealthStatusError, "Cannot reach the SCP API at http://127.0.0.1:1/scp-core"},
		{"maintenance on the API", instanceSettings(maintenanceURL, maintenanceSim.RefreshToken()), backend.HealthStatusError, "SCP is in maintenance"},
		{"maintenance on ping", instanceSettings(pingDownURL, pingDownSim.RefreshToken()), backend.HealthStatusError, "SCP is in maintenance"},
	}
	messages := map[string]string{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := checkHealth(t, newTestDatasource(t, c.settings))
			if res.Status != c.status || !strings.Contains(res.Message, c.message) {
				t.Fatalf("health = %v %q, want %v containing %q", res.Status, res.Message, c.status, c.message)
			}
			if first, _ := utf8.DecodeRuneInString(res.Message); !unicode.IsUpper(first) {
				t.Errorf("health message does not start with a capital letter: %q", res.Message)
			}
			for _, secret := range []string{sim.RefreshToken(), revoked, "not-a-real-token"} {
				if strings.Contains(res.Message, secret) {
					t.Fatalf("health message contains a refresh token: %q", res.Message)
				}
			}
			t.Logf("%s", res.Message)
			messages[c.name] = res.Message
		})
	}
	// Each kind of failure has its own message, so users can tell them apart.
	kinds := map[string]string{
		"missing token": "missing token", "unknown token": "rejected", "revoked token": "rejected",
		"unreachable host": "unreachable", "maintenance on the API": "maintenance", "maintenance on ping": "maintenance",
	}
	seen := map[string]string{}
	for name, kind := range kinds {
		msg := messages[name]
		if other, dup := seen[msg]; dup && other != kind {
			t.Errorf("%s and %s failures share the message %q", kind, other, msg)
		}
		seen[msg] = kind
	}
}

func TestCheckHealthCountsServers(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 12})
	res := checkHealth(t, newTestDatasource(t, instanceSettings(url, sim.RefreshToken())))
	if !strings.HasSuffix(res.Message, ": 12 servers") {
		t.Fatalf("message %q does not count 12 servers", res.Message)
	}
}

func TestCheckHealthBadURL(t *testing.T) {
	settings := instanceSettings("ftp://example", "tok")
	res := checkHealth(t, newTestDatasource(t, settings))
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "API URL") {
		t.Fatalf("health = %q", res.Message)
	}
}
