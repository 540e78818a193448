package main

import (
	"fmt"
	"time"
)

// steadyRun is an open dashboard with auto-refresh: the upstream calls of each tick.
type steadyRun struct {
	Set       string  `json:"set"`
	IntervalS float64 `json:"intervalSeconds"`
	Calls     []int   `json:"callsPerTick"`
	// Refetched sums the calls of every tick after the first by endpoint: what the cache let expire.
	Refetched map[string]int `json:"refetchedByEndpoint"`
}

// steady refreshes w cfg.steadyTicks times in real time, a tick every cfg.steadyInterval
// counted from the first (as the browser's refresh timer), starting from a freshly saved data
// source.
func steady(s *session, w workload, cfg config) (steadyRun, error) {
	run := steadyRun{Set: w.name, IntervalS: cfg.steadyInterval.Seconds(), Refetched: map[string]int{}}
	s.saveDataSource()
	start := time.Now()
	for tick := range cfg.steadyTicks {
		time.Sleep(time.Until(start.Add(time.Duration(tick) * cfg.steadyInterval)))
		_, calls, err := s.refresh(w)
		if err != nil {
			return run, fmt.Errorf("tick %d: %w", tick, err)
		}
		run.Calls = append(run.Calls, len(calls))
		if tick > 0 {
			addCounts(run.Refetched, s.sim.Calls())
		}
	}
	return run, nil
}

// addCounts adds the counts of from to into.
func addCounts(into, from map[string]int) {
	for k, v := range from {
		into[k] += v
	}
}
