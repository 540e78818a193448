package query

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestTrafficGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Traffic(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTraffic}))
	answertest.CheckGolden(t, "traffic", rsp)
}

func TestTrafficTotalGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Traffic(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTraffic, Field: "total"}))
	answertest.CheckGolden(t, "traffic-total", rsp)
}

// trafficValues maps "server_id/device/direction" to the value of each traffic frame.
func trafficValues(t *testing.T, rsp backend.DataResponse) map[string]float64 {
	t.Helper()
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	out := map[string]float64{}
	for _, f := range rsp.Frames {
		l := f.Fields[0].Labels
		v := numericValue(f)
		if v == nil {
			t.Fatalf("frame %v is null", l)
		}
		if f.Meta.Type != data.FrameTypeNumericMulti || f.Fields[0].Config.Unit != "bytes" {
			t.Errorf("frame %v: type %s unit %v, want numeric-multi in bytes", l, f.Meta.Type, f.Fields[0].Config)
		}
		if (l["device"] == "") != (f.Name == serverTrafficName) {
			t.Errorf("frame %s with labels %v: server frames have no device, interface frames one", f.Name, l)
		}
		out[l["server_id"]+"/"+l["device"]+"/"+l["direction"]] = *v
	}
	return out
}

func TestTrafficAddsUp(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 40, Seed: 3})
	values := trafficValues(t, Traffic(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTraffic})))
	sums := map[string]float64{}
	devices := map[string]int{}
	for key, v := range values {
		parts := strings.Split(key, "/")
		server, device, dir := parts[0], parts[1], parts[2]
		if dir == "total" && v != values[server+"/"+device+"/in"]+values[server+"/"+device+"/out"] {
			t.Errorf("%s: total %v is not in + out", key, v)
		}
		if device != "" {
			sums[server+"/"+dir] += v
			if dir == "in" {
				devices[server]++
			}
		}
	}
	for key, sum := range sums {
		parts := strings.Split(key, "/")
		if got := values[parts[0]+"//"+parts[1]]; got != sum {
			t.Errorf("server %s %s = %v, want the interfaces' sum %v", parts[0], parts[1], got, sum)
		}
	}
	if slices.Max(slices.Collect(maps.Values(devices))) < 2 {
		t.Error("no server with several interfaces; the sum went untested")
	}
}

func TestTrafficMatchesTheInterfaces(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	values := trafficValues(t, Traffic(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTraffic, Field: "IN"})))
	rx := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces, Field: "rxMonthlyBytes"}))
	if len(rx.Frames) == 0 {
		t.Fatal("no interface frames")
	}
	for _, f := range rx.Frames {
		l := f.Fields[0].Labels
		if got, want := values[l["server_id"]+"/"+l["device"]+"/in"], *numericValue(f); got != want || got == 0 {
			t.Errorf("%v: traffic in %v, interface rx %v", l, got, want)
		}
	}
	for key := range values {
		if !strings.HasSuffix(key, "/in") {
			t.Errorf("field in still returned %s", key)
		}
	}
}
