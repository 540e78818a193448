package query

import (
	"strings"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestInterfacesGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces}))
	answertest.CheckGolden(t, "interfaces", rsp)
}

func TestInterfacesNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces, Field: "rxMonthlyBytes"}))
	answertest.CheckGolden(t, "interfaces-rxMonthlyBytes", rsp)
}

func TestInterfacesReadAddressesOnlyForTheTable(t *testing.T) {
	for field, wantListCalls := range map[string]int{"": 5, "speedMbits": 0, "txMonthlyBytes": 0} {
		client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
		rsp := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces, Field: field}))
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		calls := sim.Calls()
		if calls["GET /api/v1/servers/{serverId}"] != 5 || calls["GET /api/v1/servers/{serverId}/interfaces"] != wantListCalls {
			t.Errorf("field %q: calls = %v, want 5 detail and %d interface-list calls", field, calls, wantListCalls)
		}
	}
}

func TestInterfacesShowVLANsAndRdns(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	vlan, vlanID, rdns, ipv4 := columnValues(t, frame, "vlan"), columnValues(t, frame, "vlanId"), columnValues(t, frame, "rdns"), columnValues(t, frame, "ipv4")
	sawVLAN := false
	for i := range vlan {
		if (vlan[i] == "true") != (vlanID[i] != "null") {
			t.Errorf("row %d: vlan %s with id %s", i, vlan[i], vlanID[i])
		}
		sawVLAN = sawVLAN || vlan[i] == "true"
		// The first address is the interface's own, which the simulator gives an rDNS name.
		if own := strings.Split(ipv4[i], ", ")[0]; own != "" && !strings.Contains(rdns[i], own+"=") {
			t.Errorf("row %d: address %s has no rDNS in %q", i, own, rdns[i])
		}
	}
	if !sawVLAN {
		t.Error("no VLAN interface in the fleet; the VLAN columns went untested")
	}
}
