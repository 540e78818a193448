package nezha

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// v2Server is one entry of GET /api/v1/server. Every field is omitempty: absent means 0.
type v2Server struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
	Host struct {
		Platform        string   `json:"platform"`
		PlatformVersion string   `json:"platform_version"`
		CPU             []string `json:"cpu"`
		MemTotal        uint64   `json:"mem_total"`
		DiskTotal       uint64   `json:"disk_total"`
		SwapTotal       uint64   `json:"swap_total"`
		Arch            string   `json:"arch"`
		Virtualization  string   `json:"virtualization"`
		BootTime        int64    `json:"boot_time"`
		Version         string   `json:"version"`
	} `json:"host"`
	State struct {
		CPU            float64 `json:"cpu"`
		MemUsed        uint64  `json:"mem_used"`
		SwapUsed       uint64  `json:"swap_used"`
		DiskUsed       uint64  `json:"disk_used"`
		NetInTransfer  uint64  `json:"net_in_transfer"`
		NetOutTransfer uint64  `json:"net_out_transfer"`
		NetInSpeed     uint64  `json:"net_in_speed"`
		NetOutSpeed    uint64  `json:"net_out_speed"`
		Uptime         uint64  `json:"uptime"`
		Load1          float64 `json:"load_1"`
		Load5          float64 `json:"load_5"`
		Load15         float64 `json:"load_15"`
		TCPConnCount   uint64  `json:"tcp_conn_count"`
		UDPConnCount   uint64  `json:"udp_conn_count"`
		ProcessCount   uint64  `json:"process_count"`
	} `json:"state"`
	GeoIP struct {
		IP struct {
			IPv4 string `json:"ipv4_addr"`
			IPv6 string `json:"ipv6_addr"`
		} `json:"ip"`
		CountryCode string `json:"country_code"`
	} `json:"geoip"`
	LastActive time.Time `json:"last_active"`
}

func (s v2Server) server(tags []string) Server {
	out := Server{
		ID: s.ID, Name: s.Name, Tags: tags, IPv4: s.GeoIP.IP.IPv4, IPv6: s.GeoIP.IP.IPv6, CountryCode: s.GeoIP.CountryCode,
		Host: Host{
			Platform: s.Host.Platform, PlatformVersion: s.Host.PlatformVersion, CPU: s.Host.CPU,
			MemTotal: s.Host.MemTotal, DiskTotal: s.Host.DiskTotal, SwapTotal: s.Host.SwapTotal,
			Arch: s.Host.Arch, Virtualization: s.Host.Virtualization, BootTime: unixSeconds(s.Host.BootTime),
			AgentVersion: s.Host.Version,
		},
		State: State{
			CPU: s.State.CPU, MemUsed: s.State.MemUsed, SwapUsed: s.State.SwapUsed, DiskUsed: s.State.DiskUsed,
			NetInTransfer: s.State.NetInTransfer, NetOutTransfer: s.State.NetOutTransfer,
			NetInSpeed: s.State.NetInSpeed, NetOutSpeed: s.State.NetOutSpeed, Uptime: s.State.Uptime,
			Load1: s.State.Load1, Load5: s.State.Load5, Load15: s.State.Load15,
			TCPConnCount: s.State.TCPConnCount, UDPConnCount: s.State.UDPConnCount, ProcessCount: s.State.ProcessCount,
		},
	}
	// 0001-01-01T00:00:00Z, or no field at all: never seen since the dashboard started.
	if !s.LastActive.IsZero() && s.LastActive.Unix() > 0 {
		t := s.LastActive.UTC()
		out.LastActive = &t
	}
	return out
}

// v2Group is one entry of GET /api/v1/server-group.
type v2Group struct {
	Group struct {
		ID   uint64 `json:"id"`
		Name string `json:"name"`
	} `json:"group"`
	Servers []uint64 `json:"servers"`
}

