package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// thief is a second loopback listener, another origin, that records whatever reaches it.
type thief struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

func startThief(t *testing.T) *thief {
	th := &thief{}
	th.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		th.mu.Lock()
		th.seen = append(th.seen, fmt.Sprintf("%s %s Authorization=%q form=%v", r.Method, r.URL, r.Header.Get("Authorization"), r.PostForm))
		th.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(th.srv.Close)
	return th
}

func (th *thief) host() string { return strings.TrimPrefix(th.srv.URL, "http://") }

// redirecting serves next, except requests under prefix, which it sends to the thief.
func redirecting(t *testing.T, next http.Handler, prefix string, status int, th *thief) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, prefix) {
			http.Redirect(w, r, th.srv.URL+r.URL.RequestURI(), status)
			return
		}
		next.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestNoCredentialFollowsARedirect: whichever endpoint redirects (the API, the token, device
// and revoke endpoints, Nezha) and however (301, 302, 303, 307, 308), the other origin gets no
// request at all, so no bearer and no token in a body; the query, health check or sign-in
// fails with a message that names the other host.
func TestNoCredentialFollowsARedirect(t *testing.T) {
	p, logs := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	th := startThief(t)
	sim := simulator.New(simulator.Options{Servers: 2, Seed: 5})
	nezha := simulator.NewNezha(simulator.NezhaOptions{Version: "v2", Servers: 2, Seed: 5})
	query := Query{RefID: "A", JSON: map[string]any{"queryType": "servers"}, From: time.Now().Add(-time.Hour), To: time.Now()}
	nezhaQuery := Query{RefID: "A", JSON: map[string]any{"queryType": "nezhaServers"}, From: time.Now().Add(-time.Hour), To: time.Now()}

	// Each check returns what the user was told.
	queryAndHealth := func(ds DataSource, q Query) []string {
		rsp, err := p.QueryData(ctx, ds, q)
		if err != nil {
			t.Fatal(err)
		}
		health, err := p.CheckHealth(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		return []string{fmt.Sprint(rsp.Responses["A"].Error), health.Message}
	}
	resource := func(path string) func(DataSource, Query) []string {
		return func(ds DataSource, _ Query) []string {
			res, err := p.CallResource(ctx, ds, http.MethodPost, path, []byte("{}"))
			if err != nil {
				t.Fatal(err)
			}
			if res.Status < 400 {
				t.Errorf("%s answered %d through a redirect", path, res.Status)
			}
			return []string{string(res.Body)}
		}
	}
	targets := []struct {
		name, prefix string
		handler      http.Handler
		dataSource   func(url string) DataSource
		query        Query
		told         func(DataSource, Query) []string
	}{
		{"API", simulator.APIPrefix + "/", sim.Handler(), scpDataSource(sim), query, queryAndHealth},
		{"token endpoint", simulator.AuthPrefix + "/token", sim.Handler(), scpDataSource(sim), query, queryAndHealth},
		{"device endpoint", simulator.AuthPrefix + "/auth/device", sim.Handler(), scpDataSource(sim), query, resource("device/start")},
		{"revoke endpoint", simulator.AuthPrefix + "/revoke", sim.Handler(), scpDataSource(sim), query, resource("device/revoke")},
		{"Nezha", "/", nezha.Handler(), func(url string) DataSource { return nezhaDataSource(url, "v2", nezha.Token()) }, nezhaQuery, queryAndHealth},
	}
	for _, target := range targets {
		for _, status := range []int{301, 302, 303, 307, 308} {
			url := redirecting(t, target.handler, target.prefix, status, th)
			for _, msg := range target.told(target.dataSource(url), target.query) {
				if !strings.Contains(msg, th.host()) {
					t.Errorf("%s answering %d: the user was told %q, which does not name %s", target.name, status, msg, th.host())
				}
			}
		}
	}
	th.mu.Lock()
	defer th.mu.Unlock()
	if len(th.seen) > 0 {
		t.Errorf("the other origin received %d requests:\n%s", len(th.seen), strings.Join(th.seen, "\n"))
	}
	for _, marker := range append(secretMarkers, nezha.Token()) {
		if strings.Contains(logs.String(), marker) {
			t.Errorf("the plugin log holds a token (%s…)", marker)
		}
	}
}

// scpDataSource points a data source at url with sim's refresh token.
func scpDataSource(sim *simulator.Simulator) func(url string) DataSource {
	return func(url string) DataSource { return dataSourceFor(url, sim.RefreshToken()) }
}
