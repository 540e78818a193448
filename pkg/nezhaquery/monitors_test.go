package nezhaquery

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestMonitorsGolden(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, _ := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 4, Seed: 1})
			rsp := Monitors(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMonitors}, time.Hour))
			answertest.CheckGolden(t, "monitors_"+version, rsp)
		})
	}
}

// v0's /monitor/{id} takes a SERVER id; v2 lists a server's monitors, then reads each
// monitor's history once for all servers.
func TestMonitorsCalls(t *testing.T) {
	const servers = 6 // 5 have reported; monitor 3 covers only the prod servers
	for _, c := range []struct {
		version string
		want    map[string]int
	}{
		{models.NezhaAPIV0, map[string]int{"GET /api/v1/server/details": 1, "GET /api/v1/monitor/{id}": servers}},
		{models.NezhaAPIV2, map[string]int{
			"GET /api/v1/server": 1, "GET /api/v1/server-group": 1,
			"GET /api/v1/server/{id}/service": servers, "GET /api/v1/service/{id}/history": 3,
		}},
	} {
		t.Run(c.version, func(t *testing.T) {
			client, sim := newEnv(t, simulator.NezhaOptions{Version: c.version, Servers: servers, Seed: 1})
			rsp := Monitors(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMonitors}, time.Hour))
			if rsp.Error != nil {
				t.Fatal(rsp.Error)
			}
			calls := sim.Calls()
			for route, n := range c.want {
				if calls[route] != n {
					t.Errorf("%s: %d calls, want %d (all: %v)", route, calls[route], n, calls)
				}
			}
			// 5 reporting servers × 2 monitors for all, + 2 prod servers × the prod-only monitor.
			if len(rsp.Frames) != 12 {
				t.Errorf("%d frames, want 12", len(rsp.Frames))
			}
			for _, f := range rsp.Frames {
				if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Fields[1].Config.Unit != "ms" {
					t.Fatalf("frame %s: type %s unit %q", f.Name, f.Meta.Type, f.Fields[1].Config.Unit)
				}
				for _, l := range []string{"server_id", "server", "tag", "monitor_id", "monitor"} {
					if _, ok := f.Fields[1].Labels[l]; !ok {
						t.Fatalf("frame %s lacks label %s", f.Name, l)
					}
				}
			}
		})
	}
}

// v2 marks failed probes; they are gaps, not 0 ms.
func TestMonitorsFailedProbesAreGaps(t *testing.T) {
	client, _ := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 6, Seed: 1})
	rsp := Monitors(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMonitors}, 24*time.Hour))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	gaps := 0
	for _, f := range rsp.Frames {
		for i := 0; i < f.Fields[1].Len(); i++ {
			v := f.Fields[1].At(i).(*float64)
			switch {
			case v == nil:
				gaps++
			case *v <= 0:
				t.Fatalf("frame %s: delay %v", f.Name, *v)
			}
		}
	}
	if gaps == 0 {
		t.Error("no failed probe in a day of the simulated fleet; the gap handling went untested")
	}
}

func TestMonitorsV0RangeBeyond24Hours(t *testing.T) {
	client, sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV0, Servers: 2})
	rsp := Monitors(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMonitors}, 3*24*time.Hour))
	if rsp.Error != nil || len(rsp.Frames) == 0 {
		t.Fatalf("%v, %d frames", rsp.Error, len(rsp.Frames))
	}
	if n := len(rsp.Frames[0].Meta.Notices); n != 1 {
		t.Errorf("%d notices, want one about v0's 24 hours", n)
	}
	if sim.Calls()["GET /api/v1/monitor/{id}"] != 2 {
		t.Errorf("calls %v", sim.Calls())
	}
}
