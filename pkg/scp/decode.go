package scp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// call runs one generated request under the client's timeout and decodes a 2xx JSON body into T.
// Values decoded from a cached answer are shared by every caller until it expires, so callers
// must treat them as read-only.
func call[T any](ctx context.Context, c *Client, op string, do func(context.Context) (*http.Response, error)) (T, error) {
	var zero T
	stored, err := c.fetchStored(ctx, op, do)
	if err != nil {
		return zero, err
	}
	v, err := stored.decodedAs(reflect.TypeFor[T](), func() (any, error) {
		var out T
		if err := json.Unmarshal(stored.body, &out); err != nil {
			return nil, backend.DownstreamError(fmt.Errorf("SCP: %s returned a body that does not match the API spec: %v", op, err))
		}
		return out, nil
	})
	if err != nil {
		return zero, err
	}
	return v.(T), nil
}

// fetch runs one request and returns the body of a 2xx answer, or an error naming op.
func (c *Client) fetch(ctx context.Context, op string, do func(context.Context) (*http.Response, error)) ([]byte, error) {
	stored, err := c.fetchStored(ctx, op, do)
	if err != nil {
		return nil, err
	}
	return stored.body, nil
}

// fetchStored is fetch that returns the whole stored answer, for its memoised decodings.
func (c *Client) fetchStored(ctx context.Context, op string, do func(context.Context) (*http.Response, error)) (*storedResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ctx, slot := withAnswerSlot(ctx)
	rsp, err := do(ctx)
	if err != nil {
		return nil, transportError(ctx, op, c.timeout, err)
	}
	stored := slot.stored
	if stored == nil {
		// Tokenless calls (ping) skip the middlewares that read answers.
		if stored, err = readStored(rsp, c.scrub); err != nil {
			return nil, transportError(ctx, op, c.timeout, err)
		}
	} else {
		_ = rsp.Body.Close()
	}
	if stored.status/100 != 2 {
		return nil, newAPIError(op, stored.status, stored.body)
	}
	return stored, nil
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
	var redirect *upstream.RedirectError
	if errors.As(err, &redirect) {
		return backend.DownstreamError(fmt.Errorf("SCP: %s: %w", op, redirect))
	}
	var tooLarge *upstream.TooLargeError
	if errors.As(err, &tooLarge) {
		return backend.DownstreamError(fmt.Errorf("SCP's answer to %s: %w", op, tooLarge))
	}
	return backend.DownstreamError(fmt.Errorf("cannot reach SCP for %s: %w", op, err))
}
