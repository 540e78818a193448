package main

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"
)

type report struct {
	Servers           int            `json:"servers"`
	LatencyMS         int64          `json:"latencyMs"`
	Concurrency       int            `json:"concurrency"`
	Runs              int            `json:"runs"`
	CallsByEndpoint   map[string]int `json:"callsByEndpoint"`
	UpstreamCalls     int            `json:"upstreamCallsCold"`
	DistinctCalls     int            `json:"distinctCallsCold"`
	WarmUpstreamCalls int            `json:"upstreamCallsWarm"`
	BoundMS           float64        `json:"physicalBoundMs"`
	ColdMS            float64        `json:"coldWallMedianMs"`
	ColdRatio         float64        `json:"coldToBoundRatio"`
	WarmMS            float64        `json:"warmWallMedianMs"`
	CPUSeconds        float64        `json:"pluginCpuSeconds"`
	PeakRSSMB         float64        `json:"pluginPeakRssMB"`
}

func printTable(reports []report) {
	fmt.Println("| servers | latency | concurrency | upstream calls (cold) | distinct | bound ceil(distinct/conc)×L | cold wall (median) | cold/bound | warm calls | warm wall (median) | plugin CPU | plugin peak RSS |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range reports {
		fmt.Printf("| %d | %d ms | %d | %d | %d | %.0f ms | %.0f ms | %.2f | %d | %.1f ms | %.2f s | %.1f MB |\n",
			r.Servers, r.LatencyMS, r.Concurrency, r.UpstreamCalls, r.DistinctCalls, r.BoundMS, r.ColdMS, r.ColdRatio,
			r.WarmUpstreamCalls, r.WarmMS, r.CPUSeconds, r.PeakRSSMB)
	}
	for _, r := range reports {
		fmt.Printf("\nUpstream calls by endpoint, one cold refresh, N=%d:\n", r.Servers)
		for _, k := range slices.Sorted(maps.Keys(r.CallsByEndpoint)) {
			fmt.Printf("  %-55s %d\n", k, r.CallsByEndpoint[k])
		}
	}
}

func median(ds []time.Duration) time.Duration {
	sorted := slices.Clone(ds)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
