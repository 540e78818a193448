package nezhaquery

import (
	"context"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// statusRow is one server with its online flag, decided once against the query's clock.
type statusRow struct {
	nezha.Server
	online bool
}

// Status answers `nezhaStatus`: the host and the agent's last report per server as a
// table, or, with a field, one numeric-multi frame per server for stat panels and alerts.
// The values are the last report's; `online` says whether that report is recent.
func Status(ctx context.Context, client *nezha.Client, req answer.Request) backend.DataResponse {
	fields := statusFields()
	var picked answer.Field[statusRow]
	if req.Query.Field != "" {
		var err error
		if picked, err = answer.Pick(fields, models.QueryTypeNezhaStatus, req.Query.Field); err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
	}
	servers, err := selectServers(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	rows := make([]statusRow, len(servers))
	for i, s := range servers {
		rows[i] = statusRow{Server: s, online: client.Online(s, req.Now)}
	}
	if req.Query.Field == "" {
		return backend.DataResponse{Frames: data.Frames{answer.TableOf(models.QueryTypeNezhaStatus, fields, rows)}}
	}
	return backend.DataResponse{Frames: answer.NumericOf(picked, rows, func(r statusRow) data.Labels { return serverLabels(r.Server) })}
}

func statusFields() []answer.Field[statusRow] {
	return []answer.Field[statusRow]{
		answer.Column("id", "", func(r statusRow) int64 { return int64(r.ID) }),
		answer.Column("name", "", func(r statusRow) string { return r.Name }),
		answer.Column("tag", "", func(r statusRow) string { return r.Tag() }),
		answer.FlagField("online", func(r statusRow) *bool { return &r.online }),
		answer.Column("lastActive", "", func(r statusRow) *time.Time { return r.LastActive }),
		answer.Column("platform", "", func(r statusRow) string { return r.Host.Platform }),
		answer.Column("platformVersion", "", func(r statusRow) string { return r.Host.PlatformVersion }),
		answer.Column("arch", "", func(r statusRow) string { return r.Host.Arch }),
		answer.Column("virtualization", "", func(r statusRow) string { return r.Host.Virtualization }),
		answer.Column("cpuModel", "", func(r statusRow) string { return strings.Join(r.Host.CPU, ", ") }),
		answer.Column("agentVersion", "", func(r statusRow) string { return r.Host.AgentVersion }),
		answer.Column("bootTime", "", func(r statusRow) *time.Time { return r.Host.BootTime }),
		answer.Column("countryCode", "", func(r statusRow) string { return r.CountryCode }),
		answer.RatioField("cpuPercent", "percent", func(r statusRow) *float64 { return &r.State.CPU }),
		answer.CountField("memUsedBytes", "bytes", func(r statusRow) *int64 { return counter(r.State.MemUsed) }),
		answer.CountField("memTotalBytes", "bytes", func(r statusRow) *int64 { return counter(r.Host.MemTotal) }),
		answer.RatioField("memUsedPercent", "percent", func(r statusRow) *float64 { return percentOf(r.State.MemUsed, r.Host.MemTotal) }),
		answer.CountField("swapUsedBytes", "bytes", func(r statusRow) *int64 { return counter(r.State.SwapUsed) }),
		answer.CountField("swapTotalBytes", "bytes", func(r statusRow) *int64 { return counter(r.Host.SwapTotal) }),
		answer.RatioField("swapUsedPercent", "percent", func(r statusRow) *float64 { return percentOf(r.State.SwapUsed, r.Host.SwapTotal) }),
		answer.CountField("diskUsedBytes", "bytes", func(r statusRow) *int64 { return counter(r.State.DiskUsed) }),
		answer.CountField("diskTotalBytes", "bytes", func(r statusRow) *int64 { return counter(r.Host.DiskTotal) }),
		answer.RatioField("diskUsedPercent", "percent", func(r statusRow) *float64 { return percentOf(r.State.DiskUsed, r.Host.DiskTotal) }),
		answer.CountField("netInSpeed", "Bps", func(r statusRow) *int64 { return counter(r.State.NetInSpeed) }),
		answer.CountField("netOutSpeed", "Bps", func(r statusRow) *int64 { return counter(r.State.NetOutSpeed) }),
		// Nezha counts transfer since the host booted: it restarts at 0 after a reboot.
		answer.CountField("netInTransferBytes", "bytes", func(r statusRow) *int64 { return counter(r.State.NetInTransfer) }),
		answer.CountField("netOutTransferBytes", "bytes", func(r statusRow) *int64 { return counter(r.State.NetOutTransfer) }),
		answer.RatioField("load1", "", func(r statusRow) *float64 { return &r.State.Load1 }),
		answer.RatioField("load5", "", func(r statusRow) *float64 { return &r.State.Load5 }),
		answer.RatioField("load15", "", func(r statusRow) *float64 { return &r.State.Load15 }),
		answer.CountField("tcpConnections", "", func(r statusRow) *int64 { return counter(r.State.TCPConnCount) }),
		answer.CountField("udpConnections", "", func(r statusRow) *int64 { return counter(r.State.UDPConnCount) }),
		answer.CountField("processes", "", func(r statusRow) *int64 { return counter(r.State.ProcessCount) }),
		answer.CountField("uptimeSeconds", "s", func(r statusRow) *int64 { return counter(r.State.Uptime) }),
	}
}

// counter widens a Nezha counter for an int64 column; counters never reach 2^63.
func counter(v uint64) *int64 {
	n := int64(v)
	return &n
}

// percentOf is used/total in percent, null when the total is unknown (0).
func percentOf(used, total uint64) *float64 {
	if total == 0 {
		return nil
	}
	p := float64(used) / float64(total) * 100
	return &p
}
