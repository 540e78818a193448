package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"
)

func newClock() *Clock {
	return NewClock(time.Date(2026, 8, 14, 9, 33, 17, 0, time.UTC))
}

// env is a simulator behind an httptest server.
type env struct {
	t     *testing.T
	sim   *Simulator
	srv   *httptest.Server
	clock *Clock
}

func newEnv(t *testing.T, opts Options) *env { return newEnvWrapped(t, opts, nil) }

// newEnvWrapped lets a test put middleware in front of the simulator.
func newEnvWrapped(t *testing.T, opts Options, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	sim := New(opts)
	h := sim.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, sim: sim, srv: srv, clock: clk}
}

// form posts to a Keycloak endpoint and decodes the JSON answer.
func (e *env) form(path string, vals url.Values) (int, map[string]any) {
	e.t.Helper()
	resp, err := http.PostForm(e.srv.URL+AuthPrefix+path, vals)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var m map[string]any
	body, _ := io.ReadAll(resp.Body)
	if len(body) > 0 {
		if err := json.Unmarshal(body, &m); err != nil {
			e.t.Fatalf("POST %s: %v: %s", path, err, body)
		}
	}
	return resp.StatusCode, m
}

// token exchanges a refresh token for an access token.
func (e *env) token(refresh string) string {
	e.t.Helper()
	st, m := e.form("/token", url.Values{"client_id": {"scp"}, "grant_type": {"refresh_token"}, "refresh_token": {refresh}})
	if st != http.StatusOK {
		e.t.Fatalf("token: %d %v", st, m)
	}
	return m["access_token"].(string)
}

// get calls the SCP API with a bearer token ("" for none).
func (e *env) get(tok, path string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+APIPrefix+path, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// getJSON calls the API, requires want, and decodes into v.
func (e *env) getJSON(tok, path string, want int, v any) *http.Response {
	e.t.Helper()
	resp, body := e.get(tok, path)
	if resp.StatusCode != want {
		e.t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, want, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			e.t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
	return resp
}

func itoa32(v int32) string { return strconv.Itoa(int(v)) }

// decodeResp sends req, requires status want and decodes JSON into v (if non-nil).
func decodeResp(t *testing.T, req *http.Request, want int, v any) http.Header {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, want, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v: %s", req.URL.Path, err, body)
		}
	}
	return resp.Header
}
