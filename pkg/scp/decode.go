package scp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// maxBodyBytes caps one response; a 1440-hour metric map of a large server is a few MiB.
const maxBodyBytes = 64 << 20

// call runs one generated request under the client's timeout and decodes a 2xx JSON body into T.
// Values decoded from a cached answer are shared by every caller until it expires, so callers
// must treat them as read-only.
func call[T any](ctx context.Context, c *Client, op string, do func(context.Context) (*http.Response, error)) (T, error) {
	var zero T
	body, cached, err := c.fetchStored(ctx, op, do)
	if err != nil {
		return zero, err
	}
	decode := func() (any, error) {
		var out T
		if err := json.Unmarshal(body, &out); err != nil {
			return nil, backend.DownstreamError(fmt.Errorf("SCP: %s returned a body that does not match the API spec: %v", op, err))
		}
		return out, nil
	}
	var v any
	if cached != nil {
		v, err = cached.decodedAs(reflect.TypeFor[T](), decode)
	} else {
		v, err = decode()
	}
	if err != nil {
		return zero, err
	}
	return v.(T), nil
}

// fetch runs one request and returns the body of a 2xx answer, or an error naming op.
func (c *Client) fetch(ctx context.Context, op string, do func(context.Context) (*http.Response, error)) ([]byte, error) {
	body, _, err := c.fetchStored(ctx, op, do)
	return body, err
}

// fetchStored is fetch that also returns the cache entry the body came from, if any.
func (c *Client) fetchStored(ctx context.Context, op string, do func(context.Context) (*http.Response, error)) ([]byte, *storedResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ctx, slot := withCacheSlot(ctx)
	rsp, err := do(ctx)
	if err != nil {
		return nil, nil, transportError(ctx, op, c.timeout, err)
	}
	defer func() { _ = rsp.Body.Close() }()
	if slot.stored != nil && rsp.StatusCode/100 == 2 {
		return slot.stored.body, slot.stored, nil
	}
	body, err := io.ReadAll(io.LimitReader(rsp.Body, maxBodyBytes))
	if err != nil {
		return nil, nil, transportError(ctx, op, c.timeout, err)
	}
	if rsp.StatusCode/100 != 2 {
		return nil, nil, newAPIError(op, rsp.StatusCode, body)
	}
	return body, nil, nil
}

func transportError(ctx context.Context, op string, timeout fmt.Stringer, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return backend.DownstreamError(fmt.Errorf("SCP did not answer %s within %s; try again, or raise the timeout in the data source settings", op, timeout))
	}
	if errors.Is(err, context.Canceled) {
		return backend.DownstreamError(fmt.Errorf("%s was cancelled", op))
	}
	var signIn signInError
	if errors.As(err, &signIn) {
		return backend.DownstreamError(signIn) // already worded for the user; drop the URL wrapper
	}
	return backend.DownstreamError(fmt.Errorf("cannot reach SCP for %s: %w", op, err))
}
