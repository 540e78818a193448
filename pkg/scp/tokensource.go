package scp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

const (
	// ClientID is SCP's public Keycloak client; it has no secret.
	ClientID = "scp"
	// expiryMargin renews an access token this long before SCP would reject it.
	expiryMargin = 30 * time.Second
	// rejectedTokenBackoff keeps a revoked refresh token from hammering the token endpoint.
	rejectedTokenBackoff = 30 * time.Second
	refreshTimeout       = 20 * time.Second
)

// TokenSource trades the stored refresh token for access tokens. It caches the access token until
// shortly before expiry, and concurrent callers share a single refresh.
type TokenSource struct {
	conf       oauth2.Config
	httpClient *http.Client
	now        func() time.Time
	refreshes  singleflight.Group
	// scrub learns every token this source holds, so no echo of one reaches a user.
	scrub *upstream.Scrubber

	mu           sync.Mutex
	stored       string // the refresh token saved in the data source
	refreshToken string // the one in use: the stored one, or the newer one netcup issued
	current      *oauth2.Token
	rejectedAt   time.Time
}

// NewTokenSource returns a token source for the Keycloak realm at authURL
// (".../realms/scp/protocol/openid-connect"). httpClient must not follow redirects (see
// upstream.NewHTTPClient): a refresh token in a POST body is re-sent on a 307 or 308.
func NewTokenSource(authURL, refreshToken string, httpClient *http.Client, scrub *upstream.Scrubber) *TokenSource {
	scrub.Add(refreshToken)
	return &TokenSource{
		conf: oauth2.Config{
			ClientID: ClientID,
			Endpoint: oauth2.Endpoint{
				TokenURL:      authURL + "/token",
				DeviceAuthURL: authURL + "/auth/device",
				AuthStyle:     oauth2.AuthStyleInParams,
			},
			Scopes: []string{"offline_access", "openid"},
		},
		httpClient:   httpClient,
		now:          time.Now,
		scrub:        scrub,
		stored:       refreshToken,
		refreshToken: refreshToken,
	}
}

// Rotated reports whether netcup issued a refresh token other than the stored one. The
// plugin uses the newer one, but only in memory: if netcup revokes the stored one, a restart
// or a second Grafana replica would be signed out.
func (ts *TokenSource) Rotated() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.refreshToken != ts.stored
}

// Token returns a valid access token, refreshing it when needed.
func (ts *TokenSource) Token(ctx context.Context) (*oauth2.Token, error) {
	ts.mu.Lock()
	if tok := ts.current; tok != nil && ts.now().Add(expiryMargin).Before(tok.Expiry) {
		ts.mu.Unlock()
		return tok, nil
	}
	if !ts.rejectedAt.IsZero() && ts.now().Sub(ts.rejectedAt) < rejectedTokenBackoff {
		ts.mu.Unlock()
		return nil, signInFailed(ErrTokenRejected)
	}
	ts.mu.Unlock()

	ch := ts.refreshes.DoChan("refresh", func() (any, error) { return ts.refresh(ctx) })
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*oauth2.Token), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Invalidate drops the cached access token if it is still the one SCP just refused.
func (ts *TokenSource) Invalidate(accessToken string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.current != nil && ts.current.AccessToken == accessToken {
		ts.current = nil
	}
}

func (ts *TokenSource) refresh(ctx context.Context) (*oauth2.Token, error) {
	// The refresh is shared by every waiting caller, so it must not die with the first caller's context.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, ts.httpClient)

	ts.mu.Lock()
	refreshToken := ts.refreshToken
	ts.mu.Unlock()

	tok, err := ts.conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, ts.classify(err)
	}
	// x/oauth2 dates the expiry by the wall clock; the instance's clock is the one Token
	// compares it with.
	if tok.ExpiresIn > 0 {
		tok.Expiry = ts.now().Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	// Scrub the new tokens before any request can carry them and an echo come back.
	ts.scrub.AddAccessToken(tok.AccessToken)
	ts.scrub.Add(tok.RefreshToken)
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.current = tok
	ts.rejectedAt = time.Time{}
	// Keycloak may rotate the refresh token; the new one is the one that stays valid.
	if tok.RefreshToken != "" {
		ts.refreshToken = tok.RefreshToken
	}
	return tok, nil
}

// classify turns token-endpoint failures into messages that never include the token.
func (ts *TokenSource) classify(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		if re.ErrorCode == "invalid_grant" || status == http.StatusBadRequest || status == http.StatusUnauthorized {
			ts.mu.Lock()
			ts.rejectedAt = ts.now()
			ts.mu.Unlock()
			return signInFailed(ErrTokenRejected)
		}
		return signInFailed(fmt.Errorf("the netcup sign-in service at %s answered HTTP %d %s", ts.conf.Endpoint.TokenURL, status, re.ErrorCode))
	}
	var redirect *upstream.RedirectError
	if errors.As(err, &redirect) {
		return signInFailed(fmt.Errorf("the netcup sign-in service: %w", redirect))
	}
	return signInFailed(fmt.Errorf("cannot reach the netcup sign-in service at %s: %w", ts.conf.Endpoint.TokenURL, err))
}

// signInError marks a failure to get an access token, already worded for the user, so the
// client passes it on as it is instead of as a failed SCP call.
type signInError struct{ error }

func (e signInError) Unwrap() error { return e.error }

func signInFailed(err error) error {
	return backend.DownstreamError(signInError{err})
}

// IsSignInFailure reports that no access token could be had: the refresh token was
// rejected, or the sign-in service could not be reached.
func IsSignInFailure(err error) bool {
	var signIn signInError
	return errors.As(err, &signIn)
}
