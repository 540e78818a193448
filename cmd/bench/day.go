package main

// The reference day: a day of SCP calls from the provisioned alert rules, each evaluated at its
// group's interval, plus one person watching the bundled dashboard for two hours. It runs in
// this process on a virtual clock, so a day takes minutes and every call is counted.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

const (
	day = 24 * time.Hour
	// viewerOpensAt is when, into the day, the viewer opens the dashboard: off the rules' ticks,
	// as a person's page load is.
	viewerOpensAt = 8*time.Hour + 17*time.Second
	viewerStays   = 2 * time.Hour
	viewerRefresh = 30 * time.Second
	// exporterScrapesPerHour is the netcupscp exporter scraped every 30 s; each scrape makes
	// 4 + 2N SCP calls (its documented behaviour).
	exporterScrapesPerHour = 120

	alertSource  = "alert rules"
	viewerSource = "dashboard viewer"
)

var viewer = &backend.User{Login: "viewer", Name: "viewer", Role: "Viewer"}

// dayReport counts a day's calls at the simulator. SCP calls answered 401 (an access token that
// expired on the virtual clock, renewed and retried) are counted apart from the SCP calls.
type dayReport struct {
	ClockStart      time.Time      `json:"virtualClockStart"`
	Rules           int            `json:"alertRules"`
	Evaluations     int            `json:"ruleEvaluations"`
	ViewerRefreshes int            `json:"viewerRefreshes"`
	AlertCalls      int            `json:"scpCallsAlertRules"`
	ViewerCalls     int            `json:"scpCallsViewer"`
	TokenCalls      int            `json:"tokenCalls"`
	Unauthorized    int            `json:"scpCallsAnswered401"`
	CallsByEndpoint map[string]int `json:"callsByEndpoint"`
	ExporterCalls   int            `json:"exporterCallsPerDay"`
	FailedEvents    int            `json:"failedEvents"`
	FirstError      string         `json:"firstError,omitempty"`
}

// dayEvent is what happens at one instant of the day, and whose calls it makes.
type dayEvent struct {
	at     time.Time
	source string
	run    func(ctx context.Context) error
}

// referenceDay runs the day for a fleet of servers, on a virtual clock (see virtualClockNote).
func referenceDay(servers int, cfg config, open opener, rules []harness.AlertRule) (dayReport, error) {
	// The instance logs through the SDK's loggers, here this process's stderr: its debug line per
	// query would bury the report.
	backend.Logger = log.NewWithLevel(log.Warn)
	log.DefaultLogger = backend.Logger
	start := time.Now().UTC().Truncate(day).Add(-2 * day)
	// Time stands still while an event's requests run, then jumps to the next event.
	clock := simulator.NewClock(start)
	sim := simulator.New(simulator.Options{Servers: servers, Seed: 1, Now: clock.Now})
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	inst, err := newInstance(clock.Now, jsonData(srv.URL, cfg.concurrency), secureJSONData(sim))
	if err != nil {
		return dayReport{}, err
	}
	defer inst.dispose()

	rep := dayReport{ClockStart: start, Rules: len(rules), CallsByEndpoint: map[string]int{},
		ExporterCalls: 24 * exporterScrapesPerHour * (4 + 2*servers)}
	events := alertEvents(rules, start, inst.sender(nil), &rep)
	events = append(events, viewerEvents(open, start.Add(viewerOpensAt), inst.sender(viewer), &rep)...)
	slices.SortStableFunc(events, func(a, b dayEvent) int { return a.at.Compare(b.at) })
	for _, ev := range events {
		clock.Set(ev.at)
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		if err := ev.run(ctx); err != nil {
			rep.FailedEvents++
			if rep.FirstError == "" {
				rep.FirstError = ev.at.Format(time.TimeOnly) + " " + ev.source + ": " + err.Error()
			}
		}
		cancel()
		rep.tally(ev.source, sim)
	}
	return rep, nil
}

// alertEvents are the rules' evaluations over the day: at every multiple of a rule's interval
// since the epoch (the scheduler's ticks, without jitter), all rules due then at once.
func alertEvents(rules []harness.AlertRule, start time.Time, send sender, rep *dayReport) []dayEvent {
	due := map[time.Time][]harness.AlertRule{}
	for _, r := range rules {
		step := r.Interval.Nanoseconds()
		first := time.Unix(0, (start.UnixNano()+step-1)/step*step)
		for t := first; t.Before(start.Add(day)); t = t.Add(r.Interval) {
			due[t] = append(due[t], r)
			rep.Evaluations++
		}
	}
	var events []dayEvent
	for at, rules := range due {
		events = append(events, dayEvent{at: at, source: alertSource, run: func(ctx context.Context) error {
			return evaluate(ctx, send, rules, at)
		}})
	}
	return events
}

// evaluate runs the rules due at one tick at once; a rule's queries run one after another.
func evaluate(ctx context.Context, send sender, rules []harness.AlertRule, at time.Time) error {
	errs := make([]error, len(rules))
	var wg sync.WaitGroup
	for i, r := range rules {
		wg.Go(func() {
			for _, req := range r.Requests(at) {
				rsp, err := send(ctx, req)
				errs[i] = errors.Join(errs[i], answerProblem(req, rsp, err))
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// viewerEvents are the viewer's page load at from (variables, then the panels) and the
// refreshes every viewerRefresh until viewerStays is over.
func viewerEvents(open opener, from time.Time, send sender, rep *dayReport) []dayEvent {
	var dashboard workload
	var events []dayEvent
	for at := from; at.Before(from.Add(viewerStays)); at = at.Add(viewerRefresh) {
		load := at.Equal(from)
		events = append(events, dayEvent{at: at, source: viewerSource, run: func(ctx context.Context) error {
			if load {
				var err error
				if dashboard, err = open(ctx, send, at); err != nil {
					return err
				}
			}
			if dashboard.requests == nil {
				return errors.New("the dashboard did not load")
			}
			requests, err := dashboard.requests(at)
			if err != nil {
				return err
			}
			return sendAll(ctx, send, requests)
		}})
		rep.ViewerRefreshes++
	}
	return events
}

// tally files the calls of the event that just ran under its source and clears the log.
func (rep *dayReport) tally(source string, sim *simulator.Simulator) {
	addCounts(rep.CallsByEndpoint, sim.Calls())
	for _, c := range sim.CallLog() {
		switch {
		case c.Path == simulator.AuthPrefix+"/token":
			rep.TokenCalls++
		case c.Status == http.StatusUnauthorized:
			rep.Unauthorized++
		case source == alertSource:
			rep.AlertCalls++
		default:
			rep.ViewerCalls++
		}
	}
	sim.ResetCalls()
}

// virtualClockNote says in the output why the day's counts are exact.
const virtualClockNote = `Ran in process on a virtual clock: plugin.NewFactory(plugin.Options{Now: clock}) builds the
instance (caches, token source, queries) and the simulator (tokens, metric timestamps) on the same
clock, which stands still while an event's requests run and then jumps to the next event, at 0 ms
latency. Every call is counted at the simulator, and no cache entry can expire or survive because a
run was slow or fast, so the counts are exact and repeatable. The access token's expiry is dated by
the same clock, so the plugin renews it ahead of time as it would live; any 401 (an access token
SCP no longer accepted) is counted apart.`
