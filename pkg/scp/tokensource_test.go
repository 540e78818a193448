package scp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tokenEndpoint is a minimal Keycloak token endpoint that counts refreshes.
type tokenEndpoint struct {
	calls     atomic.Int32
	status    int
	body      string
	expiresIn int
	delay     time.Duration
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := e.calls.Add(1)
	time.Sleep(e.delay)
	_ = r.ParseForm()
	if r.Form.Get("client_id") != ClientID || r.Form.Get("grant_type") != "refresh_token" || r.Form.Get("refresh_token") != "secret-refresh" {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_request"}`))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if e.status != 0 {
		w.WriteHeader(e.status)
		_, _ = w.Write([]byte(e.body))
		return
	}
	_, _ = fmt.Fprintf(w, `{"access_token":"access-%d","expires_in":%d,"token_type":"Bearer"}`, n, e.expiresIn)
}

func newTestTokenSource(t *testing.T, e *tokenEndpoint) *TokenSource {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return NewTokenSource(srv.URL, "secret-refresh", srv.Client(), nil)
}

func TestTokenSourceCachesUntilShortlyBeforeExpiry(t *testing.T) {
	e := &tokenEndpoint{expiresIn: 300}
	ts := newTestTokenSource(t, e)
	now := time.Now()
	ts.now = func() time.Time { return now }

	first, err := ts.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second, _ := ts.Token(context.Background())
	if first.AccessToken != second.AccessToken || e.calls.Load() != 1 {
		t.Fatalf("token not cached: %q then %q after %d calls", first.AccessToken, second.AccessToken, e.calls.Load())
	}
	now = now.Add(300*time.Second - expiryMargin + time.Second)
	third, _ := ts.Token(context.Background())
	if third.AccessToken == first.AccessToken || e.calls.Load() != 2 {
		t.Fatalf("token not renewed near expiry: %q, %d calls", third.AccessToken, e.calls.Load())
	}
}

func TestTokenSourceConcurrentCallersShareOneRefresh(t *testing.T) {
	e := &tokenEndpoint{expiresIn: 300, delay: 50 * time.Millisecond}
	ts := newTestTokenSource(t, e)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := ts.Token(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := e.calls.Load(); got != 1 {
		t.Fatalf("50 concurrent callers made %d refreshes, want 1", got)
	}
}

func TestTokenSourceInvalidateForcesRefresh(t *testing.T) {
	e := &tokenEndpoint{expiresIn: 300}
	ts := newTestTokenSource(t, e)
	first, _ := ts.Token(context.Background())
	ts.Invalidate("some-other-token")
	if again, _ := ts.Token(context.Background()); again.AccessToken != first.AccessToken {
		t.Fatal("invalidating a different token dropped the current one")
	}
	ts.Invalidate(first.AccessToken)
	if again, _ := ts.Token(context.Background()); again.AccessToken == first.AccessToken {
		t.Fatal("invalidated token was reused")
	}
}

func TestTokenSourceRejectedTokenIsNegativelyCached(t *testing.T) {
	e := &tokenEndpoint{status: http.StatusBadRequest, body: `{"error":"invalid_grant","error_description":"Token is not active"}`}
	ts := newTestTokenSource(t, e)
	now := time.Now()
	ts.now = func() time.Time { return now }
	for range 5 {
		_, err := ts.Token(context.Background())
		if !errors.Is(err, ErrTokenRejected) {
			t.Fatalf("err = %v, want ErrTokenRejected", err)
		}
		if strings.Contains(err.Error(), "secret-refresh") {
			t.Fatal("error message contains the refresh token")
		}
	}
	if got := e.calls.Load(); got != 1 {
		t.Fatalf("token endpoint called %d times within the backoff, want 1", got)
	}
	now = now.Add(rejectedTokenBackoff + time.Second)
	_, _ = ts.Token(context.Background())
	if got := e.calls.Load(); got != 2 {
		t.Fatalf("after the backoff the endpoint was called %d times, want 2", got)
	}
}

func TestTokenSourceServerErrorIsNotARejection(t *testing.T) {
	e := &tokenEndpoint{status: http.StatusBadGateway, body: `bad gateway`}
	ts := newTestTokenSource(t, e)
	_, err := ts.Token(context.Background())
	if err == nil || errors.Is(err, ErrTokenRejected) || !strings.Contains(err.Error(), "502") {
		t.Fatalf("err = %v, want a 502 sign-in service error", err)
	}
}

func TestTokenSourceUnreachable(t *testing.T) {
	ts := NewTokenSource("http://127.0.0.1:1/realms/scp/protocol/openid-connect", "secret-refresh", http.DefaultClient, nil)
	_, err := ts.Token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot reach the netcup sign-in service") || strings.Contains(err.Error(), "secret-refresh") {
		t.Fatalf("err = %v", err)
	}
}
