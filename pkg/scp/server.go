package scp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Server reads one server; live adds serverLiveInfo (state, disks, interfaces, traffic).
func (c *Client) Server(ctx context.Context, id int32, live bool) (api.Server, error) {
	return call[api.Server](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerId(ctx, id, &api.GetApiV1ServersServerIdParams{LoadServerLiveInfo: &live})
	})
}

// Disks lists a server's disks with capacity and allocation.
func (c *Client) Disks(ctx context.Context, id int32) ([]api.Disk, error) {
	return call[[]api.Disk](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/disks", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdDisks(ctx, id)
	})
}

// Interfaces lists a server's network interfaces with their addresses and rDNS.
func (c *Client) Interfaces(ctx context.Context, id int32) ([]api.Interface, error) {
	loadRdns := true
	return call[[]api.Interface](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/interfaces", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdInterfaces(ctx, id, &api.GetApiV1ServersServerIdInterfacesParams{LoadRdns: &loadRdns})
	})
}

// Snapshots lists a server's snapshots. SCP answers 503 while the node is in maintenance.
func (c *Client) Snapshots(ctx context.Context, id int32) ([]api.SnapshotMinimal, error) {
	return call[[]api.SnapshotMinimal](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/snapshots", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdSnapshots(ctx, id)
	})
}

// RescueActive reports whether the rescue system is active. The password SCP sends along
// is dropped here, so no caller can pass it on.
func (c *Client) RescueActive(ctx context.Context, id int32) (bool, error) {
	status, err := call[api.RescueSystemStatus](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/rescuesystem", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdRescuesystem(ctx, id)
	})
	return api.Value(status.Active), err
}

// GuestAgent reads the QEMU guest agent's free-form data.
func (c *Client) GuestAgent(ctx context.Context, id int32) (api.GuestAgentData, error) {
	return call[api.GuestAgentData](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/guest-agent", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdGuestAgent(ctx, id)
	})
}

// ServerLogs reads a server's newest log entries.
func (c *Client) ServerLogs(ctx context.Context, id int32, limit int32) ([]api.Log, error) {
	offset := int32(0)
	return call[[]api.Log](ctx, c, fmt.Sprintf("GET /api/v1/servers/%d/logs", id), func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1ServersServerIdLogs(ctx, id, &api.GetApiV1ServersServerIdLogsParams{Limit: &limit, Offset: &offset})
	})
}
