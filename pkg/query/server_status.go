package query

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// guestAgentField is the one status field that costs a second call per server.
const guestAgentField = "guestAgentAvailable"

// statusRow is one server's detail plus its guest-agent status, when that was read.
type statusRow struct {
	serverDetail
	guestAgent *bool
}

// ServerStatus answers `serverStatus`: one row per server with the state and settings the
// exporter publishes as metrics, or one numeric-multi frame per server for a picked field.
func ServerStatus(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	return statusInventory(req.Now).run(ctx, client, req)
}

func statusInventory(now time.Time) inventory[statusRow] {
	return inventory[statusRow]{
		queryType: models.QueryTypeServerStatus,
		fields:    statusFields(now),
		labels:    func(r statusRow) data.Labels { return r.Labels() },
		read:      readStatus,
	}
}

func readStatus(ctx context.Context, client *scp.Client, t Target, field string) ([]statusRow, error) {
	d, err := readDetail(ctx, client, t)
	if err != nil {
		return nil, err
	}
	row := statusRow{serverDetail: d}
	if field == "" || field == guestAgentField {
		available, err := client.GuestAgentAvailable(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		row.guestAgent = &available
	}
	return []statusRow{row}, nil
}

func statusFields(now time.Time) []answer.Field[statusRow] {
	return []answer.Field[statusRow]{
		answer.Column("id", "", func(r statusRow) int64 { return int64(r.ID) }),
		answer.Column("name", "", func(r statusRow) string { return r.Name }),
		answer.Column("nickname", "", func(r statusRow) string { return r.Nickname }),
		answer.Column("hostname", "", func(r statusRow) string { return r.Hostname }),
		answer.Column("state", "", func(r statusRow) *string { return optText(r.live.State) }),
		answer.CountField("running", "", func(r statusRow) *int64 { return running(r.live) }),
		answer.CountField("uptimeSeconds", "s", func(r statusRow) *int64 { return optInt(r.live.UptimeInSeconds) }),
		answer.Column("startTime", "", func(r statusRow) *time.Time { return startTime(r.live, now) }),
		answer.CountField("cpuCount", "", func(r statusRow) *int64 { return optInt(r.live.CpuCount) }),
		answer.CountField("cpuMaxCount", "", func(r statusRow) *int64 { return cpuMaxCount(r.serverDetail) }),
		answer.CountField("memoryBytes", "bytes", func(r statusRow) *int64 { return bytesFromMiB(r.live.CurrentServerMemoryInMiB) }),
		answer.CountField("maxMemoryBytes", "bytes", func(r statusRow) *int64 { return bytesFromMiB(r.live.MaxServerMemoryInMiB) }),
		answer.Column("site", "", func(r statusRow) *string { return siteCity(r.server.Site) }),
		answer.Column("architecture", "", func(r statusRow) *string { return optText(r.server.Architecture) }),
		answer.FlagField("autostart", func(r statusRow) *bool { return r.live.Autostart }),
		answer.FlagField("uefi", func(r statusRow) *bool { return r.live.Uefi }),
		answer.FlagField("latestQemu", func(r statusRow) *bool { return r.live.LatestQemu }),
		// SCP's configChanged is what the exporter and its dashboard call "reboot recommended".
		answer.FlagField("rebootRecommended", func(r statusRow) *bool { return r.live.ConfigChanged }),
		answer.FlagField("rescueActive", func(r statusRow) *bool { return r.server.RescueSystemActive }),
		answer.CountField("snapshotCount", "", func(r statusRow) *int64 { return optInt(r.server.SnapshotCount) }),
		answer.FlagField("snapshotAllowed", func(r statusRow) *bool { return r.server.SnapshotAllowed }),
		answer.CountField("disksAvailableBytes", "bytes", func(r statusRow) *int64 { return bytesFromMiB(r.server.DisksAvailableSpaceInMiB) }),
		answer.FlagField("disabled", func(r statusRow) *bool { return r.server.Disabled }),
		answer.FlagField("gpuDriverAvailable", func(r statusRow) *bool { return r.server.GpuDriverAvailable }),
		answer.FlagField(guestAgentField, func(r statusRow) *bool { return r.guestAgent }),
		answer.Column("ipv4", "", func(r statusRow) string { return ipv4List(r.server.Ipv4Addresses) }),
		answer.Column("ipv6", "", func(r statusRow) string { return ipv6List(r.server.Ipv6Addresses) }),
	}
}

// running is 1 only in state RUNNING, as the exporter's scp_server_status.
func running(live api.ServerInfo) *int64 {
	if live.State == nil {
		return nil
	}
	var v int64
	if *live.State == api.ServerStateRUNNING {
		v = 1
	}
	return &v
}

// startTime is now minus the uptime; a server that is not running has none.
func startTime(live api.ServerInfo, now time.Time) *time.Time {
	if live.UptimeInSeconds == nil || api.Value(live.State) != api.ServerStateRUNNING {
		return nil
	}
	t := now.Add(-time.Duration(*live.UptimeInSeconds) * time.Second).UTC().Truncate(time.Second)
	return &t
}

// cpuMaxCount prefers the live value and falls back to the server's own maxCpuCount.
func cpuMaxCount(d serverDetail) *int64 {
	if d.live.CpuMaxCount != nil {
		return optInt(d.live.CpuMaxCount)
	}
	return optInt(d.server.MaxCpuCount)
}

func siteCity(s *api.Site) *string {
	if s == nil {
		return nil
	}
	return &s.City
}

func ipv4List(addrs *[]api.IPv4AddressMinimal) string {
	var out []string
	for _, a := range api.Value(addrs) {
		out = append(out, api.Value(a.Ip))
	}
	return strings.Join(out, ", ")
}

func ipv6List(nets *[]api.IPv6AddressMinimal) string {
	var out []string
	for _, n := range api.Value(nets) {
		out = append(out, fmt.Sprintf("%s/%d", api.Value(n.NetworkPrefix), api.Value(n.NetworkPrefixLength)))
	}
	return strings.Join(out, ", ")
}
