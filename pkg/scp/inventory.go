package scp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// GuestAgentAvailable reports whether a QEMU guest agent answers on the server. It is the
// cheap status call; GuestAgent reads the agent's data.
func (c *Client) GuestAgentAvailable(ctx context.Context, id int32) (bool, error) {
	status, err := call[api.GuestAgentStatus](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/guest-agent/status", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdGuestAgentStatus(ctx, id)
	})
	return api.Value(status.Available), err
}
