package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// report is everything measured for one fleet size.
type report struct {
	Servers     int          `json:"servers"`
	LatencyMS   float64      `json:"latencyMs"`
	Concurrency int          `json:"concurrency"`
	Runs        int          `json:"runs"`
	Refreshes   []refreshRow `json:"refreshes"`
	Steady      []steadyRun  `json:"steady,omitempty"`
	Profiles    []profileRun `json:"profiles,omitempty"`
	Day         *dayReport   `json:"referenceDay,omitempty"`
}

func printReports(reports []report) {
	fmt.Println("## Refreshes through the compiled plugin")
	fmt.Println()
	fmt.Println("Cold: a freshly saved data source (new instance); warm: the next refresh. Every refresh has its own now; medians.")
	fmt.Println("The dashboard is its default view: a request per panel outside collapsed rows (collapsed rows are queried only")
	fmt.Println("when opened) and per annotation query; $server at All sends its custom all value, $__all, which the")
	fmt.Println("backend reads as every server.")
	fmt.Println()
	fmt.Println("| set | servers | latency | concurrency | requests | upstream calls (cold) | distinct | bound ceil(distinct/conc)×L | cold wall (median) | cold/bound | warm calls | warm wall (median) | plugin CPU / warm refresh | plugin peak RSS |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range reports {
		for _, row := range r.Refreshes {
			fmt.Printf("| %s | %d | %.0f ms | %d | %d | %d | %d | %.0f ms | %.0f ms | %.2f | %d | %.1f ms | %.1f ms | %.1f MB |\n",
				row.Set, r.Servers, r.LatencyMS, r.Concurrency, row.Requests, row.UpstreamCalls, row.DistinctCalls, row.BoundMS,
				row.ColdMS, row.ColdRatio, row.WarmUpstreamCalls, row.WarmMS, row.WarmCPUMS, row.PeakRSSMB)
		}
	}
	for _, r := range reports {
		for _, row := range r.Refreshes {
			fmt.Printf("\nUpstream calls by endpoint, one cold refresh of the %s, N=%d:\n", row.Set, r.Servers)
			printCounts(row.CallsByEndpoint)
		}
	}
	for _, r := range reports {
		printSteady(r)
		printProfiles(r)
		if r.Day != nil {
			printDay(r.Servers, *r.Day)
		}
	}
}

func printSteady(r report) {
	for _, run := range r.Steady {
		fmt.Printf("\n## Steady state: the %s, N=%d, refreshed every %gs in real time from a freshly saved data source\n\n",
			run.Set, r.Servers, run.IntervalS)
		fmt.Printf("calls per tick: %s\n", strings.Trim(fmt.Sprint(run.Calls), "[]"))
		if len(run.Refetched) > 0 {
			fmt.Println("fetched again after the first tick, by endpoint (sum over the ticks):")
			printCounts(run.Refetched)
		}
	}
}

func printProfiles(r report) {
	for _, p := range r.Profiles {
		fmt.Printf("\n## Profile of the plugin: %d warm refreshes of the %s back to back, N=%d\n\n", p.Refreshes, p.Set, r.Servers)
		fmt.Printf("CPU: %s\n%s\n", p.CPU, pprofTop(p.CPU))
		fmt.Printf("Heap, allocated since the plugin started (alloc_space): %s\n%s", p.Heap, pprofTop(p.Heap, "-sample_index=alloc_space"))
		fmt.Printf("More: go tool pprof -http=: %s\n", p.CPU)
	}
}

func printDay(servers int, d dayReport) {
	fmt.Printf("\n## Reference day, N=%d: the provisioned alert rules for 24 h, one dashboard viewer for %v\n\n", servers, viewerStays)
	fmt.Println(virtualClockNote)
	fmt.Println()
	total := d.AlertCalls + d.ViewerCalls
	fmt.Printf("virtual day from %s\n", d.ClockStart.Format(time.RFC3339))
	fmt.Printf("alert rules: %d rules, %d evaluations: %d SCP calls\n", d.Rules, d.Evaluations, d.AlertCalls)
	fmt.Printf("dashboard viewer: opens at %v into the day, refreshes every %v (%d loads and refreshes): %d SCP calls\n",
		viewerOpensAt, viewerRefresh, d.ViewerRefreshes, d.ViewerCalls)
	fmt.Printf("SCP API calls per day: %d; token calls: %d; SCP calls answered 401 (renewed and retried): %d\n",
		total, d.TokenCalls, d.Unauthorized)
	fmt.Printf("netcupscp exporter scraped every 30 s: 24 × %d × (4 + 2 × %d) = %d SCP calls per day (the plugin: %.3f of it)\n",
		exporterScrapesPerHour, servers, d.ExporterCalls, float64(total)/float64(d.ExporterCalls))
	fmt.Printf("failed events: %d\n", d.FailedEvents)
	if d.FirstError != "" {
		fmt.Printf("first failure: %s\n", d.FirstError)
	}
	fmt.Println("calls by endpoint (401 answers included):")
	printCounts(d.CallsByEndpoint)
}

func printCounts(counts map[string]int) {
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		fmt.Printf("  %-55s %d\n", k, counts[k])
	}
}

func median(ds []time.Duration) time.Duration {
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
