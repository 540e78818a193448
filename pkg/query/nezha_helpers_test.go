package query

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

var nezhaVersions = []string{models.NezhaAPIV0, models.NezhaAPIV2}

// nezhaSettings are a Nezha data source's settings for a simulator at url.
func nezhaSettings(url, version, token string) models.Settings {
	return models.Settings{
		Provider: models.ProviderNezha, NezhaURL: url, NezhaAPIVersion: version, NezhaToken: token,
		MaxConcurrency: 8, TimeoutSeconds: 10,
	}
}

// newNezhaEnv starts a Nezha simulator on testNow's clock and returns a client for it;
// edit may change the settings (token, version) first.
func newNezhaEnv(t testing.TB, opts simulator.NezhaOptions, edit ...func(*models.Settings)) (*nezha.Client, *simulator.NezhaSimulator) {
	t.Helper()
	return newNezhaEnvWrapped(t, opts, nil, edit...)
}

// newNezhaEnvWrapped lets a test put a handler in front of the simulator.
func newNezhaEnvWrapped(t testing.TB, opts simulator.NezhaOptions, wrap func(http.Handler) http.Handler, edit ...func(*models.Settings)) (*nezha.Client, *simulator.NezhaSimulator) {
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
	settings := nezhaSettings(srv.URL, sim.Version(), sim.Token())
	for _, e := range edit {
		e(&settings)
	}
	client, err := nezha.NewClient(settings, httpclient.Options{}, upstream.NewInstance(64<<20, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	return client, sim
}

// nezhaRequest is newRequest over the given span before testNow.
func nezhaRequest(q models.Query, span time.Duration) Request {
	req := newRequest(q)
	req.TimeRange = backend.TimeRange{From: testNow.Add(-span), To: testNow}
	return req
}

func idString(id uint64) string { return strconv.FormatUint(id, 10) }
