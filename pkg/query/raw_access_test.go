package query

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestRawAccessLevels: each level the Admin picks allows exactly its reads, and a refused
// read names the setting and never reaches SCP.
func TestRawAccessLevels(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 3, Seed: 1})
	id := firstServer(t, sim)
	serverReads := []string{"/api/v1/servers", "/api/v1/servers/" + id + "/disks", "/api/v1/tasks", "/api/v1/maintenance"}
	accountReads := []string{"/api/v1/users/{userId}", "/api/v1/users/{userId}/ssh-keys", "/api/v1/users/{userId}/logs", "/api/v1/users/{userId}/firewall-policies"}
	cases := []struct {
		level            models.RawAccess
		servers, account bool
		refusal          string
	}{
		{models.RawAccessOff, false, false, "raw queries are turned off"},
		{models.RawAccessServers, true, false, `set Raw access to "all"`},
		{models.RawAccessAll, true, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.level, func(t *testing.T) {
			check := func(path string, allowed bool) {
				req := rawQuery(path, nil)
				req.RawAccess = tc.level
				sim.ResetCalls()
				rsp := Raw(ctx, client, req)
				if allowed {
					if rsp.Error != nil {
						t.Errorf("%s refused: %v", path, rsp.Error)
					}
					return
				}
				if rsp.Error == nil || !strings.Contains(rsp.Error.Error(), tc.refusal) || rsp.ErrorSource != backend.ErrorSourcePlugin {
					t.Errorf("%s: error %v (source %q), want a plugin error containing %q", path, rsp.Error, rsp.ErrorSource, tc.refusal)
				}
				if calls := sim.CallLog(); len(calls) != 0 {
					t.Errorf("%s was refused but still called SCP: %v", path, calls)
				}
			}
			for _, path := range serverReads {
				check(path, tc.servers)
			}
			for _, path := range accountReads {
				check(path, tc.account)
			}
		})
	}
}

// TestUserLogsFollowTheRawAccessLevel: the user log is account data too.
func TestUserLogsFollowTheRawAccessLevel(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 3, Seed: 1})
	for level, allowed := range map[models.RawAccess]bool{models.RawAccessServers: false, models.RawAccessAll: true} {
		req := newRequest(models.Query{QueryType: models.QueryTypeLogs, LogSource: "user"})
		req.RawAccess = level
		rsp := Logs(ctx, client, req)
		if allowed != (rsp.Error == nil) {
			t.Errorf("user logs at raw access %q: error %v", level, rsp.Error)
		}
	}
}
