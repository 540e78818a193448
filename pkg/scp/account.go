package scp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Ping checks that the SCP API answers; it needs no token. SCP fails it for Accept: application/json.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.fetch(ctx, "GET /api/ping", func(ctx context.Context) (*http.Response, error) {
		return c.public.GetApiPing(ctx, func(_ context.Context, req *http.Request) error {
			req.Header.Set("Accept", "text/plain")
			return nil
		})
	})
	return err
}

// UserInfo is the part of Keycloak's userinfo answer the plugin uses.
type UserInfo struct {
	// ID is SCP's internal user id (not the CCP customer number).
	ID       int32
	Username string
}

// CurrentUser resolves the signed-in SCP user through Keycloak's userinfo endpoint.
func (c *Client) CurrentUser(ctx context.Context) (UserInfo, error) {
	body, err := c.fetch(ctx, "GET userinfo", func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.authURL+"/userinfo", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return c.http.Do(req)
	})
	if err != nil {
		return UserInfo{}, err
	}
	var claims struct {
		ID                json.RawMessage `json:"id"`
		Sub               string          `json:"sub"`
		PreferredUsername string          `json:"preferred_username"`
	}
	if err := json.Unmarshal(body, &claims); err != nil {
		return UserInfo{}, backend.DownstreamError(fmt.Errorf("the netcup sign-in service returned unreadable user info: %v", err))
	}
	id, err := userID(claims.ID, claims.Sub)
	if err != nil {
		return UserInfo{}, backend.DownstreamError(err)
	}
	return UserInfo{ID: id, Username: claims.PreferredUsername}, nil
}

// userID reads the `id` claim, which netcup sends as a string, or the last segment of a
// federated `sub` ("f:<uuid>:<userId>").
func userID(raw json.RawMessage, sub string) (int32, error) {
	text := strings.Trim(string(raw), `"`)
	if text == "" || text == "null" {
		text = sub[strings.LastIndex(sub, ":")+1:]
	}
	id, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("the netcup user info has no numeric user id")
	}
	return int32(id), nil
}

// User reads the SCP user record.
func (c *Client) User(ctx context.Context, id int32) (api.User, error) {
	return call[api.User](ctx, c, fmt.Sprintf("GET /api/v1/users/%d", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1UsersUserId(ctx, id)
	})
}

// UserLogs reads the account's newest log entries.
func (c *Client) UserLogs(ctx context.Context, userID int32, limit int32) ([]api.Log, error) {
	offset := int32(0)
	return call[[]api.Log](ctx, c, fmt.Sprintf("GET /api/v1/users/%d/logs", userID), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1UsersUserIdLogs(ctx, userID, &api.GetApiV1UsersUserIdLogsParams{Limit: &limit, Offset: &offset})
	})
}

// FailoverIPv4 lists the account's failover IPv4 addresses.
func (c *Client) FailoverIPv4(ctx context.Context, userID int32) ([]api.FailoverIPv4, error) {
	return call[[]api.FailoverIPv4](ctx, c, fmt.Sprintf("GET /api/v1/users/%d/failoverips/v4", userID), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1UsersUserIdFailoveripsV4(ctx, userID, &api.GetApiV1UsersUserIdFailoveripsV4Params{})
	})
}

// FailoverIPv6 lists the account's failover IPv6 networks.
func (c *Client) FailoverIPv6(ctx context.Context, userID int32) ([]api.FailoverIPv6, error) {
	return call[[]api.FailoverIPv6](ctx, c, fmt.Sprintf("GET /api/v1/users/%d/failoverips/v6", userID), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1UsersUserIdFailoveripsV6(ctx, userID, &api.GetApiV1UsersUserIdFailoveripsV6Params{})
	})
}
