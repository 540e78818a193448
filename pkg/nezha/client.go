// Package nezha reads a Nezha monitoring dashboard: the v0 API with its API token, or the v2
// API with a personal access token. Both are reduced to the same server, state, metric and
// monitor types. Nezha answers most errors with HTTP 200 and an error in the body, and its
// firewall bans IPs that repeat bad tokens, so the client reads every body, never retries,
// and sends a rejected token at most once per backoff.
package nezha

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"golang.org/x/sync/semaphore"
	"golang.org/x/sync/singleflight"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// Client reads one Nezha dashboard for one data-source instance.
type Client struct {
	baseURL string
	token   string
	// configured is v0, v2 or auto.
	configured string
	http       *http.Client
	timeout    time.Duration
	now        func() time.Time
	// onlineAfter is how long after its last report a server still counts as online.
	onlineAfter time.Duration

	cache   *upstream.Cache
	scrub   *upstream.Scrubber
	flights singleflight.Group
	slots   *semaphore.Weighted
	gate    *authGate

	mu       sync.Mutex
	detected string // the version auto-detection found, once it succeeded
}

// NewClient builds the client from validated settings and Grafana's HTTP client options
// (proxy, TLS, tracing); inst holds the instance's clock, cache and scrubber.
func NewClient(settings models.Settings, opts httpclient.Options, inst upstream.Instance) (*Client, error) {
	opts.Middlewares = httpclient.DefaultMiddlewares()
	hc, err := upstream.NewHTTPClient(opts)
	if err != nil {
		return nil, fmt.Errorf("creating HTTP client: %w", err)
	}
	token := bareToken(settings.NezhaToken)
	inst.Scrub.Add(token)
	return &Client{
		baseURL:     settings.NezhaURL,
		token:       token,
		configured:  settings.NezhaAPIVersion,
		http:        hc,
		timeout:     settings.Timeout(),
		now:         inst.Now,
		onlineAfter: settings.NezhaOnlineThreshold(),
		cache:       inst.Cache,
		scrub:       inst.Scrub,
		slots:       semaphore.NewWeighted(int64(max(settings.MaxConcurrency, 1))),
		gate:        newAuthGate(inst.Now),
	}, nil
}

// bareToken drops a "Bearer " a user may have pasted with the token; the client adds it for v2.
func bareToken(token string) string {
	token = strings.TrimSpace(token)
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	return token
}

// URL is the configured dashboard URL.
func (c *Client) URL() string { return c.baseURL }

// Online reports whether a server reported within the online threshold before now. One that
// never reported since the dashboard started is offline.
func (c *Client) Online(s Server, now time.Time) bool {
	return s.LastActive != nil && now.Sub(*s.LastActive) <= c.onlineAfter
}

// Version is the API version in use, v0 or v2, detecting it first when set to auto.
func (c *Client) Version(ctx context.Context) (string, error) {
	if c.configured != models.NezhaAPIAuto {
		return c.configured, nil
	}
	c.mu.Lock()
	v := c.detected
	c.mu.Unlock()
	if v != "" {
		return v, nil
	}
	// While the firewall blocks this IP, asking again would only earn another 403 page.
	if _, err := c.gate.refusal(); err != nil {
		return "", err
	}
	ch := c.flights.DoChan("detect", func() (any, error) {
		v, err := c.detect(context.WithoutCancel(ctx))
		if err == nil {
			c.mu.Lock()
			c.detected = v
			c.mu.Unlock()
		} else if errors.Is(err, ErrFirewall) {
			c.gate.record(err)
		}
		return v, err
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return "", res.Err
		}
		return res.Val.(string), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// authorization is the header value each version expects: v0 the raw token, v2 a bearer token.
func (c *Client) authorization(version string) string {
	if version == models.NezhaAPIV2 {
		return "Bearer " + c.token
	}
	return c.token
}
