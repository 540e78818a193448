package nezha

import (
	"context"
	"fmt"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// Servers lists every server the token may see, with its host and state.
func (c *Client) Servers(ctx context.Context) ([]Server, error) {
	version, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	if version == models.NezhaAPIV2 {
		return c.serversV2(ctx)
	}
	return c.serversV0(ctx)
}

// Metrics reads one metric's history of a server over a period (v2 only).
func (c *Client) Metrics(ctx context.Context, serverID uint64, metric string, period Period) ([]Point, error) {
	version, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	if version != models.NezhaAPIV2 {
		return nil, fmt.Errorf("metric history %w (v2.1 or later); v0 dashboards keep no history", ErrNeedsV2)
	}
	return c.metricsV2(ctx, serverID, metric, period)
}

// Monitors reads the ICMP/TCPing monitor delays measured from a server. v0 always answers
// the last 24 hours; v2 answers the period.
func (c *Client) Monitors(ctx context.Context, serverID uint64, period Period) ([]MonitorSeries, error) {
	version, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	if version == models.NezhaAPIV2 {
		return c.monitorsV2(ctx, serverID, period)
	}
	return c.monitorsV0(ctx, serverID)
}
