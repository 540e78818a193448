package harness

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestUpstreamEchoesNeverReachUsers: an SCP whose API quotes the request's Authorization
// header in its 400s, and whose token, device and revoke endpoints quote the posted form
// (refresh token included), is asked everything once the plugin holds tokens. No access or
// refresh token reaches an error, notice, frame, health message, resource body or log line.
func TestUpstreamEchoesNeverReachUsers(t *testing.T) {
	p, logs := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 4, Seed: 6})
	ds := dataSourceFor(url, sim.RefreshToken())
	ds.JSONData["rawAccess"] = "all"
	tr := &transcript{t: t}
	if rsp := tr.query(p, ctx, ds, everyQuery(nil, time.Now())[:1]...); rsp.Responses["Q0"].Error != nil {
		t.Fatalf("before the echo: %v", rsp.Responses["Q0"].Error) // the plugin now holds an access token
	}

	sim.SetFaults(simulator.Faults{Echo: true})
	tr.health(p, ctx, ds)
	rsp := tr.query(p, ctx, ds, everyQuery(sim.ServerIDs(), time.Now())...)
	id := sim.ServerIDs()[0]
	for _, path := range []string{"servers", fmt.Sprintf("servers/%d/disks", id), fmt.Sprintf("servers/%d/interfaces", id)} {
		tr.resource(p, ctx, ds, http.MethodGet, path, nil)
	}
	for _, path := range []string{"device/start", "device/revoke"} {
		tr.resource(p, ctx, ds, http.MethodPost, path, []byte("{}"))
	}
	sim.ExpireAccessTokens() // the refresh now posts the refresh token to an echoing endpoint
	tr.query(p, ctx, ds, everyQuery(nil, time.Now())[:3]...)
	tr.health(p, ctx, ds)

	// The echo happened, and was cut out where it would have shown.
	echoed := 0
	for _, r := range rsp.Responses {
		if r.Error != nil && strings.Contains(r.Error.Error(), "Authorization: Bearer [redacted]") {
			echoed++
		}
	}
	if echoed == 0 {
		t.Error("no query showed SCP's echo with the token redacted: the test did not test anything")
	}
	t.Logf("%d of %d queries showed SCP's echo, redacted", echoed, len(rsp.Responses))
	tr.mustNotHold(logs.String(), secretMarkers)
}
