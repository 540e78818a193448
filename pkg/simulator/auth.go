package simulator

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	clientID        = "scp"
	deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"
	tokenScope      = "openid profile offline_access email"
	// pruneAbove bounds the access-token table in long benchmarks.
	pruneAbove = 50000
)

type accessToken struct {
	acct    *account
	expires time.Time
}

// authState is guarded by Simulator.mu.
type authState struct {
	refresh   map[string]*account    // valid refresh (offline) tokens
	access    map[string]accessToken // issued access tokens
	devices   map[string]*deviceGrant
	userCodes map[string]*deviceGrant
}

func (a *authState) init() {
	a.refresh = map[string]*account{}
	a.access = map[string]accessToken{}
	a.devices = map[string]*deviceGrant{}
	a.userCodes = map[string]*deviceGrant{}
}

// RevokeRefreshToken makes later refreshes with token answer 400 invalid_grant.
func (s *Simulator) RevokeRefreshToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.auth.refresh, token)
}

// ExpireAccessTokens invalidates every access token issued so far (401 on use);
// refresh tokens stay valid, so clients recover by refreshing.
func (s *Simulator) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.access = map[string]accessToken{}
}

func randomToken(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func oauthErr(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// clientOK parses the form and checks the public client id (form or Basic auth). Under the
// Echo fault it answers 400 quoting the form instead.
func (s *Simulator) clientOK(w http.ResponseWriter, r *http.Request) bool {
	_ = r.ParseForm()
	if s.faults.Load().Echo {
		oauthErr(w, http.StatusBadRequest, "invalid_request", "Cannot process request: "+r.PostForm.Encode())
		return false
	}
	id := r.PostForm.Get("client_id")
	if u, _, ok := r.BasicAuth(); ok && id == "" {
		id = u
	}
	if id != clientID {
		oauthErr(w, http.StatusUnauthorized, "invalid_client", "Invalid client or Invalid client credentials")
		return false
	}
	return true
}

// handleToken serves the refresh-token and device-code grants.
func (s *Simulator) handleToken(w http.ResponseWriter, r *http.Request) {
	if !s.clientOK(w, r) {
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		s.mu.RLock()
		acct := s.auth.refresh[rt]
		s.mu.RUnlock()
		if rt == "" || acct == nil {
			oauthErr(w, http.StatusBadRequest, "invalid_grant", "Token is not active")
			return
		}
		if s.opts.RotateRefreshTokens {
			rt = s.rotate(rt, acct)
		}
		s.writeTokens(w, acct, rt)
	case deviceGrantType:
		s.deviceToken(w, r)
	case "":
		oauthErr(w, http.StatusBadRequest, "invalid_request", "Missing form parameter: grant_type")
	default:
		oauthErr(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant_type")
	}
}

// rotate replaces a refresh token with a new one for acct.
func (s *Simulator) rotate(old string, acct *account) string {
	fresh := randomToken("sim-rt-", 32)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.auth.refresh, old)
	s.auth.refresh[fresh] = acct
	return fresh
}

// writeTokens issues a new access token for acct and answers like Keycloak.
func (s *Simulator) writeTokens(w http.ResponseWriter, acct *account, refresh string) {
	at := randomToken("sim-at-", 32)
	now := s.now()
	s.mu.Lock()
	if len(s.auth.access) > pruneAbove {
		for k, v := range s.auth.access {
			if !now.Before(v.expires) {
				delete(s.auth.access, k)
			}
		}
	}
	s.auth.access[at] = accessToken{acct: acct, expires: now.Add(s.opts.AccessTokenTTL)}
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":       at,
		"expires_in":         int(s.opts.AccessTokenTTL / time.Second),
		"refresh_expires_in": 0,
		"refresh_token":      refresh,
		"token_type":         "Bearer",
		"not-before-policy":  0,
		"session_state":      uuidOf(strHash(at)),
		"scope":              tokenScope,
	})
}

// bearer resolves the caller of an SCP API request. msg is the 401 message
// when acct is nil.
func (s *Simulator) bearer(r *http.Request) (acct *account, msg string) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, "Authorization header missing."
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, "Unauthorized"
	}
	s.mu.RLock()
	t, found := s.auth.access[strings.TrimSpace(tok)]
	s.mu.RUnlock()
	if !found || !s.now().Before(t.expires) {
		return nil, "Unauthorized"
	}
	return t.acct, ""
}

func (s *Simulator) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	if s.faults.Load().Echo {
		oauthErr(w, http.StatusBadRequest, "invalid_request", "Cannot verify Authorization: "+r.Header.Get("Authorization"))
		return
	}
	acct, _ := s.bearer(r)
	if acct == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="scp", error="invalid_token"`)
		oauthErr(w, http.StatusUnauthorized, "invalid_token", "Token verification failed")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"sub":                "f:" + acct.kcUUID + ":" + strconv.Itoa(int(acct.id)),
		"id":                 strconv.Itoa(int(acct.id)), // a string, as seen live
		"preferred_username": acct.username,
		"email":              acct.email,
		"email_verified":     true,
		"given_name":         acct.first,
		"family_name":        acct.last,
		"name":               acct.first + " " + acct.last,
	})
}

// handleRevoke revokes a refresh or access token; unknown tokens are fine (RFC 7009).
func (s *Simulator) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if !s.clientOK(w, r) {
		return
	}
	tok := r.PostForm.Get("token")
	if tok == "" {
		oauthErr(w, http.StatusBadRequest, "invalid_request", "Token not provided")
		return
	}
	s.mu.Lock()
	delete(s.auth.refresh, tok)
	delete(s.auth.access, tok)
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// baseURL derives this simulator's external URL from the request, so links
// work behind any listener address.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

func (s *Simulator) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	realm := baseURL(r) + realmPrefix
	oidc := baseURL(r) + AuthPrefix
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                realm,
		"authorization_endpoint":                oidc + "/auth",
		"token_endpoint":                        oidc + "/token",
		"userinfo_endpoint":                     oidc + "/userinfo",
		"revocation_endpoint":                   oidc + "/revoke",
		"device_authorization_endpoint":         oidc + "/auth/device",
		"jwks_uri":                              oidc + "/certs",
		"grant_types_supported":                 []string{"refresh_token", deviceGrantType},
		"response_types_supported":              []string{"code"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"token_endpoint_auth_methods_supported": []string{"none", "client_secret_basic", "client_secret_post"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
	})
}

func (s *Simulator) handleCerts(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"keys": []any{}})
}
