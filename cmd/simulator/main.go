// Command simulator serves a fake netcup SCP API and Keycloak realm for demos
// and local development of the Grafana data source.
//
//	go run ./cmd/simulator -servers 20 -latency 150ms
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func main() {
	var (
		addr        = flag.String("addr", "127.0.0.1:8085", "listen address (host:port)")
		servers     = flag.Int("servers", 5, "fleet size of the default user")
		seed        = flag.Int64("seed", 1, "fleet seed; the same seed gives the same fleet")
		latency     = flag.Duration("latency", 0, "latency added to every SCP API call")
		errorRate   = flag.Float64("error-rate", 0, "fraction [0,1] of /api/v1 calls answering 500")
		maintenance = flag.Bool("maintenance", false, "answer /api/v1 calls with 503 maintenance")
		refresh     = flag.String("refresh-token", "sim-refresh-token-demo", "the default user's refresh token")
		autoApprove = flag.Int("device-auto-approve", 0, "approve device sign-ins on the Nth poll (0 = approve in the browser)")
		interval    = flag.Int("device-interval", 5, "device-flow polling interval in seconds")
	)
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmsgprefix)
	log.SetPrefix("simulator: ")
	if *errorRate < 0 || *errorRate > 1 {
		log.Fatalf("-error-rate must be within [0,1], got %v", *errorRate)
	}

	rs, err := simulator.StartAt(*addr, simulator.Options{
		Servers:           *servers,
		Seed:              *seed,
		RefreshToken:      *refresh,
		DeviceAutoApprove: *autoApprove,
		DeviceInterval:    *interval,
		Faults:            simulator.Faults{Latency: *latency, ErrorRate: *errorRate, Maintenance: *maintenance},
	})
	if err != nil {
		log.Fatal(err)
	}
	// The simulator's refresh token is no secret: it only opens this fake API.
	log.Printf("SCP API:       %s", rs.APIURL())
	log.Printf("Auth (OIDC):   %s", rs.AuthURL())
	log.Printf("Device page:   %s/realms/scp/device", rs.URL())
	log.Printf("Refresh token: %s", rs.RefreshToken())
	log.Printf("User %s (id %d) with %d servers", rs.Username(), rs.UserID(), len(rs.ServerIDs()))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Print("shutting down")
	if err := rs.Close(); err != nil {
		log.Printf("close: %v", err)
	}
}
