package harness

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestRotatedRefreshTokenKeepsWorking: a token endpoint that issues a new refresh token with
// every refresh and revokes the old one (Keycloak's "Revoke Refresh Token") does not sign the
// plugin out; health says a newer token was issued and how to store it; the new token never
// shows.
func TestRotatedRefreshTokenKeepsWorking(t *testing.T) {
	p, logs := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2, Seed: 9, RotateRefreshTokens: true})
	ds := dataSourceFor(url, sim.RefreshToken())
	tr := &transcript{t: t}
	servers := Query{RefID: "A", JSON: map[string]any{"queryType": "serverStatus"}, From: time.Now().Add(-time.Hour), To: time.Now()}
	for round := range 3 {
		if rsp := tr.query(p, ctx, ds, servers); rsp.Responses["A"].Error != nil {
			t.Fatalf("round %d: %v", round, rsp.Responses["A"].Error)
		}
		sim.ExpireAccessTokens() // the next call refreshes with the rotated token; the old one is revoked
	}
	health := tr.health(p, ctx, ds)
	if health.Status != backend.HealthStatusOk || !strings.Contains(health.Message, "issued a new refresh token") || !strings.Contains(health.Message, "Sign in with netcup") {
		t.Errorf("health = %v %q, want OK with a warning to sign in again", health.Status, health.Message)
	}
	tr.mustNotHold(logs.String(), secretMarkers)
}
