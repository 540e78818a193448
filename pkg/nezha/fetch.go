package nezha

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/upstream"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// decoder checks one answer of a version and returns its payload or the error it reports.
type decoder func(c *Client, op string, status int, body []byte) (json.RawMessage, error)

// call is one GET of the API.
type call struct {
	version string
	path    string
	query   url.Values
	ttl     time.Duration
}

func (r call) op() string { return "GET " + r.path }

// key names the answer in the instance's cache.
func (r call) key() string {
	if len(r.query) == 0 {
		return "nezha " + r.version + " " + r.path
	}
	return "nezha " + r.version + " " + r.path + "?" + r.query.Encode()
}

// cached is a fresh cached answer to key.
func (c *Client) cached(key string) (json.RawMessage, bool) {
	v, ok := c.cache.Get(key)
	if !ok {
		return nil, false
	}
	return v.(json.RawMessage), true
}

// get answers from the cache, or joins or makes the one upstream call for the same request.
func (c *Client) get(ctx context.Context, r call) (json.RawMessage, error) {
	stats := upstream.StatsFrom(ctx)
	key := r.key()
	if data, ok := c.cached(key); ok {
		stats.CacheHits.Add(1)
		return data, nil
	}
	ch := c.flights.DoChan(key, func() (any, error) {
		if data, ok := c.cached(key); ok {
			return data, nil
		}
		// The call is made for every caller waiting on it: it outlives a cancelled first
		// caller, but not that caller's deadline.
		sharedCtx := context.WithoutCancel(ctx)
		if deadline, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			sharedCtx, cancel = context.WithDeadline(sharedCtx, deadline)
			defer cancel()
		}
		data, err := c.fetch(sharedCtx, r)
		if err == nil && r.ttl > 0 {
			c.cache.Put(key, data, int64(len(data)), c.now().Add(r.ttl))
		}
		return data, err
	})
	select {
	case res := <-ch:
		if res.Shared {
			stats.Shared.Add(1)
		}
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(json.RawMessage), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fetch makes one authenticated call through the auth gate and the concurrency limit.
func (c *Client) fetch(ctx context.Context, r call) (json.RawMessage, error) {
	done, err := c.gate.enter(ctx)
	if err != nil {
		return nil, err
	}
	body, status, err := c.send(ctx, r.path, r.query, c.authorization(r.version))
	if err != nil {
		done(err)
		return nil, err
	}
	decode := decodeV2
	if r.version != models.NezhaAPIV2 {
		decode = decodeV0
	}
	data, err := decode(c, r.op(), status, body)
	done(err)
	return data, err
}

// send makes one GET and reads the whole body; auth "" sends no token.
func (c *Client) send(ctx context.Context, path string, query url.Values, auth string) (body []byte, status int, err error) {
	if err := c.slots.Acquire(ctx, 1); err != nil {
		return nil, 0, err
	}
	defer c.slots.Release(1)
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("the Nezha URL %q cannot be used: %w", c.baseURL, err)
	}
	req.Header.Set("Accept", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	upstream.StatsFrom(ctx).Calls.Add(1)
	rsp, err := c.http.Do(req)
	if err != nil {
		var redirect *upstream.RedirectError
		if errors.As(err, &redirect) {
			return nil, 0, downstream(fmt.Errorf("the Nezha dashboard: %w", redirect))
		}
		return nil, 0, downstream(&UnreachableError{URL: c.baseURL, Err: unwrapURLError(err)})
	}
	defer rsp.Body.Close()
	body, err = upstream.ReadBody(rsp, upstream.MaxBodyBytes)
	var tooLarge *upstream.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, 0, downstream(fmt.Errorf("the Nezha dashboard's answer to GET %s: %w", path, tooLarge))
	case err != nil:
		return nil, 0, downstream(&UnreachableError{URL: c.baseURL, Err: fmt.Errorf("reading the answer to GET %s: %w", path, err)})
	}
	// The one place every Nezha answer enters the plugin: no echo of a token passes it.
	return c.scrub.Bytes(body), rsp.StatusCode, nil
}

// unwrapURLError drops url.Error's "Get <url>:" prefix; the message names the dashboard already.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
