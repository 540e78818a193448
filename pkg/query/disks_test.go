package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestDisksGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks}))
	checkGolden(t, "disks", rsp)
}

func TestDisksNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Disks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeDisks, Field: "usedPercent"}))
	checkGolden(t, "disks-usedPercent", rsp)
}
