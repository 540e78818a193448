package plugin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"golang.org/x/oauth2"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// "Sign in with netcup" on the config page: the backend runs the OAuth device authorization
// (RFC 8628) against netcup's Keycloak, so the browser never talks to it. The device code
// stays here; the page holds only a session id. The one response that carries a token is a
// successful poll, and it only goes to an Admin, who saves it into secureJsonData.

const (
	deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"
	// slowDownStep is what RFC 8628 §3.5 asks a client to add to its interval on slow_down.
	slowDownStep = 5 * time.Second
	// sessionsPerDataSource bounds the sign-ins one data source holds at once: an Admin may
	// restart one or two, but one data source, or one org, can never crowd out another.
	sessionsPerDataSource = 3
	// maxSessionLifetime caps a sign-in whatever the sign-in service announces (netcup: 600 s).
	maxSessionLifetime = 15 * time.Minute
	adminRole          = "Admin"
)

// deviceSession is one running sign-in, bound to the data source that started it.
type deviceSession struct {
	owner      string
	authURL    string
	deviceCode string
	expiry     time.Time
	interval   time.Duration
}

// deviceSessions outlive data-source instances on purpose: saving other settings while a
// sign-in runs replaces the instance but must not lose the sign-in. They are counted per
// owner (org and data source), so the process holds at most sessionsPerDataSource for each.
type deviceSessions struct {
	mu sync.Mutex
	m  map[string]*deviceSession
}

var signIns = &deviceSessions{m: map[string]*deviceSession{}}

func (s *deviceSessions) add(sess *deviceSession) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	owned := 0
	for id, old := range s.m {
		switch {
		case now.After(old.expiry):
			delete(s.m, id)
		case old.owner == sess.owner:
			owned++
		}
	}
	if owned >= sessionsPerDataSource {
		return "", fmt.Errorf("%d sign-ins are already running for this data source: finish or cancel one, or wait until they expire (at most %s)",
			owned, maxSessionLifetime)
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	s.m[id] = sess
	return id, nil
}

// get returns a copy of the session if it exists and belongs to this data source.
func (s *deviceSessions) get(id string, pc backend.PluginContext) (deviceSession, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.m[id]
	if !ok || sess.owner != sessionOwner(pc) {
		return deviceSession{}, false
	}
	return *sess, true
}

func (s *deviceSessions) slowDown(id string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess, ok := s.m[id]; ok {
		sess.interval += slowDownStep
		return sess.interval
	}
	return 0
}

func (s *deviceSessions) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

func dataSourceUID(pc backend.PluginContext) string {
	if pc.DataSourceInstanceSettings == nil {
		return ""
	}
	return pc.DataSourceInstanceSettings.UID
}

// sessionOwner names the data source a sign-in belongs to: UIDs are unique within an org,
// which Grafana names by its namespace, and releases before namespaces by its id.
func sessionOwner(pc backend.PluginContext) string {
	org := pc.Namespace
	if org == "" {
		//lint:ignore SA1019 older Grafana sends no namespace
		org = fmt.Sprintf("org-%d", pc.OrgID)
	}
	return org + "/" + dataSourceUID(pc)
}

// registerDeviceRoutes adds the sign-in and revoke routes. They work without a stored token,
// which is exactly when they are needed.
func (d *Datasource) registerDeviceRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /device/start", adminOnly(d.handleDeviceStart))
	mux.HandleFunc("POST /device/poll", adminOnly(d.handleDevicePoll))
	mux.HandleFunc("POST /device/cancel", adminOnly(d.handleDeviceCancel))
	mux.HandleFunc("POST /device/revoke", adminOnly(d.handleDeviceRevoke))
}

// adminOnly lets only org Admins through: these routes hand out or destroy the account's token.
func adminOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user := backend.PluginConfigFromContext(r.Context()).User
		if user == nil || user.Role != adminRole {
			writeJSON(w, http.StatusForbidden, messageBody{"Only an organization Admin can sign in to netcup or revoke the stored token."})
			return
		}
		next(w, r)
	}
}

type messageBody struct {
	Message string `json:"message"`
}

type deviceStartResponse struct {
	SessionID               string `json:"sessionId"`
	UserCode                string `json:"userCode"`
	VerificationURI         string `json:"verificationUri"`
	VerificationURIComplete string `json:"verificationUriComplete,omitempty"`
	ExpiresIn               int    `json:"expiresIn"`
	Interval                int    `json:"interval"`
}

// Poll outcomes, as the config page shows them.
const (
	pollPending  = "pending"
	pollSlowDown = "slow_down"
	pollSuccess  = "success"
	pollDenied   = "denied"
	pollExpired  = "expired"
)

