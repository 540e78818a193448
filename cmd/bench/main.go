// Command bench measures how Grafana's use of the plugin costs against the simulator, and
// prints a markdown report (and writes it as JSON). It is a report, not a test. Run it from the
// repository root:
//
//	go run ./cmd/bench -servers 20,200,500 -latency 50ms
//
// For every fleet size it reports:
//
//   - Refreshes through the compiled plugin (started over go-plugin/gRPC as Grafana starts it)
//     of two workloads: the overview set (harness.OverviewSet, 10 panels) and the bundled
//     dashboard's default view (every panel outside collapsed rows as one request with all its
//     targets, every annotation query, $server at All), all requests of a refresh at once, each
//     refresh at its own now. Cold is a freshly saved data source, warm the refresh after it:
//     upstream calls, the physical bound ceil(distinct calls / maxConcurrency) × latency, median
//     wall times, the plugin's CPU time per warm refresh (/proc utime+stime) and its peak RSS.
//   - A steady state: the overview set (and with -steady-dashboard the dashboard) refreshed in
//     real time at a fixed interval, printing the upstream calls of every tick.
//   - With -pprof DIR: CPU and heap profiles of the plugin process during warm refreshes, and
//     their top functions.
//   - A reference day: the provisioned alert rules at their groups' intervals for 24 h plus one
//     viewer of the dashboard for 2 h at a 30 s refresh, run in process on a virtual clock, as
//     SCP calls per day beside the netcupscp exporter's.
//
// Flags:
//
//	-servers 200               comma-separated fleet sizes
//	-latency 50ms              simulated latency of every SCP call (the reference day runs at 0)
//	-concurrency 8             the data source's maxConcurrency
//	-runs 5                    cold and warm refreshes per workload (medians are reported)
//	-dashboard PATH            the dashboard (src/dashboards/netcup-scp.json)
//	-alert-rules DIR           the alert-rule provisioning folder (provisioning/alerting)
//	-steady-ticks 11           refreshes of the steady state (0 skips it)
//	-steady-interval 30s       time between them
//	-steady-dashboard          the steady state of the dashboard too
//	-day=true                  the reference day (false skips it)
//	-pprof DIR                 write profiles to DIR and print their top functions
//	-pprof-duration 10s        length of each CPU profile
//	-json bench-results.json   where to write the JSON report
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/models"
)

// config is what the flags set.
type config struct {
	latency         time.Duration
	concurrency     int
	runs            int
	steadyTicks     int
	steadyInterval  time.Duration
	steadyDashboard bool
	day             bool
	pprofDir        string
	pprofLength     time.Duration
}

func main() {
	var cfg config
	// A flag set of its own: the SDK registers its plugin flags (-standalone, …) on the default one.
	flags := flag.NewFlagSet("bench", flag.ExitOnError)
	servers := flags.String("servers", "200", "comma-separated fleet sizes")
	flags.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "simulated latency of every SCP API call")
	flags.IntVar(&cfg.concurrency, "concurrency", models.DefaultMaxConcurrency, "the data source's maxConcurrency")
	flags.IntVar(&cfg.runs, "runs", 5, "cold and warm refreshes per workload (the median is reported)")
	dashboardPath := flags.String("dashboard", "src/dashboards/netcup-scp.json", "the dashboard to refresh")
	rulesDir := flags.String("alert-rules", "provisioning/alerting", "the alert-rule provisioning folder")
	flags.IntVar(&cfg.steadyTicks, "steady-ticks", 11, "refreshes of the steady-state run (0 skips it)")
	flags.DurationVar(&cfg.steadyInterval, "steady-interval", 30*time.Second, "time between steady-state refreshes")
	flags.BoolVar(&cfg.steadyDashboard, "steady-dashboard", false, "run the steady state of the dashboard too")
	flags.BoolVar(&cfg.day, "day", true, "run the reference day")
	flags.StringVar(&cfg.pprofDir, "pprof", "", "write CPU and heap profiles of warm refreshes to this folder")
	flags.DurationVar(&cfg.pprofLength, "pprof-duration", 10*time.Second, "length of each CPU profile")
	out := flags.String("json", "bench-results.json", "where to write the JSON report")
	_ = flags.Parse(os.Args[1:]) // exits on a bad flag
	if cfg.runs <= 0 || cfg.concurrency <= 0 {
		log.Fatal("-runs and -concurrency must be positive")
	}

	dash, err := harness.ReadDashboard(*dashboardPath)
	if err != nil {
		log.Fatal(err)
	}
	rules, err := harness.ReadAlertRules(*rulesDir)
	if err != nil {
		log.Fatal(err)
	}
	if cfg.pprofDir != "" {
		if err := os.MkdirAll(cfg.pprofDir, 0o755); err != nil {
			log.Fatal(err)
		}
	}
	dir, err := os.MkdirTemp("", "netcupscp-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	bin, err := harness.Build(dir)
	if err != nil {
		log.Fatal(err)
	}

	var reports []report
	for _, field := range strings.Split(*servers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n <= 0 {
			log.Fatalf("bad fleet size %q", field)
		}
		r, err := run(bin, n, cfg, dash, rules)
		if err != nil {
			log.Fatalf("N=%d: %v", n, err)
		}
		reports = append(reports, r)
	}
	printReports(reports)
	data, _ := json.MarshalIndent(reports, "", "  ")
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nJSON written to %s\n", *out)
}

