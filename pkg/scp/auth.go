package scp

import (
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// authMiddleware adds the bearer token, and only to requests for the API URL's origin or
// the origin of the Auth URL that issued it (its userinfo endpoint). A 401 means SCP no longer
// accepts the access token (expired early, or revoked), so it forces one refresh and retries
// the request once.
func authMiddleware(tokens *TokenSource, apiURL, authURL *url.URL) httpclient.Middleware {
	allowed := map[string]bool{upstream.Origin(apiURL): true, upstream.Origin(authURL): true}
	return httpclient.NamedMiddlewareFunc("scp-auth", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if to := upstream.Origin(req.URL); !allowed[to] {
				return nil, fmt.Errorf("refusing to send the SCP token to %s: it only goes to the API URL's and the Auth URL's origins", to)
			}
			rsp, accessToken, err := sendWithToken(tokens, next, req)
			if err != nil || rsp.StatusCode != http.StatusUnauthorized || !replayable(req) {
				return rsp, err
			}
			drain(rsp)
			tokens.Invalidate(accessToken)
			retry, err := rewind(req)
			if err != nil {
				return nil, err
			}
			rsp, _, err = sendWithToken(tokens, next, retry)
			return rsp, err
		})
	})
}

func sendWithToken(tokens *TokenSource, next http.RoundTripper, req *http.Request) (*http.Response, string, error) {
	tok, err := tokens.Token(req.Context())
	if err != nil {
		return nil, "", err
	}
	authed := req.Clone(req.Context())
	authed.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	rsp, err := next.RoundTrip(authed)
	return rsp, tok.AccessToken, err
}

func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

func rewind(req *http.Request) (*http.Request, error) {
	retry := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		retry.Body = body
	}
	return retry, nil
}

// drain lets the connection be reused before the response is discarded.
func drain(rsp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rsp.Body, 64<<10))
	_ = rsp.Body.Close()
}
