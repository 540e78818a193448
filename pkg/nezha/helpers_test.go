package nezha

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

var (
	ctx     = context.Background()
	testNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
)

// seen records what reached the dashboard: path and Authorization header per call.
type seen struct {
	mu    sync.Mutex
	calls []seenCall
}

type seenCall struct{ path, auth string }

func (s *seen) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls = append(s.calls, seenCall{r.URL.Path, r.Header.Get("Authorization")})
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (s *seen) all() []seenCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seenCall(nil), s.calls...)
}

// newTestClient points a client at handler with the given version setting and token.
func newTestClient(t *testing.T, handler http.Handler, version, token string) (*Client, *simulator.Clock) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	clock := simulator.NewClock(testNow)
	c, err := NewClient(models.Settings{
		Provider: models.ProviderNezha, NezhaURL: srv.URL, NezhaAPIVersion: version, NezhaToken: token,
		MaxConcurrency: 4, TimeoutSeconds: 5,
	}, httpclient.Options{}, upstream.NewInstance(64<<20, clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	return c, clock
}

// newSimClient starts a simulator and a client for it; the recorder sees every call.
func newSimClient(t *testing.T, opts simulator.NezhaOptions, version, token string) (*Client, *simulator.NezhaSimulator, *seen, *simulator.Clock) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	sim := simulator.NewNezha(opts)
	rec := &seen{}
	if token == "" {
		token = sim.Token()
	}
	c, clock := newTestClient(t, rec.wrap(sim.Handler()), version, token)
	return c, sim, rec, clock
}

// answer is a fixed dashboard answer.
func answer(status int, contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}
