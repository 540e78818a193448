package nezha

import (
	"context"
	"fmt"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// v0Server is one entry of GET /api/v1/server/details. host and status use the Go field
// names, without JSON tags.
type v0Server struct {
	ID         uint64 `json:"id"`
	Name       string `json:"name"`
	Tag        string `json:"tag"`
	LastActive int64  `json:"last_active"`
	IPv4       string `json:"ipv4"`
	IPv6       string `json:"ipv6"`
	Host       struct {
		Platform        string
		PlatformVersion string
		CPU             []string
		MemTotal        uint64
		DiskTotal       uint64
		SwapTotal       uint64
		Arch            string
		Virtualization  string
		BootTime        int64
		CountryCode     string
		Version         string
	} `json:"host"`
	Status struct {
		CPU            float64
		MemUsed        uint64
		SwapUsed       uint64
		DiskUsed       uint64
		NetInTransfer  uint64
		NetOutTransfer uint64
		NetInSpeed     uint64
		NetOutSpeed    uint64
		Uptime         uint64
		Load1          float64
		Load5          float64
		Load15         float64
		TcpConnCount   uint64
		UdpConnCount   uint64
		ProcessCount   uint64
	} `json:"status"`
}

func (s v0Server) server() Server {
	out := Server{
		ID: s.ID, Name: s.Name, IPv4: s.IPv4, IPv6: s.IPv6, CountryCode: s.Host.CountryCode,
		LastActive: unixSeconds(s.LastActive),
		Host: Host{
			Platform: s.Host.Platform, PlatformVersion: s.Host.PlatformVersion, CPU: s.Host.CPU,
			MemTotal: s.Host.MemTotal, DiskTotal: s.Host.DiskTotal, SwapTotal: s.Host.SwapTotal,
			Arch: s.Host.Arch, Virtualization: s.Host.Virtualization, BootTime: unixSeconds(s.Host.BootTime),
			AgentVersion: s.Host.Version,
		},
		State: State{
			CPU: s.Status.CPU, MemUsed: s.Status.MemUsed, SwapUsed: s.Status.SwapUsed, DiskUsed: s.Status.DiskUsed,
			NetInTransfer: s.Status.NetInTransfer, NetOutTransfer: s.Status.NetOutTransfer,
			NetInSpeed: s.Status.NetInSpeed, NetOutSpeed: s.Status.NetOutSpeed, Uptime: s.Status.Uptime,
			Load1: s.Status.Load1, Load5: s.Status.Load5, Load15: s.Status.Load15,
			TCPConnCount: s.Status.TcpConnCount, UDPConnCount: s.Status.UdpConnCount, ProcessCount: s.Status.ProcessCount,
		},
	}
	if s.Tag != "" {
		out.Tags = []string{s.Tag}
	}
	return out
}

// serversV0 reads every server's details in one call: they carry the list's fields too.
func (c *Client) serversV0(ctx context.Context) ([]Server, error) {
	r := call{version: models.NezhaAPIV0, path: "/api/v1/server/details", ttl: ttlServers}
	data, err := c.get(ctx, r)
	if err != nil {
		return nil, err
	}
	var raw []v0Server
	if err := decodeInto(r.op(), data, &raw); err != nil {
		return nil, err
	}
	out := make([]Server, len(raw))
	for i, s := range raw {
		out[i] = s.server()
	}
	return out, nil
}

// v0Monitor is one monitor of GET /api/v1/monitor/{serverId}; created_at[i] pairs with avg_delay[i].
type v0Monitor struct {
	MonitorID   uint64    `json:"monitor_id"`
	ServerID    uint64    `json:"server_id"`
	MonitorName string    `json:"monitor_name"`
	ServerName  string    `json:"server_name"`
	CreatedAt   []int64   `json:"created_at"` // Unix ms
	AvgDelay    []float64 `json:"avg_delay"`  // ms
}

// monitorsV0 reads the last 24 hours of every monitor of a server. The path takes a SERVER id.
func (c *Client) monitorsV0(ctx context.Context, serverID uint64) ([]MonitorSeries, error) {
	r := call{version: models.NezhaAPIV0, path: fmt.Sprintf("/api/v1/monitor/%d", serverID), ttl: ttlMonitors}
	data, err := c.get(ctx, r)
	if err != nil {
		return nil, err
	}
	var raw []v0Monitor
	if err := decodeInto(r.op(), data, &raw); err != nil {
		return nil, err
	}
	out := make([]MonitorSeries, len(raw))
	for i, m := range raw {
		n := min(len(m.CreatedAt), len(m.AvgDelay))
		points := make([]Point, n)
		for j := range n {
			v := m.AvgDelay[j]
			points[j] = Point{Time: time.UnixMilli(m.CreatedAt[j]).UTC(), Value: &v}
		}
		out[i] = MonitorSeries{MonitorID: m.MonitorID, MonitorName: m.MonitorName, ServerID: m.ServerID, ServerName: m.ServerName, Points: points}
	}
	return out, nil
}
