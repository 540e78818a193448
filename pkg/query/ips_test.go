package query

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestIPsGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := IPs(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeIPs}))
	answertest.CheckGolden(t, "ips", rsp)
}

func TestIPsListEveryAddressWithItsRdns(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := IPs(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeIPs}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if len(rsp.Frames) != 2 || rsp.Frames[1].Name != "failoverIps" {
		t.Fatalf("want the server addresses and the failover IPs, got %d frames", len(rsp.Frames))
	}
	table := rsp.Frames[0]
	types, addresses, rdns := columnValues(t, table, "type"), columnValues(t, table, "address"), columnValues(t, table, "rdns")
	for i, addr := range addresses {
		if strings.HasPrefix(addr, "fe80:") {
			t.Errorf("row %d: link-local %s listed", i, addr)
		}
		if types[i] == "IP" && rdns[i] == "" {
			t.Errorf("row %d: own address %s without rDNS", i, addr)
		}
	}
	failover := columnValues(t, rsp.Frames[1], "version")
	if !slices.Contains(failover, "4") || !slices.Contains(failover, "6") {
		t.Errorf("failover versions %v, want IPv4 and IPv6", failover)
	}
}

func TestIPsKeepTheServerTableWhenFailoversFail(t *testing.T) {
	client, _ := newFaultyClient(t, scpFault{
		match:  func(path string) bool { return strings.Contains(path, "/failoverips/") },
		status: http.StatusForbidden, // not retried, unlike 5xx
		body:   `{"code":"error.forbidden","message":"Forbidden"}`,
	})
	rsp := IPs(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeIPs}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if len(rsp.Frames) != 1 || rsp.Frames[0].Name != models.QueryTypeIPs {
		t.Fatalf("want only the server addresses, got %d frames", len(rsp.Frames))
	}
	if notices := warnings(rsp); len(notices) != 1 || !strings.Contains(notices[0], "failover") || !strings.Contains(notices[0], "403") {
		t.Errorf("notices = %q, want one saying the failover IPs failed with 403", notices)
	}
}
