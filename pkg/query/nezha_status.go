package query

import (
	"context"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// nezhaRow is one server with its online flag, decided once against the query's clock.
type nezhaRow struct {
	nezha.Server
	online bool
}

// NezhaStatus answers `nezhaStatus`: the host and the agent's last report per server as a
// table, or, with a field, one numeric-multi frame per server for stat panels and alerts.
// The values are the last report's; `online` says whether that report is recent.
func NezhaStatus(ctx context.Context, client *nezha.Client, req Request) backend.DataResponse {
	fields := nezhaStatusFields()
	var picked inventoryField[nezhaRow]
	if req.Query.Field != "" {
		var err error
		if picked, err = pickField(fields, models.QueryTypeNezhaStatus, req.Query.Field); err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
	}
	servers, err := selectNezha(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	rows := make([]nezhaRow, len(servers))
	for i, s := range servers {
		rows[i] = nezhaRow{Server: s, online: client.Online(s, req.Now)}
	}
	if req.Query.Field == "" {
		return backend.DataResponse{Frames: data.Frames{inventoryTable(models.QueryTypeNezhaStatus, fields, rows)}}
	}
	return backend.DataResponse{Frames: numericFrames(picked, rows, func(r nezhaRow) data.Labels { return nezhaLabels(r.Server) })}
}

func nezhaStatusFields() []inventoryField[nezhaRow] {
	return []inventoryField[nezhaRow]{
		column("id", "", func(r nezhaRow) int64 { return int64(r.ID) }),
		column("name", "", func(r nezhaRow) string { return r.Name }),
		column("tag", "", func(r nezhaRow) string { return r.Tag() }),
		flagField("online", func(r nezhaRow) *bool { return &r.online }),
		column("lastActive", "", func(r nezhaRow) *time.Time { return r.LastActive }),
		column("platform", "", func(r nezhaRow) string { return r.Host.Platform }),
		column("platformVersion", "", func(r nezhaRow) string { return r.Host.PlatformVersion }),
		column("arch", "", func(r nezhaRow) string { return r.Host.Arch }),
		column("virtualization", "", func(r nezhaRow) string { return r.Host.Virtualization }),
		column("cpuModel", "", func(r nezhaRow) string { return strings.Join(r.Host.CPU, ", ") }),
		column("agentVersion", "", func(r nezhaRow) string { return r.Host.AgentVersion }),
		column("bootTime", "", func(r nezhaRow) *time.Time { return r.Host.BootTime }),
		column("countryCode", "", func(r nezhaRow) string { return r.CountryCode }),
		ratioField("cpuPercent", "percent", func(r nezhaRow) *float64 { return &r.State.CPU }),
		countField("memUsedBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.State.MemUsed) }),
		countField("memTotalBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.Host.MemTotal) }),
		ratioField("memUsedPercent", "percent", func(r nezhaRow) *float64 { return percentOf(r.State.MemUsed, r.Host.MemTotal) }),
		countField("swapUsedBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.State.SwapUsed) }),
		countField("swapTotalBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.Host.SwapTotal) }),
		ratioField("swapUsedPercent", "percent", func(r nezhaRow) *float64 { return percentOf(r.State.SwapUsed, r.Host.SwapTotal) }),
		countField("diskUsedBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.State.DiskUsed) }),
		countField("diskTotalBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.Host.DiskTotal) }),
		ratioField("diskUsedPercent", "percent", func(r nezhaRow) *float64 { return percentOf(r.State.DiskUsed, r.Host.DiskTotal) }),
		countField("netInSpeed", "Bps", func(r nezhaRow) *int64 { return counter(r.State.NetInSpeed) }),
		countField("netOutSpeed", "Bps", func(r nezhaRow) *int64 { return counter(r.State.NetOutSpeed) }),
		// Nezha counts transfer since the host booted: it restarts at 0 after a reboot.
		countField("netInTransferBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.State.NetInTransfer) }),
		countField("netOutTransferBytes", "bytes", func(r nezhaRow) *int64 { return counter(r.State.NetOutTransfer) }),
		ratioField("load1", "", func(r nezhaRow) *float64 { return &r.State.Load1 }),
		ratioField("load5", "", func(r nezhaRow) *float64 { return &r.State.Load5 }),
		ratioField("load15", "", func(r nezhaRow) *float64 { return &r.State.Load15 }),
		countField("tcpConnections", "", func(r nezhaRow) *int64 { return counter(r.State.TCPConnCount) }),
		countField("udpConnections", "", func(r nezhaRow) *int64 { return counter(r.State.UDPConnCount) }),
		countField("processes", "", func(r nezhaRow) *int64 { return counter(r.State.ProcessCount) }),
		countField("uptimeSeconds", "s", func(r nezhaRow) *int64 { return counter(r.State.Uptime) }),
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
