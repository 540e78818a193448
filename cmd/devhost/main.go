// Command devhost stands in for Grafana in the browser tests: it serves a page that mounts
// the plugin's real editors and answers the page's Grafana HTTP API calls by calling the
// compiled plugin executable over gRPC, the way Grafana does, against an in-process simulator.
// A simulated Nezha v2 dashboard stands beside the SCP simulator for the Nezha data source.
// It is a test fixture, not a Grafana: only the handful of API routes the editors use exist.
//
// It also serves the built plugin (dist/) where Grafana serves it, for the test that loads
// module.js through SystemJS as Grafana does.
//
//	go run ./cmd/devhost -addr 127.0.0.1:3789 -static tests/browser/page/dist -plugin-dist dist
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
	"path/filepath"
	"syscall"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func main() {
	var (
		addr    = flag.String("addr", "127.0.0.1:3789", "listen address of the page and the Grafana API stand-in")
		static  = flag.String("static", "tests/browser/page/dist", "directory of the built test page")
		dist    = flag.String("plugin-dist", "dist", "the built plugin folder, served where Grafana serves it (/public/plugins/<id>/)")
		servers = flag.Int("servers", 8, "fleet size of the simulated account")
		logFile = flag.String("plugin-log", "", "file for the plugin's log and devhost's request log (default: stderr)")
	)
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmsgprefix)
	log.SetPrefix("devhost: ")
	logs := os.Stderr
	if *logFile != "" {
		if err := os.MkdirAll(filepath.Dir(*logFile), 0o755); err != nil {
			log.Fatal(err)
		}
		f, err := os.Create(*logFile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		logs = f
	}
	if err := run(*addr, *static, *dist, *servers, logs); err != nil {
		log.Fatal(err)
	}
}

func run(addr, static, dist string, servers int, logs *os.File) error {
	if _, err := os.Stat(static); err != nil {
		return errors.New("the test page is not built: run `npm run build:browser-page` first (" + err.Error() + ")")
	}
	if _, err := os.Stat(filepath.Join(dist, "module.js")); err != nil {
		return errors.New("the plugin's frontend is not built: run `npm run build` first (" + err.Error() + ")")
	}
	// Sign-ins approve themselves on the second paced poll, one second apart, so a browser
	// test runs the whole device flow in a few seconds.
	sim, err := simulator.StartAt("127.0.0.1:0", simulator.Options{Servers: servers, DeviceAutoApprove: 2, DeviceInterval: 1})
	if err != nil {
		return err
	}
	defer sim.Close()
	nezhaURL, stopNezha, err := startNezha()
	if err != nil {
		return err
	}
	defer stopNezha()

	dir, err := os.MkdirTemp("", "netcupscp-devhost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	log.Print("building the plugin")
	bin, err := harness.Build(dir)
	if err != nil {
		return err
	}
	plugin, err := harness.Start(bin, logs)
	if err != nil {
		return err
	}
	defer plugin.Close()

	host := newHost(plugin, sim, nezhaURL, log.New(logs, "devhost: ", log.LstdFlags))
	srv := &http.Server{Addr: addr, Handler: host.routes(static, dist), ReadHeaderTimeout: 10 * time.Second}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	log.Printf("page and Grafana API stand-in on http://%s (SCP simulator at %s, user %s; Nezha v2 at %s)", addr, sim.URL(), sim.Username(), nezhaURL)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// nezhaToken opens the simulated Nezha dashboard; the browser tests type it into the config page.
const nezhaToken = "nzp_devhost-nezha-token"

// startNezha serves a Nezha v2 dashboard of 6 servers on a free loopback port. Its firewall is
// off, so a test that tries a bad token cannot block the others.
func startNezha() (url string, stop func(), err error) {
	nezha := simulator.NewNezha(simulator.NezhaOptions{Version: "v2", Servers: 6, Token: nezhaToken, FirewallAfter: -1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: nezha.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}
