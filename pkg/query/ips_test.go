package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestIPsGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := IPs(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeIPs}))
	checkGolden(t, "ips", rsp)
}