// run measures everything for a fleet of n servers.
func run(bin string, n int, cfg config, dash *harness.Dashboard, rules []harness.AlertRule) (report, error) {
	r := report{Servers: n, LatencyMS: ms(cfg.latency), Concurrency: cfg.concurrency, Runs: cfg.runs}
	workloads := []opener{openOverviewSet, dashboardOpener(dash)}
	for i, open := range workloads {
		withSteady := cfg.steadyTicks > 0 && (i == 0 || cfg.steadyDashboard)
		row, steadyRun, err := measureWorkload(bin, n, cfg, open, withSteady)
		if err != nil {
			return r, err
		}
		r.Refreshes = append(r.Refreshes, row)
		if steadyRun != nil {
			r.Steady = append(r.Steady, *steadyRun)
		}
	}
	if cfg.pprofDir != "" {
		log.Printf("N=%d: profiling warm refreshes", n)
		profiles, err := profileWorkloads(bin, n, cfg, workloads)
		if err != nil {
			return r, fmt.Errorf("profiling: %w", err)
		}
		r.Profiles = profiles
	}
	if cfg.day {
		log.Printf("N=%d: reference day on a virtual clock", n)
		day, err := referenceDay(n, cfg, dashboardOpener(dash), rules)
		if err != nil {
			return r, fmt.Errorf("reference day: %w", err)
		}
		r.Day = &day
	}
	return r, nil
}

// measureWorkload measures one workload in a plugin process of its own, so that the peak RSS is
// its own, then runs its steady state there when asked.
func measureWorkload(bin string, n int, cfg config, open opener, withSteady bool) (refreshRow, *steadyRun, error) {
	s, err := startSession(bin, n, cfg)
	if err != nil {
		return refreshRow{}, nil, err
	}
	defer s.close()
	w, err := openIn(s, open)
	if err != nil {
		return refreshRow{}, nil, err
	}
	log.Printf("N=%d: cold and warm refreshes of the %s", n, w.name)
	row, err := measure(s, w, cfg)
	if err != nil || !withSteady {
		return row, nil, err
	}
	log.Printf("N=%d: steady state of the %s, %d ticks every %v", n, w.name, cfg.steadyTicks, cfg.steadyInterval)
	run, err := steady(s, w, cfg)
	return row, &run, err
}

func profileWorkloads(bin string, n int, cfg config, workloads []opener) ([]profileRun, error) {
	s, pprofURL, err := startProfiledSession(bin, n, cfg)
	if err != nil {
		return nil, err
	}
	defer s.close()
	var runs []profileRun
	for _, open := range workloads {
		w, err := openIn(s, open)
		if err != nil {
			return runs, err
		}
		run, err := profileWarm(s, pprofURL, w, n, cfg)
		if err != nil {
			return runs, err
		}
		runs = append(runs, run)
	}
	return runs, nil
}

// openIn opens a workload through the session's plugin, now.
func openIn(s *session, open opener) (workload, error) {
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	return open(ctx, s.send, time.Now())
}
