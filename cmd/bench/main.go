// Command bench measures a dashboard refresh through the compiled plugin against the simulator:
// upstream calls by endpoint, the physical bound, cold and warm wall time, CPU time and peak RSS.
// It prints a table and writes JSON. It is a report, not a test.
//
//	go run ./cmd/bench -servers 20,200,500 -latency 50ms
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func main() {
	servers := flag.String("servers", "200", "comma-separated fleet sizes")
	latency := flag.Duration("latency", 50*time.Millisecond, "simulated latency of every SCP API call")
	concurrency := flag.Int("concurrency", models.DefaultMaxConcurrency, "the data source's maxConcurrency")
	runs := flag.Int("runs", 5, "refreshes per measurement (the median is reported)")
	out := flag.String("json", "bench-results.json", "where to write the JSON report")
	flag.Parse()

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
		r, err := measure(bin, n, *latency, *concurrency, *runs)
		if err != nil {
			log.Fatalf("N=%d: %v", n, err)
		}
		reports = append(reports, r)
	}
	printTable(reports)
	data, _ := json.MarshalIndent(reports, "", "  ")
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nJSON written to %s\n", *out)
}

func measure(bin string, servers int, latency time.Duration, concurrency, runs int) (report, error) {
	sim := simulator.New(simulator.Options{Servers: servers, Seed: 1, Faults: simulator.Faults{Latency: latency}})
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	plugin, err := harness.Start(bin, nil)
	if err != nil {
		return report{}, err
	}
	defer plugin.Close()
	cpuBefore, err := cpuTime(plugin.Pid())
	if err != nil {
		return report{}, err
	}

	r := report{Servers: servers, LatencyMS: latency.Milliseconds(), Concurrency: concurrency, Runs: runs}
	var cold, warm []time.Duration
	ds := harness.NewDataSource(map[string]any{
		"apiUrl":         srv.URL + "/scp-core",
		"authUrl":        srv.URL + "/realms/scp/protocol/openid-connect",
		"maxConcurrency": concurrency,
	}, map[string]string{"refreshToken": sim.RefreshToken()})
	for run := 0; run < runs; run++ {
		// A saved data source gets a new instance with an empty cache, as after a settings
		// change in Grafana; the old instance is disposed.
		ds.Updated = time.Now()
		panels := harness.OverviewSet(time.Now())

		sim.ResetCalls()
		wall, err := refresh(plugin, ds, panels)
		if err != nil {
			return r, fmt.Errorf("cold refresh: %w", err)
		}
		cold = append(cold, wall)
		if run == 0 {
			r.CallsByEndpoint = sim.Calls()
			r.UpstreamCalls, r.DistinctCalls = countCalls(sim.CallLog())
		}

		sim.ResetCalls()
		wall, err = refresh(plugin, ds, panels)
		if err != nil {
			return r, fmt.Errorf("warm refresh: %w", err)
		}
		warm = append(warm, wall)
		r.WarmUpstreamCalls = max(r.WarmUpstreamCalls, len(sim.CallLog()))
	}
	r.BoundMS = float64((r.DistinctCalls+concurrency-1)/concurrency) * float64(latency.Milliseconds())
	r.ColdMS, r.WarmMS = ms(median(cold)), ms(median(warm))
	if r.BoundMS > 0 {
		r.ColdRatio = r.ColdMS / r.BoundMS
	}
	cpuAfter, err := cpuTime(plugin.Pid())
	if err != nil {
		return r, err
	}
	r.CPUSeconds = (cpuAfter - cpuBefore).Seconds()
	r.PeakRSSMB, err = peakRSSMB(plugin.Pid())
	return r, err
}

func refresh(p *harness.Plugin, ds harness.DataSource, panels []harness.Panel) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	results := p.Refresh(ctx, ds, panels)
	wall := time.Since(start)
	return wall, harness.Complete(results)
}

// countCalls returns all calls and the distinct ones (method, path and query).
func countCalls(calls []simulator.Call) (total, distinct int) {
	seen := map[string]bool{}
	for _, c := range calls {
		seen[c.Method+" "+c.Path+"?"+c.RawQuery] = true
	}
	return len(calls), len(seen)
}
