package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestTrafficGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Traffic(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTraffic}))
	checkGolden(t, "traffic", rsp)
}

func TestTrafficTotalGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Traffic(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTraffic, Field: "total"}))
	checkGolden(t, "traffic-total", rsp)
}
