package query

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestSnapshotsGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots}))
	checkGolden(t, "snapshots", rsp)
}

func TestSnapshotsOfAServerInMaintenanceAreNamed(t *testing.T) {
	_, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	down := sim.ServerIDs()[1]
	client, _ := newFaultyClient(t, scpFault{
		match:  serverPaths(down, "/snapshots"),
		status: http.StatusServiceUnavailable,
		body:   `{"code":"error.maintenance","message":"Node is in maintenance mode"}`,
	})
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	notices := warnings(rsp)
	if len(notices) != 1 || !strings.Contains(notices[0], "maintenance") || !strings.Contains(notices[0], fmt.Sprint(down)) {
		t.Errorf("notices = %q, want one naming server %d in maintenance", notices, down)
	}
	if servers := columnValues(t, rsp.Frames[0], "serverId"); slices.Contains(servers, fmt.Sprint(down)) || len(servers) == 0 {
		t.Errorf("rows for servers %v; want the others' snapshots and none of %d", servers, down)
	}
}

func TestSnapshotSizesAreBytes(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	sizes := map[string]string{}
	frame := rsp.Frames[0]
	for i, uuid := range columnValues(t, frame, "uuid") {
		sizes[uuid] = columnValues(t, frame, "exportedSizeBytes")[i]
	}
	exported := 0
	for _, id := range sim.ServerIDs() {
		snapshots, err := client.Snapshots(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range snapshots {
			want := "null"
			if s.ExportedSizeInKiB != nil {
				want = fmt.Sprint(*s.ExportedSizeInKiB * 1024)
				exported++
			}
			if got, ok := sizes[*s.Uuid]; !ok || got != want {
				t.Errorf("snapshot %s: exportedSizeBytes %q, want %s", *s.Uuid, got, want)
			}
		}
	}
	if exported == 0 || len(sizes) == 0 {
		t.Error("no exported snapshot in the fleet; the size went untested")
	}
}
