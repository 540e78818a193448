package main

import (
	"fmt"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// refreshRow is one workload's cold and warm refresh through the compiled plugin.
type refreshRow struct {
	Set               string         `json:"set"`
	Requests          int            `json:"requests"`
	CallsByEndpoint   map[string]int `json:"callsByEndpoint"`
	UpstreamCalls     int            `json:"upstreamCallsCold"`
	DistinctCalls     int            `json:"distinctCallsCold"`
	WarmUpstreamCalls int            `json:"upstreamCallsWarm"`
	BoundMS           float64        `json:"physicalBoundMs"`
	ColdMS            float64        `json:"coldWallMedianMs"`
	ColdRatio         float64        `json:"coldToBoundRatio"`
	WarmMS            float64        `json:"warmWallMedianMs"`
	WarmCPUMS         float64        `json:"pluginCpuPerWarmRefreshMs"`
	PeakRSSMB         float64        `json:"pluginPeakRssMB"`
}

// measure refreshes w cfg.runs times on a freshly saved data source (cold) and once more right
// after (warm), each refresh at its own now, and reads the plugin's CPU time around the warm ones.
func measure(s *session, w workload, cfg config) (refreshRow, error) {
	requests, err := w.requests(time.Now())
	if err != nil {
		return refreshRow{}, err
	}
	r := refreshRow{Set: w.name, Requests: len(requests)}
	var cold, warm []time.Duration
	var warmCPU time.Duration
	for run := range cfg.runs {
		s.saveDataSource()
		wall, calls, err := s.refresh(w)
		if err != nil {
			return r, fmt.Errorf("cold refresh: %w", err)
		}
		cold = append(cold, wall)
		if run == 0 {
			r.CallsByEndpoint = s.sim.Calls()
			r.UpstreamCalls, r.DistinctCalls = len(calls), distinctCalls(calls)
		}

		before, err := s.plugin.CPUTime()
		if err != nil {
			return r, err
		}
		wall, calls, err = s.refresh(w)
		if err != nil {
			return r, fmt.Errorf("warm refresh: %w", err)
		}
		after, err := s.plugin.CPUTime()
		if err != nil {
			return r, err
		}
		warm = append(warm, wall)
		warmCPU += after - before
		r.WarmUpstreamCalls = max(r.WarmUpstreamCalls, len(calls))
	}
	r.BoundMS = float64((r.DistinctCalls+cfg.concurrency-1)/cfg.concurrency) * ms(cfg.latency)
	r.ColdMS, r.WarmMS = ms(median(cold)), ms(median(warm))
	if r.BoundMS > 0 {
		r.ColdRatio = r.ColdMS / r.BoundMS
	}
	r.WarmCPUMS = ms(warmCPU) / float64(cfg.runs)
	peak, err := s.plugin.PeakRSS()
	r.PeakRSSMB = float64(peak) / (1 << 20)
	return r, err
}

// distinctCalls counts the distinct calls (method, path and query): the ones a perfect
// de-duplication would still make.
func distinctCalls(calls []simulator.Call) int {
	seen := map[string]bool{}
	for _, c := range calls {
		seen[c.Method+" "+c.Path+"?"+c.RawQuery] = true
	}
	return len(seen)
}
