package query

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// testNow pins both the simulator's clock and the plugin's, so golden frames are stable.
var testNow = answertest.Now

// newTestClient starts a simulator with a fixed clock and returns a client signed in to it.
func newTestClient(t testing.TB, opts simulator.Options) (*scp.Client, *simulator.Simulator) {
	t.Helper()
	return newClientBehind(t, opts, func(h http.Handler) http.Handler { return h })
}

// newClientBehind is newTestClient with middleware in front of the simulator, for faults the
// simulator cannot inject on its own (one server failing, a removed endpoint).
func newClientBehind(t testing.TB, opts simulator.Options, wrap func(http.Handler) http.Handler) (*scp.Client, *simulator.Simulator) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	sim := simulator.New(opts)
	srv := httptest.NewServer(wrap(sim.Handler()))
	t.Cleanup(srv.Close)
	client, err := scp.NewClient(models.Settings{
		APIURL:         srv.URL + simulator.APIPrefix,
		AuthURL:        srv.URL + simulator.AuthPrefix,
		RefreshToken:   sim.RefreshToken(),
		MaxConcurrency: 8,
		TimeoutSeconds: 10,
	}, httpclient.Options{}, upstream.NewInstance(64<<20, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	return client, sim
}

// newRequest wraps a query as the plugin does, over the 6 hours before testNow.
func newRequest(q models.Query) answer.Request {
	if q.QueryType == "" {
		q.QueryType = models.DefaultQueryType
	}
	if q.ServerMode == "" {
		q.ServerMode = models.ServerModeAll
	}
	if q.Limit == 0 {
		q.Limit = models.DefaultLimit
	}
	return answer.Request{
		RefID:         "A",
		Query:         q,
		TimeRange:     backend.TimeRange{From: testNow.Add(-6 * time.Hour), To: testNow},
		MaxDataPoints: 1000,
		Interval:      time.Minute,
		Now:           testNow,
		Concurrency:   8,
		RawAccess:     models.RawAccessServers,
	}
}

var ctx = context.Background()
