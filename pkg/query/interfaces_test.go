package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestInterfacesGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces}))
	checkGolden(t, "interfaces", rsp)
}

func TestInterfacesNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Interfaces(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeInterfaces, Field: "rxMonthlyBytes"}))
	checkGolden(t, "interfaces-rxMonthlyBytes", rsp)
}
