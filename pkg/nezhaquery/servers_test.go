package nezhaquery

import (
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestServersGolden(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, _ := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 5, Seed: 1})
			rsp := Servers(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaServers}))
			answertest.CheckGolden(t, "servers_"+version, rsp)
		})
	}
}

// A server that never reported since the dashboard started reads as null last-active and
// offline, not as 1970 or year 1, in both versions.
func TestNeverReportedIsNullAndOffline(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, sim := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 5, Seed: 1})
			never := sim.NeverReportedIDs()
			if len(never) != 1 {
				t.Fatalf("simulator has %d never-reported servers, want 1", len(never))
			}
			rsp := Servers(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaServers}))
			if rsp.Error != nil {
				t.Fatal(rsp.Error)
			}
			frame := rsp.Frames[0]
			ids, _ := frame.FieldByName("id")
			last, _ := frame.FieldByName("lastActive")
			online, _ := frame.FieldByName("online")
			found := false
			for i := 0; i < frame.Rows(); i++ {
				lastActive := last.At(i).(*time.Time)
				if uint64(ids.At(i).(int64)) == never[0] {
					found = true
					if lastActive != nil {
						t.Errorf("never-reported server: lastActive = %v, want null", *lastActive)
					}
					if online.At(i).(bool) {
						t.Error("never-reported server is online")
					}
					continue
				}
				if lastActive == nil || lastActive.Year() < 2000 {
					t.Errorf("row %d: lastActive = %v, want a real time", i, lastActive)
				}
			}
			if !found {
				t.Fatal("never-reported server missing from the table")
			}

			// In numeric mode its online value is 0, so an alert on online < 1 fires for it.
			status := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus, Field: "online", ServerMode: models.ServerModeIDs, ServerIDs: []string{idString(never[0])}}))
			if status.Error != nil || len(status.Frames) != 1 {
				t.Fatalf("online frame: %v, %d frames", status.Error, len(status.Frames))
			}
			if v := status.Frames[0].Fields[0].At(0).(*float64); v == nil || *v != 0 {
				t.Errorf("online of a never-reported server = %v, want 0", v)
			}
		})
	}
}
