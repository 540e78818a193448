// Package scp is the netcup SCP client: the generated API client behind a token source and a
// middleware chain, with typed reads that return spec models or errors a user can act on.
package scp

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// Client reads the SCP API for one data-source instance.
type Client struct {
	api *api.Client
	// public skips the auth middleware, for the endpoints SCP serves without a token.
	public *api.Client
	// http sends authenticated requests, answering cached GETs without a round trip.
	http     api.HttpRequestDoer
	tokens   *TokenSource
	scrub    *upstream.Scrubber
	apiURL   string
	authURL  string
	timeout  time.Duration
	pageSize int
}

// NewClient builds the client from validated settings and Grafana's HTTP client options
// (proxy, TLS, tracing), which both the API and the token endpoint go through. inst holds
// the instance's clock, cache and scrubber.
func NewClient(settings models.Settings, opts httpclient.Options, inst upstream.Instance) (*Client, error) {
	apiURL, err := url.Parse(settings.APIURL)
	if err != nil {
		return nil, fmt.Errorf("the API URL: %w", err)
	}
	authURL, err := url.Parse(settings.AuthURL)
	if err != nil {
		return nil, fmt.Errorf("the Auth URL: %w", err)
	}
	opts.Middlewares = httpclient.DefaultMiddlewares()
	plain, err := upstream.NewHTTPClient(opts)
	if err != nil {
		return nil, fmt.Errorf("creating HTTP client: %w", err)
	}
	tokens := NewTokenSource(settings.AuthURL, settings.RefreshToken, plain, inst.Scrub)
	tokens.now = inst.Now
	cache := newResponseCache(inst, cacheTTLs(settings.CacheTTLSeconds))

	// Order matters: a cached or shared answer skips tracing, metrics and the slot limit (they
	// measure real upstream calls), and each retry re-runs auth.
	opts.Middlewares = append([]httpclient.Middleware{
		cache.middleware(),
	}, httpclient.DefaultMiddlewares()...)
	opts.Middlewares = append(opts.Middlewares,
		limitMiddleware(settings.MaxConcurrency, inst.Scrub),
		retryMiddleware(DefaultRetryPolicy),
		authMiddleware(tokens, apiURL, authURL),
	)
	authed, err := upstream.NewHTTPClient(opts)
	if err != nil {
		return nil, fmt.Errorf("creating HTTP client: %w", err)
	}
	doer := cachedDoer{cache: cache, client: authed}
	generated, err := api.NewClient(settings.APIURL, api.WithHTTPClient(doer), api.WithRequestEditorFn(acceptJSON))
	if err != nil {
		return nil, fmt.Errorf("creating SCP client: %w", err)
	}
	public, err := api.NewClient(settings.APIURL, api.WithHTTPClient(plain))
	if err != nil {
		return nil, fmt.Errorf("creating SCP client: %w", err)
	}
	return &Client{
		api:      generated,
		public:   public,
		http:     doer,
		tokens:   tokens,
		scrub:    inst.Scrub,
		apiURL:   settings.APIURL,
		authURL:  settings.AuthURL,
		timeout:  settings.Timeout(),
		pageSize: maxPageSize,
	}, nil
}

// cacheTTLs applies a data source's overrides to the defaults.
func cacheTTLs(o models.CacheTTLSeconds) CacheTTLs {
	ttls := DefaultCacheTTLs
	for _, override := range []struct {
		seconds *int
		ttl     *time.Duration
	}{{o.List, &ttls.List}, {o.Detail, &ttls.Detail}, {o.Inventory, &ttls.Inventory}, {o.Tasks, &ttls.Tasks}, {o.Account, &ttls.Account}} {
		if override.seconds != nil {
			*override.ttl = time.Duration(max(*override.seconds, 0)) * time.Second
		}
	}
	if o.Metrics != nil {
		ttls.Metrics = *o.Metrics
	}
	return ttls
}

// TokenRotated reports whether netcup issued a newer refresh token than the stored one.
func (c *Client) TokenRotated() bool { return c.tokens.Rotated() }

// APIURL is the configured SCP base URL.
func (c *Client) APIURL() string { return c.apiURL }

func acceptJSON(_ context.Context, req *http.Request) error {
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	return nil
}
