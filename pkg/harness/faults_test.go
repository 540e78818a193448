package harness

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestRefreshSurvivesFaults(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 20, Seed: 21})
	sim.SetFaults(simulator.Faults{
		ErrorRate:         0.10,
		Burst429:          3,
		Burst429Every:     40,
		LatencySpikeEvery: 15,
		LatencySpike:      300 * time.Millisecond,
		// Below the plugin's five attempts, so whether every request recovers does not depend
		// on which call the scheduler lets draw which fault.
		MaxInARow: 3,
	})
	ds := dataSourceFor(url, sim.RefreshToken())
	panels := OverviewSet(time.Now())

	var wg sync.WaitGroup
	wg.Go(func() {
		time.Sleep(150 * time.Millisecond)
		sim.ExpireAccessTokens() // the access token dies mid-refresh
	})
	if err := Complete(p.Refresh(ctx, ds, panels)); err != nil {
		t.Fatalf("a query lost data under faults: %v", err)
	}
	wg.Wait()

	calls := sim.CallLog()
	distinct := distinctCalls(calls)
	statuses := map[int]int{}
	for _, c := range calls {
		statuses[c.Status]++
	}
	extra := len(calls) - len(distinct)
	t.Logf("under faults: %d upstream calls for %d distinct requests (%d extra); statuses %v", len(calls), len(distinct), extra, statuses)
	if limit := len(distinct)/2 + 20; extra > limit {
		t.Errorf("%d extra upstream calls, want at most %d: retries are not bounded", extra, limit)
	}
}

func TestMaintenanceIsReportedAfterAtMostTwoAttempts(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 5})
	ds := dataSourceFor(url, sim.RefreshToken())
	sim.SetFaults(simulator.Faults{Maintenance: true})

	for _, panel := range OverviewSet(time.Now()) {
		sim.ResetCalls()
		rsp, err := p.QueryData(ctx, ds, panel.Queries...)
		if err != nil {
			t.Fatal(err)
		}
		res := rsp.Responses["A"]
		if res.Error == nil || !strings.Contains(res.Error.Error(), "SCP maintenance") {
			t.Errorf("%s: error %v, want the SCP maintenance message", panel.Title, res.Error)
		}
		for call, n := range distinctCalls(sim.CallLog()) {
			if strings.Contains(call, "/api/v1/") && n > 2 {
				t.Errorf("%s: %s was attempted %d times under maintenance, want at most 2", panel.Title, call, n)
			}
		}
	}
}

func TestRevokedTokenSaysSignInAgainWithoutHammering(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 5})
	sim.RevokeRefreshToken(sim.RefreshToken())
	ds := dataSourceFor(url, sim.RefreshToken())

	health, err := p.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(health.Message, "Sign in again") {
		t.Errorf("health says %q, want it to ask to sign in again", health.Message)
	}
	for round := 0; round < 3; round++ {
		for _, r := range p.Refresh(ctx, ds, OverviewSet(time.Now())) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if res := r.Response.Responses["A"]; res.Error == nil || !strings.Contains(res.Error.Error(), "Sign in again") {
				t.Errorf("%s: error %v, want it to ask to sign in again", r.Panel.Title, res.Error)
			}
		}
	}
	if n := sim.Calls()["POST /token"]; n != 1 {
		t.Errorf("the token endpoint saw %d calls within the negative-cache period, want 1", n)
	}
}

func TestHungUpstreamTimesOutAndOthersStillAnswer(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hung, hungURL := startSimulator(t, simulator.Options{Servers: 3})
	hung.SetFaults(simulator.Faults{Latency: time.Minute})
	healthy, healthyURL := startSimulator(t, simulator.Options{Servers: 3})
	slow := NewDataSource(map[string]any{
		"apiUrl": hungURL + "/scp-core", "authUrl": hungURL + "/realms/scp/protocol/openid-connect", "timeoutSeconds": 5,
	}, map[string]string{"refreshToken": hung.RefreshToken()})
	fast := dataSourceFor(healthyURL, healthy.RefreshToken())
	query := Query{RefID: "A", JSON: map[string]any{"queryType": "servers"}, From: time.Now().Add(-time.Hour), To: time.Now()}

	var wg sync.WaitGroup
	var slowErr error
	slowDone := make(chan struct{})
	wg.Go(func() {
		defer close(slowDone)
		rsp, err := p.QueryData(ctx, slow, query)
		if err != nil {
			t.Error(err)
			return
		}
		slowErr = rsp.Responses["A"].Error
	})
	// The slow query has its token (the token endpoint has no latency) and now waits on the
	// hung API until its own timeout.
	for hung.Calls()["POST /token"] == 0 {
		select {
		case <-ctx.Done():
			t.Fatal("the slow query never reached its upstream")
		case <-time.After(10 * time.Millisecond):
		}
	}
	rsp, err := p.QueryData(ctx, fast, query)
	if err != nil || rsp.Responses["A"].Error != nil {
		t.Fatalf("a healthy data source failed while another hung: %v %v", err, rsp.Responses["A"].Error)
	}
	select {
	case <-slowDone:
		t.Error("the healthy query answered only after the hung one had timed out: it waited behind it")
	default:
	}
	wg.Wait()
	if slowErr == nil || !strings.Contains(slowErr.Error(), "did not answer") {
		t.Fatalf("hung upstream gave %v, want a timeout message", slowErr)
	}
}
