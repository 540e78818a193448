package nezha

import (
	"context"
	"errors"
	"sync"
	"time"
)

const (
	// rejectedTokenBackoff is how long a rejected token stays unused. Nezha's firewall bans an
	// IP that repeats bad tokens, for longer each time, so a dashboard refreshing every few
	// seconds must not resend it. Saving the data source creates a new instance and a new gate.
	rejectedTokenBackoff = 5 * time.Minute
	// firewallBackoff pauses calls while the firewall blocks this IP; every call would only
	// earn another 403 page.
	firewallBackoff = time.Minute
)

// authGate keeps a bad token from reaching the dashboard more than once. Until the token has
// been accepted, calls go one at a time, so a dashboard of twenty panels sends one call with
// an unknown token, not twenty; a rejection then fails every waiting call without sending it.
type authGate struct {
	now   func() time.Time
	probe chan struct{} // one slot: the single call allowed while the token is unproven

	mu         sync.Mutex
	verified   bool
	rejected   error // the last rejection, answered again until rejectedAt+backoff
	rejectedAt time.Time
	blocked    error
	blockedAt  time.Time
}

func newAuthGate(now func() time.Time) *authGate {
	return &authGate{now: now, probe: make(chan struct{}, 1)}
}

// refusal is the remembered rejection or block still in force, if any.
// verified reports a token already accepted.
func (g *authGate) refusal() (verified bool, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if g.rejected != nil && now.Sub(g.rejectedAt) < rejectedTokenBackoff {
		return false, g.rejected
	}
	if g.blocked != nil && now.Sub(g.blockedAt) < firewallBackoff {
		return false, g.blocked
	}
	return g.verified, nil
}

// enter admits one call. done must be called with the call's outcome.
func (g *authGate) enter(ctx context.Context) (done func(error), err error) {
	verified, err := g.refusal()
	if err != nil {
		return nil, err
	}
	if verified {
		return g.record, nil
	}
	select {
	case g.probe <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	// The call before may have settled the question while this one waited.
	if verified, err = g.refusal(); err != nil || verified {
		<-g.probe
		if err != nil {
			return nil, err
		}
		return g.record, nil
	}
	return func(outcome error) {
		g.record(outcome)
		<-g.probe
	}, nil
}

// record learns from a call's outcome: success proves the token, a rejection or a block
// is remembered. Other errors say nothing about the token.
func (g *authGate) record(outcome error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case outcome == nil:
		g.verified = true
	case errors.Is(outcome, ErrTokenRejected):
		g.verified = false
		g.rejected, g.rejectedAt = outcome, g.now()
	case errors.Is(outcome, ErrFirewall):
		g.blocked, g.blockedAt = outcome, g.now()
	}
}
