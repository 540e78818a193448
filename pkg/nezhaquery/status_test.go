package nezhaquery

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestStatusGolden(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			client, _ := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 5, Seed: 1})
			table := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus}))
			answertest.CheckGolden(t, "status_"+version, table)
			cpu := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus, Field: "cpuPercent"}))
			answertest.CheckGolden(t, "status_cpuPercent_"+version, cpu)
			online := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus, Field: "online"}))
			answertest.CheckGolden(t, "status_online_"+version, online)
		})
	}
}

// Both versions describe the same fleet, so every state value must decode to the same number:
// v0's Go field names and v2's omitted zero fields included.
func TestStatusVersionsAgree(t *testing.T) {
	tables := map[string]*data.Frame{}
	for _, version := range versions {
		client, _ := newEnv(t, simulator.NezhaOptions{Version: version, Servers: 8, Seed: 3})
		rsp := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus}))
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		tables[version] = rsp.Frames[0]
	}
	v0, v2 := tables[models.NezhaAPIV0], tables[models.NezhaAPIV2]
	zeros := 0
	for _, f := range v0.Fields {
		if f.Name == "tag" { // v2 groups: the first server is in two
			continue
		}
		other, _ := v2.FieldByName(f.Name)
		if other == nil {
			t.Fatalf("v2 has no column %s", f.Name)
		}
		for i := 0; i < f.Len(); i++ {
			a, _ := f.ConcreteAt(i)
			b, _ := other.ConcreteAt(i)
			if a != b {
				t.Errorf("%s row %d: v0 %v, v2 %v", f.Name, i, a, b)
			}
			if n, ok := a.(int64); ok && n == 0 {
				zeros++
			}
		}
	}
	if zeros == 0 {
		t.Error("no zero counter in the fleet: v2's omitted fields were not exercised")
	}
}

func TestStatusUnits(t *testing.T) {
	client, _ := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 3})
	want := map[string]string{
		"cpuPercent": "percent", "memUsedBytes": "bytes", "memUsedPercent": "percent", "swapUsedBytes": "bytes",
		"diskUsedPercent": "percent", "netInSpeed": "Bps", "netOutSpeed": "Bps", "netInTransferBytes": "bytes",
		"uptimeSeconds": "s", "load1": "", "tcpConnections": "", "processes": "", "online": "",
	}
	for field, unitID := range want {
		rsp := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus, Field: field}))
		if rsp.Error != nil || len(rsp.Frames) != 3 {
			t.Fatalf("%s: %v, %d frames", field, rsp.Error, len(rsp.Frames))
		}
		f := rsp.Frames[0].Fields[0]
		got := ""
		if f.Config != nil {
			got = f.Config.Unit
		}
		if got != unitID {
			t.Errorf("%s: unit %q, want %q", field, got, unitID)
		}
		if rsp.Frames[0].Meta.Type != data.FrameTypeNumericMulti {
			t.Errorf("%s: frame type %s", field, rsp.Frames[0].Meta.Type)
		}
		for _, label := range []string{"server_id", "server", "tag"} {
			if _, ok := f.Labels[label]; !ok {
				t.Errorf("%s: label %s missing", field, label)
			}
		}
	}
}

func TestStatusUnknownFieldListsValidOnes(t *testing.T) {
	client, sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV0, Servers: 3})
	rsp := Status(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaStatus, Field: "cpu"}))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("got %v (%s), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
	for _, want := range []string{`"cpu"`, "cpuPercent", "memUsedPercent", "load15", "online", "uptimeSeconds"} {
		if !strings.Contains(rsp.Error.Error(), want) {
			t.Errorf("error %q does not mention %s", rsp.Error, want)
		}
	}
	if n := sim.TotalCalls(); n != 0 {
		t.Errorf("a bad field cost %d upstream calls, want 0", n)
	}
}