type devicePollResponse struct {
	Status   string `json:"status"`
	Interval int    `json:"interval,omitempty"`
	Message  string `json:"message,omitempty"`
	// RefreshToken is set only on success: the page puts it into secureJsonData.
	RefreshToken string `json:"refreshToken,omitempty"`
}

type sessionRequest struct {
	SessionID string `json:"sessionId"`
}

func (d *Datasource) authURL() string {
	if d.settings.AuthURL == "" {
		return models.DefaultAuthURL
	}
	return d.settings.AuthURL
}

func deviceConfig(authURL string) oauth2.Config {
	return oauth2.Config{
		ClientID: scp.ClientID,
		Endpoint: oauth2.Endpoint{
			DeviceAuthURL: authURL + "/auth/device",
			TokenURL:      authURL + "/token",
			AuthStyle:     oauth2.AuthStyleInParams,
		},
		Scopes: []string{"offline_access", "openid"},
	}
}

// httpClient goes through Grafana's HTTP client options (proxy, TLS, timeouts) of this data
// source, and follows no redirect: a POST holding a device code or a refresh token is never
// re-sent elsewhere.
func (d *Datasource) httpClient(ctx context.Context) (*http.Client, error) {
	settings := backend.PluginConfigFromContext(ctx).DataSourceInstanceSettings
	if settings == nil {
		return nil, errors.New("the request carries no data source settings")
	}
	opts, err := settings.HTTPClientOptions(ctx)
	if err != nil {
		return nil, err
	}
	return upstream.NewHTTPClient(opts)
}

// oauthContext bounds one call to the sign-in service and routes it, and the oauth2 package's
// calls, through Grafana's client.
func (d *Datasource) oauthContext(r *http.Request) (context.Context, context.CancelFunc, *http.Client, error) {
	client, err := d.httpClient(r.Context())
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(r.Context(), d.settings.Timeout())
	return context.WithValue(ctx, oauth2.HTTPClient, client), cancel, client, nil
}

func (d *Datasource) handleDeviceStart(w http.ResponseWriter, r *http.Request) {
	ctx, cancel, _, err := d.oauthContext(r)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, messageBody{"Cannot create an HTTP client: " + err.Error()})
		return
	}
	defer cancel()
	authURL := d.authURL()
	conf := deviceConfig(authURL)
	auth, err := conf.DeviceAuth(ctx)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, messageBody{signInServiceMessage(conf.Endpoint.DeviceAuthURL, "start the sign-in", err)})
		return
	}
	interval := time.Duration(max(auth.Interval, 1)) * time.Second
	// RFC 8628 makes expires_in mandatory (netcup announces 600 s); none, or more than the
	// cap, gets the cap.
	expiry := time.Now().Add(maxSessionLifetime)
	if !auth.Expiry.IsZero() && auth.Expiry.Before(expiry) {
		expiry = auth.Expiry
	}
	pc := backend.PluginConfigFromContext(r.Context())
	id, err := signIns.add(&deviceSession{
		owner: sessionOwner(pc), authURL: authURL,
		deviceCode: auth.DeviceCode, expiry: expiry, interval: interval,
	})
	if err != nil {
		writeJSON(w, http.StatusTooManyRequests, messageBody{err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, deviceStartResponse{
		SessionID:               id,
		UserCode:                auth.UserCode,
		VerificationURI:         auth.VerificationURI,
		VerificationURIComplete: auth.VerificationURIComplete,
		ExpiresIn:               int(time.Until(expiry).Round(time.Second).Seconds()),
		Interval:                int(interval.Seconds()),
	})
}

// handleDevicePoll makes exactly one token request; the page paces the polls by the interval.
func (d *Datasource) handleDevicePoll(w http.ResponseWriter, r *http.Request) {
	var body sessionRequest
	if !readDeviceJSON(w, r, &body) {
		return
	}
	sess, ok := signIns.get(body.SessionID, backend.PluginConfigFromContext(r.Context()))
	if !ok {
		writeJSON(w, http.StatusOK, devicePollResponse{Status: pollExpired, Message: "This sign-in is no longer known (it expired, or Grafana restarted). Start again."})
		return
	}
	if time.Now().After(sess.expiry) {
		signIns.remove(body.SessionID)
		writeJSON(w, http.StatusOK, devicePollResponse{Status: pollExpired, Message: "The sign-in code expired before it was approved. Start again."})
		return
	}
	ctx, cancel, _, err := d.oauthContext(r)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, messageBody{"Cannot create an HTTP client: " + err.Error()})
		return
	}
	defer cancel()
	conf := deviceConfig(sess.authURL)
	tok, err := conf.Exchange(ctx, "",
		oauth2.SetAuthURLParam("grant_type", deviceGrantType),
		oauth2.SetAuthURLParam("device_code", sess.deviceCode))
	if err != nil {
		d.answerPollError(w, body.SessionID, sess, conf.Endpoint.TokenURL, err)
		return
	}
	signIns.remove(body.SessionID)
	if tok.RefreshToken == "" {
		writeJSON(w, http.StatusBadGateway, messageBody{"netcup signed you in but issued no refresh token (offline access was not granted). Try again, or paste a token."})
		return
	}
	backend.Logger.FromContext(r.Context()).Info("netcup device sign-in succeeded", "datasource", sess.owner)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, devicePollResponse{Status: pollSuccess, RefreshToken: tok.RefreshToken})
}

