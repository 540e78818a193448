package scp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// MetricKind names one of SCP's four metric endpoints.
type MetricKind string

// Metric kinds.
const (
	MetricCPU     MetricKind = "cpu"
	MetricDisk    MetricKind = "disk"
	MetricNetwork MetricKind = "network"
	MetricPacket  MetricKind = "packet"
)

// MetricKinds lists the kinds in the order editors offer them.
var MetricKinds = []MetricKind{MetricCPU, MetricDisk, MetricNetwork, MetricPacket}

// MaxMetricHours is the largest `hours` SCP accepts (60 days).
const MaxMetricHours = 1440

// MetricMap is SCP's metric answer: ISO-8601 timestamp -> series key ("CPU0", "vda Read",
// "<mac> IN") -> value.
type MetricMap map[string]map[string]float64

// Metrics reads the last `hours` hours of one metric kind for one server. Bad arguments are
// the caller's mistake and come back as plugin errors, before any request.
func (c *Client) Metrics(ctx context.Context, id int32, kind MetricKind, hours int32) (MetricSeries, error) {
	if hours < 1 || hours > MaxMetricHours {
		return MetricSeries{}, backend.PluginError(fmt.Errorf("metric hours must be between 1 and %d (60 days), got %d", MaxMetricHours, hours))
	}
	op := fmt.Sprintf("GET /api/v1/servers/%d/metrics/%s?hours=%d", id, kind, hours)
	do := func(ctx context.Context) (*http.Response, error) {
		switch kind {
		case MetricCPU:
			return c.api.GetApiV1ServersServerIdMetricsCpu(ctx, id, &api.GetApiV1ServersServerIdMetricsCpuParams{Hours: &hours})
		case MetricDisk:
			return c.api.GetApiV1ServersServerIdMetricsDisk(ctx, id, &api.GetApiV1ServersServerIdMetricsDiskParams{Hours: &hours})
		case MetricNetwork:
			return c.api.GetApiV1ServersServerIdMetricsNetwork(ctx, id, &api.GetApiV1ServersServerIdMetricsNetworkParams{Hours: &hours})
		case MetricPacket:
			return c.api.GetApiV1ServersServerIdMetricsNetworkPacket(ctx, id, &api.GetApiV1ServersServerIdMetricsNetworkPacketParams{Hours: &hours})
		}
		return nil, backend.PluginError(fmt.Errorf("unknown metric kind %q", kind))
	}
	return call[MetricSeries](ctx, c, op, do)
}
