package nezha

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// A rejected token is not sent again until the backoff has passed; then once more.
func TestRejectedTokenBackoff(t *testing.T) {
	c, sim, _, clock := newSimClient(t, simulator.NezhaOptions{Version: models.NezhaAPIV0, Servers: 2, FirewallAfter: -1}, models.NezhaAPIV0, "wrong")
	for range 5 {
		if _, err := c.Servers(ctx); !errors.Is(err, ErrTokenRejected) {
			t.Fatalf("got %v", err)
		}
	}
	if n := sim.TotalCalls(); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
	clock.Advance(rejectedTokenBackoff - time.Second)
	_, _ = c.Servers(ctx)
	if n := sim.TotalCalls(); n != 1 {
		t.Fatalf("%d calls before the backoff ended, want 1", n)
	}
	clock.Advance(2 * time.Second)
	_, _ = c.Servers(ctx)
	if n := sim.TotalCalls(); n != 2 {
		t.Fatalf("%d calls after the backoff, want 2", n)
	}
}

// Until the token is proven, calls go one at a time, so concurrent reads of different
// endpoints with a bad token still send it once.
func TestUnprovenTokenGoesOneAtATime(t *testing.T) {
	c, sim, _, _ := newSimClient(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 4}, models.NezhaAPIV2, "nzp_wrong")
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			var err error
			switch i % 3 {
			case 0:
				_, err = c.Servers(ctx)
			case 1:
				_, err = c.Metrics(ctx, uint64(1+i%4), "cpu", Period1d)
			default:
				_, err = c.Monitors(ctx, uint64(1+i%4), Period1d)
			}
			if !errors.Is(err, ErrTokenRejected) {
				t.Errorf("call %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if n := sim.TotalCalls(); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
	if sim.Blocked() {
		t.Error("the firewall blocked the client")
	}
}

// Once proven, calls run in parallel again, and other errors do not stop the token.
func TestProvenTokenAndOtherErrors(t *testing.T) {
	c, sim, _, _ := newSimClient(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 3}, models.NezhaAPIV2, "")
	if _, err := c.Servers(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Metrics(ctx, 99, "cpu", Period1d); err == nil || !IsNotFound(err) {
		t.Fatalf("unknown server: %v", err)
	}
	if _, err := c.Metrics(ctx, 1, "cpu", Period7d); err != nil {
		t.Fatalf("after a not-found: %v", err)
	}
	if got := sim.Calls()["GET /api/v1/server/{id}/metrics"]; got != 2 {
		t.Errorf("%d metric calls, want 2", got)
	}
}

func TestTokenHeaders(t *testing.T) {
	for _, c := range []struct {
		version, token, want string
	}{
		{models.NezhaAPIV0, "abc", "abc"},
		{models.NezhaAPIV2, "nzp_abc", "Bearer nzp_abc"},
		{models.NezhaAPIV2, "Bearer nzp_abc", "Bearer nzp_abc"},
		{models.NezhaAPIV2, " bearer  nzp_abc ", "Bearer nzp_abc"},
	} {
		client, _, rec, _ := newSimClient(t, simulator.NezhaOptions{Version: c.version, Servers: 1, Token: "nzp_abc"}, c.version, c.token)
		_, _ = client.Servers(ctx)
		calls := rec.all()
		if len(calls) == 0 || calls[0].auth != c.want {
			t.Errorf("%s %q: sent %+v, want %q", c.version, c.token, calls, c.want)
		}
	}
}

func TestPeriodCovering(t *testing.T) {
	for span, want := range map[time.Duration]string{
		time.Minute: "1d", 24 * time.Hour: "1d", 25 * time.Hour: "7d", 7 * 24 * time.Hour: "7d",
		8 * 24 * time.Hour: "30d", 30 * 24 * time.Hour: "30d", 31 * 24 * time.Hour: "30d (not covered)",
	} {
		p, covered := PeriodCovering(testNow.Add(-span), testNow)
		got := string(p)
		if !covered {
			got += " (not covered)"
		}
		if got != want {
			t.Errorf("%s: %s, want %s", span, got, want)
		}
	}
}

func TestServersDecodeNeverReported(t *testing.T) {
	for _, version := range []string{models.NezhaAPIV0, models.NezhaAPIV2} {
		c, sim, _, _ := newSimClient(t, simulator.NezhaOptions{Version: version, Servers: 4}, version, "")
		servers, err := c.Servers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		never := sim.NeverReportedIDs()
		for _, s := range servers {
			isNever := len(never) == 1 && s.ID == never[0]
			if isNever != (s.LastActive == nil) {
				t.Errorf("%s server %d: LastActive %v", version, s.ID, s.LastActive)
			}
			if !isNever && (s.State.CPU == 0 || s.Host.MemTotal == 0 || s.Host.BootTime == nil || strings.TrimSpace(s.Name) == "") {
				t.Errorf("%s server %d decoded empty: %+v", version, s.ID, s)
			}
		}
	}
}