func (d *Datasource) answerPollError(w http.ResponseWriter, id string, sess deviceSession, tokenURL string, err error) {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		writeJSON(w, http.StatusBadGateway, messageBody{signInServiceMessage(tokenURL, "check the sign-in", err)})
		return
	}
	switch re.ErrorCode {
	case "authorization_pending":
		writeJSON(w, http.StatusOK, devicePollResponse{Status: pollPending, Interval: int(sess.interval.Seconds())})
	case "slow_down":
		writeJSON(w, http.StatusOK, devicePollResponse{Status: pollSlowDown, Interval: int(signIns.slowDown(id).Seconds())})
	case "access_denied":
		signIns.remove(id)
		writeJSON(w, http.StatusOK, devicePollResponse{Status: pollDenied, Message: "The sign-in was denied at netcup. Nothing was stored."})
	case "expired_token", "invalid_grant":
		signIns.remove(id)
		writeJSON(w, http.StatusOK, devicePollResponse{Status: pollExpired, Message: "The sign-in code expired before it was approved. Start again."})
	default:
		writeJSON(w, http.StatusBadGateway, messageBody{signInServiceMessage(tokenURL, "check the sign-in", err)})
	}
}

func (d *Datasource) handleDeviceCancel(w http.ResponseWriter, r *http.Request) {
	var body sessionRequest
	if !readDeviceJSON(w, r, &body) {
		return
	}
	if _, ok := signIns.get(body.SessionID, backend.PluginConfigFromContext(r.Context())); ok {
		signIns.remove(body.SessionID)
	}
	writeJSON(w, http.StatusOK, messageBody{"Sign-in cancelled."})
}

// handleDeviceRevoke revokes the stored refresh token at netcup (RFC 7009), so a token that
// leaked or is no longer wanted stops working even before the settings are saved.
func (d *Datasource) handleDeviceRevoke(w http.ResponseWriter, r *http.Request) {
	if d.settings.RefreshToken == "" {
		writeJSON(w, http.StatusBadRequest, messageBody{"No refresh token is stored, so there is nothing to revoke."})
		return
	}
	ctx, cancel, client, err := d.oauthContext(r)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, messageBody{"Cannot create an HTTP client: " + err.Error()})
		return
	}
	defer cancel()
	revokeURL := d.authURL() + "/revoke"
	form := url.Values{"client_id": {scp.ClientID}, "token": {d.settings.RefreshToken}, "token_type_hint": {"refresh_token"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, revokeURL, strings.NewReader(form.Encode()))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, messageBody{err.Error()})
		return
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rsp, err := client.Do(req)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, messageBody{signInServiceMessage(revokeURL, "revoke the token", err)})
		return
	}
	defer rsp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(rsp.Body, 64<<10))
	if rsp.StatusCode != http.StatusOK && rsp.StatusCode != http.StatusNoContent {
		writeJSON(w, http.StatusBadGateway, messageBody{fmt.Sprintf("netcup's sign-in service at %s answered HTTP %d to the revocation; the token may still be valid.", revokeURL, rsp.StatusCode)})
		return
	}
	backend.Logger.FromContext(r.Context()).Info("netcup refresh token revoked", "datasource", dataSourceUID(backend.PluginConfigFromContext(r.Context())))
	writeJSON(w, http.StatusOK, messageBody{"The refresh token was revoked at netcup. Save to remove it from Grafana too."})
}

// signInServiceMessage words a failed call; it never includes a response body, which could echo a token.
func signInServiceMessage(endpoint, action string, err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		detail := re.ErrorCode
		if re.ErrorDescription != "" {
			detail += ": " + re.ErrorDescription
		}
		return fmt.Sprintf("netcup's sign-in service at %s answered HTTP %d (%s) when asked to %s.", endpoint, status, detail, action)
	}
	return fmt.Sprintf("Cannot reach netcup's sign-in service at %s to %s: %v. Check the Auth URL and that Grafana's server can reach it.", endpoint, action, err)
}

func readDeviceJSON(w http.ResponseWriter, r *http.Request, into *sessionRequest) bool {
	if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(into); err != nil || into.SessionID == "" {
		writeJSON(w, http.StatusBadRequest, messageBody{`the request body must be JSON like {"sessionId": "…"}`})
		return false
	}
	return true
}
