package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestRawAccessLevelsAsAViewer: through the executable and as a Viewer, each raw access level
// allows what it should, refuses the rest with a 400 plugin error naming the setting, and
// lists only what it allows.
func TestRawAccessLevelsAsAViewer(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2, Seed: 8})
	server := fmt.Sprintf("/api/v1/servers/%d/disks", sim.ServerIDs()[0])
	account := "/api/v1/users/{userId}/ssh-keys"
	cases := []struct {
		level             string
		servers, accounts bool
	}{
		{"off", false, false},
		{"servers", true, false},
		{"", true, false}, // the default
		{"all", true, true},
	}
	for _, tc := range cases {
		ds := dataSourceFor(url, sim.RefreshToken())
		ds.Role = "Viewer"
		if tc.level != "" {
			ds.JSONData["rawAccess"] = tc.level
		}
		now := time.Now()
		rsp, err := p.QueryData(ctx, ds,
			Query{RefID: "S", JSON: map[string]any{"queryType": "raw", "path": server}, From: now.Add(-time.Hour), To: now},
			Query{RefID: "U", JSON: map[string]any{"queryType": "raw", "path": account}, From: now.Add(-time.Hour), To: now},
			Query{RefID: "L", JSON: map[string]any{"queryType": "logs", "logSource": "user"}, From: now.Add(-time.Hour), To: now})
		if err != nil {
			t.Fatal(err)
		}
		for refID, allowed := range map[string]bool{"S": tc.servers, "U": tc.accounts, "L": tc.accounts} {
			r := rsp.Responses[refID]
			switch {
			case allowed && r.Error != nil:
				t.Errorf("raw access %q: %s refused: %v", tc.level, refID, r.Error)
			case !allowed && (r.Error == nil || r.Status != backend.StatusBadRequest || r.ErrorSource != backend.ErrorSourcePlugin || !strings.Contains(r.Error.Error(), "Raw access")):
				t.Errorf("raw access %q: %s answered %v (status %d, source %q), want a 400 plugin error naming Raw access", tc.level, refID, r.Error, r.Status, r.ErrorSource)
			}
		}

		res, err := p.CallResource(ctx, ds, http.MethodGet, "raw-paths", nil)
		if err != nil {
			t.Fatal(err)
		}
		var ops []struct{ Path string }
		if err := json.Unmarshal(res.Body, &ops); err != nil {
			t.Fatalf("raw-paths: %v: %s", err, res.Body)
		}
		listsServers, listsAccount := false, false
		for _, op := range ops {
			listsServers = listsServers || op.Path == "/api/v1/servers/{serverId}/disks"
			listsAccount = listsAccount || strings.HasPrefix(op.Path, "/api/v1/users/")
		}
		if listsServers != tc.servers || listsAccount != tc.accounts {
			t.Errorf("raw access %q lists server reads %v and account reads %v, want %v and %v", tc.level, listsServers, listsAccount, tc.servers, tc.accounts)
		}
	}
}
