// Command simulator serves a fake netcup SCP API and Keycloak realm, and beside them under
// /nezha a fake Nezha dashboard, for demos and local development of the Grafana data source.
//
//	go run ./cmd/simulator -servers 20 -latency 150ms -nezha v2
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// nezhaPrefix is where the Nezha dashboard is mounted; the data source's Nezha URL ends with it.
const nezhaPrefix = "/nezha"

func main() {
	var (
		addr         = flag.String("addr", "127.0.0.1:8085", "listen address (host:port)")
		servers      = flag.Int("servers", 5, "fleet size of the default user")
		seed         = flag.Int64("seed", 1, "fleet seed; the same seed gives the same fleet")
		latency      = flag.Duration("latency", 0, "latency added to every SCP API call")
		errorRate    = flag.Float64("error-rate", 0, "fraction [0,1] of /api/v1 calls answering 500")
		maintenance  = flag.Bool("maintenance", false, "answer /api/v1 calls with 503 maintenance")
		refresh      = flag.String("refresh-token", "sim-refresh-token-demo", "the default user's refresh token")
		autoApprove  = flag.Int("device-auto-approve", 0, "approve device sign-ins on the Nth poll (0 = approve in the browser)")
		interval     = flag.Int("device-interval", 5, "device-flow polling interval in seconds")
		nezhaVersion = flag.String("nezha", "v2", "API of the Nezha dashboard served under "+nezhaPrefix+": v2, v0 or off")
		nezhaServers = flag.Int("nezha-servers", 6, "fleet size of the Nezha dashboard")
		nezhaToken   = flag.String("nezha-token", "nzp_sim-nezha-token-demo", "the Nezha dashboard's valid token")
	)
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmsgprefix)
	log.SetPrefix("simulator: ")
	if *errorRate < 0 || *errorRate > 1 {
		log.Fatalf("-error-rate must be within [0,1], got %v", *errorRate)
	}
	if *nezhaVersion != "v0" && *nezhaVersion != "v2" && *nezhaVersion != "off" {
		log.Fatalf("-nezha must be v0, v2 or off, got %q", *nezhaVersion)
	}

	scp := simulator.New(simulator.Options{
		Servers:           *servers,
		Seed:              *seed,
		RefreshToken:      *refresh,
		DeviceAutoApprove: *autoApprove,
		DeviceInterval:    *interval,
		Faults:            simulator.Faults{Latency: *latency, ErrorRate: *errorRate, Maintenance: *maintenance},
	})
	mux := http.NewServeMux()
	mux.Handle("/", scp.Handler())
	var nezha *simulator.NezhaSimulator
	if *nezhaVersion != "off" {
		nezha = simulator.NewNezha(simulator.NezhaOptions{
			Version: *nezhaVersion, Servers: *nezhaServers, Seed: *seed, Token: *nezhaToken,
			Names: demoJoinNames(scp, *nezhaServers),
		})
		// Nezha serves its API at the root; stripping the prefix lets both share one port.
		mux.Handle(nezhaPrefix+"/", http.StripPrefix(nezhaPrefix, nezha.Handler()))
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	// The tokens are no secrets: they only open these fake APIs.
	log.Printf("SCP API:       %s%s", url, simulator.APIPrefix)
	log.Printf("Auth (OIDC):   %s%s", url, simulator.AuthPrefix)
	log.Printf("Device page:   %s/realms/scp/device", url)
	log.Printf("Refresh token: %s", scp.RefreshToken())
	log.Printf("User %s (id %d) with %d servers", scp.Username(), scp.UserID(), len(scp.ServerIDs()))
	if nezha != nil {
		log.Printf("Nezha %s:      %s%s (%d servers)", nezha.Version(), url, nezhaPrefix, len(nezha.ServerIDs()))
		log.Printf("Nezha token:   %s", nezha.Token())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	select {
	case <-ctx.Done():
	case err := <-done:
		log.Fatalf("serving: %v", err)
	}
	log.Print("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("close: %v", err)
	}
}

// demoJoinNames names all but two Nezha servers after SCP servers, so the "netcup SCP + Nezha"
// dashboard shows matched rows and one of each unmatched kind.
func demoJoinNames(scp *simulator.Simulator, nezhaServers int) []string {
	names := scp.ServerNames()
	var out []string
	for _, id := range scp.ServerIDs() {
		if len(out) >= nezhaServers-2 {
			break
		}
		out = append(out, names[id])
	}
	return out
}
