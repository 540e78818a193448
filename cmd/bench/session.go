package main

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// refreshTimeout bounds one refresh; the dashboard's cold one at N=500 and 50 ms takes about 35 s.
const refreshTimeout = 5 * time.Minute

// session is one simulated fleet behind one compiled plugin process, with the data source a
// user would save for it.
type session struct {
	sim    *simulator.Simulator
	srv    *httptest.Server
	plugin *harness.Plugin
	ds     harness.DataSource
}

func startSession(bin string, servers int, cfg config) (*session, error) {
	sim := simulator.New(simulator.Options{Servers: servers, Seed: 1, Faults: simulator.Faults{Latency: cfg.latency}})
	srv := httptest.NewServer(sim.Handler())
	p, err := harness.Start(bin, nil)
	if err != nil {
		srv.Close()
		return nil, err
	}
	ds := harness.NewDataSource(jsonData(srv.URL, cfg.concurrency), secureJSONData(sim))
	return &session{sim: sim, srv: srv, plugin: p, ds: ds}, nil
}

func (s *session) close() {
	s.plugin.Close()
	s.srv.Close()
}

// jsonData is the data source's settings for a simulator at baseURL.
func jsonData(baseURL string, concurrency int) map[string]any {
	return map[string]any{
		"apiUrl":         baseURL + simulator.APIPrefix,
		"authUrl":        baseURL + simulator.AuthPrefix,
		"maxConcurrency": concurrency,
	}
}

func secureJSONData(sim *simulator.Simulator) map[string]string {
	return map[string]string{"refreshToken": sim.RefreshToken()}
}

// saveDataSource does what saving the data source in Grafana does: its version changes, so the
// next request gets a new instance with empty caches.
func (s *session) saveDataSource() {
	// Grafana's version is in milliseconds: two saves within one would be one version.
	next := s.ds.Updated.Add(time.Millisecond)
	if now := time.Now(); now.After(next) {
		next = now
	}
	s.ds.Updated = next
}

// send is the session's sender: the compiled plugin over gRPC, as Grafana calls it.
func (s *session) send(ctx context.Context, r harness.Panel) (*backend.QueryDataResponse, error) {
	return s.plugin.QueryPanel(ctx, s.ds, r)
}

// refresh sends w's requests at the current time and returns the wall time and the upstream
// calls they caused.
func (s *session) refresh(w workload) (time.Duration, []simulator.Call, error) {
	requests, err := w.requests(time.Now())
	if err != nil {
		return 0, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	s.sim.ResetCalls()
	start := time.Now()
	err = sendAll(ctx, s.send, requests)
	return time.Since(start), s.sim.CallLog(), err
}

// sender sends one request (a panel's queries) as Grafana would and returns the plugin's answer.
type sender func(ctx context.Context, r harness.Panel) (*backend.QueryDataResponse, error)

// sendAll sends every request at once, as a dashboard refresh does, and waits for all answers.
func sendAll(ctx context.Context, send sender, requests []harness.Panel) error {
	errs := make([]error, len(requests))
	var wg sync.WaitGroup
	for i, r := range requests {
		wg.Go(func() {
			rsp, err := send(ctx, r)
			errs[i] = answerProblem(r, rsp, err)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// answerProblem is what makes an answer unfit to measure: a failed call, a missing or failed
// query, or a warning that some server's data is missing. An empty answer is fine (no tasks).
func answerProblem(r harness.Panel, rsp *backend.QueryDataResponse, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", r.Title, err)
	}
	for _, q := range r.Queries {
		res, ok := rsp.Responses[q.RefID]
		if !ok {
			return fmt.Errorf("%s: no answer for refId %s", r.Title, q.RefID)
		}
		if res.Error != nil {
			return fmt.Errorf("%s %s: %w", r.Title, q.RefID, res.Error)
		}
		for _, f := range res.Frames {
			for _, n := range noticesOf(f) {
				if n.Severity == data.NoticeSeverityWarning {
					return fmt.Errorf("%s %s: incomplete: %s", r.Title, q.RefID, n.Text)
				}
			}
		}
	}
	return nil
}

func noticesOf(f *data.Frame) []data.Notice {
	if f.Meta == nil {
		return nil
	}
	return f.Meta.Notices
}
