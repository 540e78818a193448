package query

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestServersGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Servers(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServers}))
	answertest.CheckGolden(t, "servers", rsp)
}

func TestServersPagesThroughTheWholeFleet(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 250, Seed: 3})
	rsp := Servers(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServers}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	if n, _ := frame.RowLen(); n != 250 {
		t.Fatalf("rows = %d, want 250", n)
	}
	if frame.Meta.Type != data.FrameTypeTable {
		t.Errorf("frame type = %s, want table", frame.Meta.Type)
	}
	// 250 servers in pages of 100: 100 + 100 + 50, the short page ends the paging.
	if got := sim.Calls()["GET /api/v1/servers"]; got != 3 {
		t.Errorf("list calls = %d, want 3", got)
	}
	seen := map[int64]bool{}
	ids := frame.Fields[0]
	for i := 0; i < ids.Len(); i++ {
		id := ids.At(i).(int64)
		if seen[id] {
			t.Fatalf("server %d listed twice", id)
		}
		seen[id] = true
	}
}
