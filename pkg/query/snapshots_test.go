package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestSnapshotsGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Snapshots(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeSnapshots}))
	checkGolden(t, "snapshots", rsp)
}
