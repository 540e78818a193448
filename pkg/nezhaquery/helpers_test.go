package nezhaquery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// testNow pins both the simulator's clock and the plugin's, so golden frames are stable.
var testNow = answertest.Now

var ctx = context.Background()

var versions = []string{models.NezhaAPIV0, models.NezhaAPIV2}

// settingsFor are a Nezha data source's settings for a simulator at url.
func settingsFor(url, version, token string) models.Settings {
	return models.Settings{
		Provider: models.ProviderNezha, NezhaURL: url, NezhaAPIVersion: version, NezhaToken: token,
		MaxConcurrency: 8, TimeoutSeconds: 10,
	}
}

// newEnv starts a Nezha simulator on testNow's clock and returns a client for it;
// edit may change the settings (token, version) first.
func newEnv(t testing.TB, opts simulator.NezhaOptions, edit ...func(*models.Settings)) (*nezha.Client, *simulator.NezhaSimulator) {
	t.Helper()
	return newEnvWrapped(t, opts, nil, edit...)
}

// newEnvWrapped lets a test put a handler in front of the simulator.
func newEnvWrapped(t testing.TB, opts simulator.NezhaOptions, wrap func(http.Handler) http.Handler, edit ...func(*models.Settings)) (*nezha.Client, *simulator.NezhaSimulator) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	sim := simulator.NewNezha(opts)
	var h http.Handler = sim.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	settings := settingsFor(srv.URL, sim.Version(), sim.Token())
	for _, e := range edit {
		e(&settings)
	}
	client, err := nezha.NewClient(settings, httpclient.Options{}, upstream.NewInstance(64<<20, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	return client, sim
}

// newRequest wraps a query as the plugin does, over the 6 hours before testNow.
func newRequest(q models.Query) answer.Request {
	return requestOver(q, 6*time.Hour)
}

// requestOver is newRequest over the given span before testNow.
func requestOver(q models.Query, span time.Duration) answer.Request {
	if q.ServerMode == "" {
		q.ServerMode = models.ServerModeAll
	}
	return answer.Request{
		RefID:       "A",
		Query:       q,
		TimeRange:   backend.TimeRange{From: testNow.Add(-span), To: testNow},
		Now:         testNow,
		Concurrency: 8,
	}
}

func idString(id uint64) string { return strconv.FormatUint(id, 10) }