// serversV2 reads the servers and their groups, the v2 counterpart of v0's tags.
func (c *Client) serversV2(ctx context.Context) ([]Server, error) {
	list := call{version: models.NezhaAPIV2, path: "/api/v1/server", ttl: ttlServers}
	data, err := c.get(ctx, list)
	if err != nil {
		return nil, err
	}
	var raw []v2Server
	if err := decodeInto(list.op(), data, &raw); err != nil {
		return nil, err
	}
	groups := call{version: models.NezhaAPIV2, path: "/api/v1/server-group", ttl: ttlGroups}
	data, err = c.get(ctx, groups)
	if err != nil {
		return nil, err
	}
	var rawGroups []v2Group
	if err := decodeInto(groups.op(), data, &rawGroups); err != nil {
		return nil, err
	}
	tags := map[uint64][]string{}
	for _, g := range rawGroups {
		for _, id := range g.Servers {
			tags[id] = append(tags[id], g.Group.Name)
		}
	}
	out := make([]Server, len(raw))
	for i, s := range raw {
		out[i] = s.server(tags[s.ID])
	}
	return out, nil
}

// metricsV2 reads GET /api/v1/server/{id}/metrics. The series is empty unless the
// dashboard's time-series store is on.
func (c *Client) metricsV2(ctx context.Context, serverID uint64, metric string, period Period) ([]Point, error) {
	r := call{
		version: models.NezhaAPIV2, path: fmt.Sprintf("/api/v1/server/%d/metrics", serverID),
		query: url.Values{"metric": {metric}, "period": {string(period)}}, ttl: ttlHistory,
	}
	data, err := c.get(ctx, r)
	if err != nil {
		return nil, err
	}
	var raw struct {
		DataPoints []struct {
			TS    int64   `json:"ts"`
			Value float64 `json:"value"`
		} `json:"data_points"`
	}
	if err := decodeInto(r.op(), data, &raw); err != nil {
		return nil, err
	}
	points := make([]Point, len(raw.DataPoints))
	for i, p := range raw.DataPoints {
		v := p.Value
		points[i] = Point{Time: time.UnixMilli(p.TS).UTC(), Value: &v}
	}
	return points, nil
}

// v2Service is one monitor of GET /api/v1/server/{id}/service.
type v2Service struct {
	MonitorID   uint64 `json:"monitor_id"`
	MonitorName string `json:"monitor_name"`
}

// v2History is GET /api/v1/service/{id}/history: one service, every server measuring it.
type v2History struct {
	ServiceID   uint64 `json:"service_id"`
	ServiceName string `json:"service_name"`
	Servers     []struct {
		ServerID   uint64 `json:"server_id"`
		ServerName string `json:"server_name"`
		Stats      struct {
			DataPoints []struct {
				TS     int64   `json:"ts"`
				Delay  float64 `json:"delay"`
				Status int     `json:"status"`
			} `json:"data_points"`
		} `json:"stats"`
	} `json:"servers"`
}

// monitorsV2 lists a server's monitors, then reads each monitor's history. A history holds
// every server of the monitor, so the cache and single-flight make it one call per monitor,
// however many servers a query covers.
func (c *Client) monitorsV2(ctx context.Context, serverID uint64, period Period) ([]MonitorSeries, error) {
	list := call{
		version: models.NezhaAPIV2, path: fmt.Sprintf("/api/v1/server/%d/service", serverID),
		query: url.Values{"period": {string(period)}}, ttl: ttlMonitors,
	}
	data, err := c.get(ctx, list)
	if err != nil {
		return nil, err
	}
	var services []v2Service
	if err := decodeInto(list.op(), data, &services); err != nil {
		return nil, err
	}
	var out []MonitorSeries
	for _, svc := range services {
		h := call{
			version: models.NezhaAPIV2, path: fmt.Sprintf("/api/v1/service/%d/history", svc.MonitorID),
			query: url.Values{"period": {string(period)}}, ttl: ttlHistory,
		}
		data, err := c.get(ctx, h)
		if err != nil {
			return nil, err
		}
		var history v2History
		if err := decodeInto(h.op(), data, &history); err != nil {
			return nil, err
		}
		for _, s := range history.Servers {
			if s.ServerID != serverID {
				continue
			}
			points := make([]Point, len(s.Stats.DataPoints))
			for i, p := range s.Stats.DataPoints {
				points[i] = Point{Time: time.UnixMilli(p.TS).UTC()}
				// A failed probe has no delay; 0 ms would read as a perfect answer.
				if p.Status != 0 || p.Delay != 0 {
					v := p.Delay
					points[i].Value = &v
				}
			}
			out = append(out, MonitorSeries{MonitorID: svc.MonitorID, MonitorName: svc.MonitorName, ServerID: s.ServerID, ServerName: s.ServerName, Points: points})
		}
	}
	return out, nil
}
