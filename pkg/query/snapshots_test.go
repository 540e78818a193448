package query

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestSnapshotsGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots}))
	answertest.CheckGolden(t, "snapshots", rsp)
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

// snapshotAgeFleet has a server whose newest snapshot is two days old (and which has no
// nickname), one whose newest is eight days old, and three without snapshots.
var snapshotAgeFleet = simulator.Options{Servers: 5, Seed: 2}

func TestSnapshotNumbersGolden(t *testing.T) {
	client, _ := newTestClient(t, snapshotAgeFleet)
	for _, field := range []string{"snapshotCount", "newestSnapshotAgeSeconds"} {
		t.Run(field, func(t *testing.T) {
			answertest.CheckGolden(t, "snapshots-"+field, Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots, Field: field})))
		})
	}
}

// The numbers must say what the snapshot table says: its row count and newest creation
// time per server, with null ages for servers without snapshots.
func TestSnapshotNumbersMatchTheTable(t *testing.T) {
	client, sim := newTestClient(t, snapshotAgeFleet)
	table := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots}))
	if table.Error != nil {
		t.Fatal(table.Error)
	}
	count, newest := map[string]int{}, map[string]time.Time{}
	ids := columnValues(t, table.Frames[0], "serverId")
	created, _ := table.Frames[0].FieldByName("creationTime")
	for i, id := range ids {
		count[id]++
		if c := *created.At(i).(*time.Time); c.After(newest[id]) {
			newest[id] = c
		}
	}
	ages := snapshotNumbers(t, client, "newestSnapshotAgeSeconds")
	counts := snapshotNumbers(t, client, "snapshotCount")
	var recent, old, none int
	for _, sid := range sim.ServerIDs() {
		id := serverIDText(sid)
		if got := counts[id]; got == nil || *got != float64(count[id]) {
			t.Errorf("server %s: snapshotCount %v, the table lists %d", id, got, count[id])
		}
		age, ok := ages[id]
		switch {
		case !ok:
			t.Errorf("server %s has no age frame", id)
		case count[id] == 0 && age != nil:
			t.Errorf("server %s has no snapshot but the age %v", id, *age)
		case count[id] == 0:
			none++
		case age == nil || *age != testNow.Sub(newest[id]).Seconds():
			t.Errorf("server %s: age %v, want %v since %s", id, age, testNow.Sub(newest[id]).Seconds(), newest[id])
		case *age < 7*86400:
			recent++
		default:
			old++
		}
	}
	if recent == 0 || old == 0 || none == 0 {
		t.Errorf("%d recent, %d old, %d without snapshots; the fleet must show all three", recent, old, none)
	}
}

// snapshotNumbers maps server ids to one numeric field's values.
func snapshotNumbers(t *testing.T, client *scp.Client, field string) map[string]*float64 {
	t.Helper()
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots, Field: field}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	out := map[string]*float64{}
	for _, f := range rsp.Frames {
		if f.Meta.Type != data.FrameTypeNumericMulti || f.Fields[0].Name != field {
			t.Fatalf("frame %s (%s) is not a numeric %s frame", f.Name, f.Meta.Type, field)
		}
		out[f.Fields[0].Labels["server_id"]] = numericValue(f)
	}
	return out
}

func TestSnapshotsUnknownField(t *testing.T) {
	client, _ := newTestClient(t, snapshotAgeFleet)
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots, Field: "age"}))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("error %v (source %q), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
	for _, name := range []string{`"age"`, "snapshotCount", "newestSnapshotAgeSeconds"} {
		if !strings.Contains(rsp.Error.Error(), name) {
			t.Errorf("error %q does not name %s", rsp.Error, name)
		}
	}
}
