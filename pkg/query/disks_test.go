package query

import (
	"math"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestDisksGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks}))
	answertest.CheckGolden(t, "disks", rsp)
}

func TestDisksNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks, Field: "usedPercent"}))
	answertest.CheckGolden(t, "disks-usedPercent", rsp)
}

func TestDisksComeFromTheLiveInfo(t *testing.T) {
	for _, field := range []string{"", "capacityBytes"} {
		client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1}) // fresh: the client caches
		rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks, Field: field}))
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		calls := sim.Calls()
		if calls["GET /api/v1/servers/{serverId}"] != 5 || calls["GET /api/v1/servers/{serverId}/disks"] != 0 {
			t.Errorf("field %q: calls = %v, want one detail call per server and no /disks", field, calls)
		}
	}
}

func TestDiskValuesAreConsistent(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 40, Seed: 3})
	rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	capacity, _ := frame.FieldByName("capacityBytes")
	used, _ := frame.FieldByName("usedBytes")
	percent, _ := frame.FieldByName("usedPercent")
	required, optimization := columnValues(t, frame, "optimizationRequired"), columnValues(t, frame, "storageOptimization")
	sawRequired := false
	for i := range required {
		c, u, p := *capacity.At(i).(*int64), *used.At(i).(*int64), *percent.At(i).(*float64)
		if c%1048576 != 0 || u > c || math.Abs(float64(u)/float64(c)*100-p) > 1e-9 {
			t.Errorf("row %d: capacity %d, used %d, %v %%", i, c, u, p)
		}
		if (required[i] == "true") != (optimization[i] != "NO") {
			t.Errorf("row %d: optimizationRequired %s with storage optimization %s", i, required[i], optimization[i])
		}
		sawRequired = sawRequired || required[i] == "true"
	}
	if !sawRequired {
		t.Error("no disk needs optimisation in this fleet; the flag went untested")
	}
	for _, name := range []string{"capacityBytes", "usedBytes", "usedPercent"} {
		if f, _ := frame.FieldByName(name); f.Config == nil || f.Config.Unit == "" {
			t.Errorf("%s has no unit", name)
		}
	}
}

func TestDiskFramesAreLabelledWithTheDevice(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks, Field: "optimizationRequired"}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	seen := map[string]bool{}
	for _, f := range rsp.Frames {
		labels := f.Fields[0].Labels
		key := labels["server_id"] + "/" + labels["device"]
		if labels["device"] == "" || labels["server"] == "" || seen[key] {
			t.Errorf("frame labels %v: want a unique server and device", labels)
		}
		seen[key] = true
	}
	if len(rsp.Frames) != 10 {
		t.Errorf("%d frames, want one per disk (10)", len(rsp.Frames))
	}
}
