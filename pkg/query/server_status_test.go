package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestServerStatusGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus}))
	checkGolden(t, "serverStatus", rsp)
}

func TestServerStatusNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus, Field: "memoryBytes"}))
	checkGolden(t, "serverStatus-memoryBytes", rsp)
}
