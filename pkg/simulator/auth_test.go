package simulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func refreshForm(token string) url.Values {
	return url.Values{"client_id": {"scp"}, "grant_type": {"refresh_token"}, "refresh_token": {token}}
}

func TestRefreshGrant(t *testing.T) {
	e := newEnv(t, Options{})
	st, m := e.form("/token", refreshForm(defaultRefreshToken))
	if st != http.StatusOK {
		t.Fatalf("status %d: %v", st, m)
	}
	want := map[string]any{
		"expires_in": 300.0, "refresh_expires_in": 0.0, "refresh_token": defaultRefreshToken,
		"token_type": "Bearer", "not-before-policy": 0.0, "scope": "openid profile offline_access email",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if at, _ := m["access_token"].(string); at == "" || m["session_state"] == "" {
		t.Errorf("missing access_token/session_state: %v", m)
	}
	// Opaque random tokens: two refreshes give two different access tokens.
	if a, b := e.token(defaultRefreshToken), e.token(defaultRefreshToken); a == b {
		t.Error("access tokens repeat")
	}
}

func TestTokenErrors(t *testing.T) {
	e := newEnv(t, Options{})
	cases := []struct {
		name   string
		form   url.Values
		status int
		errStr string
	}{
		{"no client", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {defaultRefreshToken}}, 401, "invalid_client"},
		{"wrong client", url.Values{"client_id": {"other"}, "grant_type": {"refresh_token"}}, 401, "invalid_client"},
		{"unknown token", refreshForm("nope"), 400, "invalid_grant"},
		{"bad grant", url.Values{"client_id": {"scp"}, "grant_type": {"password"}}, 400, "unsupported_grant_type"},
	}
	for _, c := range cases {
		st, m := e.form("/token", c.form)
		if st != c.status || m["error"] != c.errStr {
			t.Errorf("%s: %d %v, want %d %s", c.name, st, m, c.status, c.errStr)
		}
	}
	_, m := e.form("/token", refreshForm("nope"))
	if m["error_description"] != "Token is not active" {
		t.Errorf("error_description = %v", m["error_description"])
	}
}

func TestRevokedRefreshToken(t *testing.T) {
	e := newEnv(t, Options{RefreshToken: "rt-1"})
	e.token("rt-1")
	e.sim.RevokeRefreshToken("rt-1")
	if st, m := e.form("/token", refreshForm("rt-1")); st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("after RevokeRefreshToken: %d %v", st, m)
	}

	// The /revoke endpoint does the same for a user's own token.
	tok := e.sim.AddUser("second", 2, 3)
	if st, _ := e.form("/revoke", url.Values{"client_id": {"scp"}, "token": {tok}, "token_type_hint": {"refresh_token"}}); st != 200 {
		t.Fatalf("revoke status %d", st)
	}
	if st, m := e.form("/token", refreshForm(tok)); st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("after /revoke: %d %v", st, m)
	}
}

func TestAccessTokenLifetime(t *testing.T) {
	e := newEnv(t, Options{AccessTokenTTL: time.Minute})
	tok := e.token(defaultRefreshToken)
	e.getJSON(tok, "/api/v1/servers", 200, nil)

	e.clock.Advance(59 * time.Second)
	e.getJSON(tok, "/api/v1/servers", 200, nil)
	e.clock.Advance(time.Second)
	var m map[string]string
	e.getJSON(tok, "/api/v1/servers", 401, &m)
	if m["message"] != "Unauthorized" {
		t.Errorf("expired token body %v", m)
	}

	e.getJSON("", "/api/v1/servers", 401, &m)
	if m["message"] != "Authorization header missing." {
		t.Errorf("missing header body %v", m)
	}

	tok = e.token(defaultRefreshToken)
	e.sim.ExpireAccessTokens()
	e.getJSON(tok, "/api/v1/servers", 401, nil)
	e.getJSON(e.token(defaultRefreshToken), "/api/v1/servers", 200, nil) // refresh recovers
}

func TestUserinfoAndDiscovery(t *testing.T) {
	e := newEnv(t, Options{})
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+AuthPrefix+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+e.token(defaultRefreshToken))
	var m map[string]any
	decodeResp(t, req, 200, &m)
	id := itoa32(e.sim.UserID())
	if m["id"] != id || m["preferred_username"] != e.sim.Username() {
		t.Errorf("userinfo %v", m)
	}
	if sub, _ := m["sub"].(string); !strings.HasPrefix(sub, "f:") || !strings.HasSuffix(sub, ":"+id) {
		t.Errorf("sub %q", sub)
	}
	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+AuthPrefix+"/userinfo", nil)
	decodeResp(t, req, 401, nil)

	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+"/realms/scp/.well-known/openid-configuration", nil)
	decodeResp(t, req, 200, &m)
	if m["token_endpoint"] != e.srv.URL+AuthPrefix+"/token" || m["device_authorization_endpoint"] != e.srv.URL+AuthPrefix+"/auth/device" {
		t.Errorf("discovery %v", m)
	}
}
