package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestGuestAgentGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := GuestAgent(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeGuestAgent}))
	checkGolden(t, "guestAgent", rsp)
}
