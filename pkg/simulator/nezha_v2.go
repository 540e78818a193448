package simulator

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (s *NezhaSimulator) routesV2() {
	s.mux.HandleFunc("GET /api/v1/setting", s.v2Setting)
	s.mux.HandleFunc("GET /api/v1/server", s.v2Guard(true, s.v2Servers))
	s.mux.HandleFunc("GET /api/v1/server-group", s.v2Guard(true, s.v2Groups))
	s.mux.HandleFunc("GET /api/v1/server/{id}/metrics", s.v2Guard(false, s.v2Metrics))
	s.mux.HandleFunc("GET /api/v1/server/{id}/service", s.v2Guard(false, s.v2ServerServices))
	s.mux.HandleFunc("GET /api/v1/service/{id}/history", s.v2Guard(false, s.v2History))
}

// v2Envelope writes {success, data, error}, leaving out empty fields as Nezha does.
func v2Envelope(w http.ResponseWriter, status int, data any, errMsg string) {
	body := map[string]any{}
	if errMsg != "" {
		body["error"] = errMsg
	} else {
		body["success"] = true
		if data != nil {
			body["data"] = data
		}
	}
	writeJSON(w, status, body)
}

// v2Guard checks the bearer token. Member-only routes refuse guests; the others let guests
// read 1d only. A wrong token is always refused with 401 and counted by the firewall.
func (s *NezhaSimulator) v2Guard(memberOnly bool, h func(w http.ResponseWriter, r *http.Request, member bool)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		member := header == "Bearer "+s.opts.Token
		switch {
		case header != "" && !member:
			s.noteBadToken(r)
			v2Envelope(w, http.StatusUnauthorized, nil, "ApiErrorUnauthorized: invalid api token")
			return
		case memberOnly && !member:
			v2Envelope(w, http.StatusUnauthorized, nil, "ApiErrorUnauthorized: auth header is empty")
			return
		}
		if msg := s.fault(); msg != "" {
			v2Envelope(w, http.StatusOK, nil, msg)
			return
		}
		h(w, r, member)
	}
}

// v2Setting is public: guests get the config without the version, and tsdb_enabled.
func (s *NezhaSimulator) v2Setting(w http.ResponseWriter, _ *http.Request) {
	v2Envelope(w, http.StatusOK, map[string]any{
		"config":       map[string]any{"site_name": "Nezha Simulator", "language": "en-US"},
		"tsdb_enabled": true,
	}, "")
}

type v2HostJSON struct {
	Platform        string   `json:"platform,omitempty"`
	PlatformVersion string   `json:"platform_version,omitempty"`
	CPU             []string `json:"cpu,omitempty"`
	MemTotal        uint64   `json:"mem_total,omitempty"`
	DiskTotal       uint64   `json:"disk_total,omitempty"`
	SwapTotal       uint64   `json:"swap_total,omitempty"`
	Arch            string   `json:"arch,omitempty"`
	Virtualization  string   `json:"virtualization,omitempty"`
	BootTime        uint64   `json:"boot_time,omitempty"`
	Version         string   `json:"version,omitempty"`
}

type v2StateJSON struct {
	CPU            float64 `json:"cpu,omitempty"`
	MemUsed        uint64  `json:"mem_used,omitempty"`
	SwapUsed       uint64  `json:"swap_used,omitempty"`
	DiskUsed       uint64  `json:"disk_used,omitempty"`
	NetInTransfer  uint64  `json:"net_in_transfer,omitempty"`
	NetOutTransfer uint64  `json:"net_out_transfer,omitempty"`
	NetInSpeed     uint64  `json:"net_in_speed,omitempty"`
	NetOutSpeed    uint64  `json:"net_out_speed,omitempty"`
	Uptime         uint64  `json:"uptime,omitempty"`
	Load1          float64 `json:"load_1,omitempty"`
	Load5          float64 `json:"load_5,omitempty"`
	Load15         float64 `json:"load_15,omitempty"`
	TCPConnCount   uint64  `json:"tcp_conn_count,omitempty"`
	UDPConnCount   uint64  `json:"udp_conn_count,omitempty"`
	ProcessCount   uint64  `json:"process_count,omitempty"`
}

type v2ServerJSON struct {
	ID           uint64       `json:"id"`
	Name         string       `json:"name"`
	DisplayIndex int          `json:"display_index,omitempty"`
	Host         *v2HostJSON  `json:"host,omitempty"`
	State        *v2StateJSON `json:"state,omitempty"`
	GeoIP        *struct {
		IP struct {
			IPv4 string `json:"ipv4_addr,omitempty"`
			IPv6 string `json:"ipv6_addr,omitempty"`
		} `json:"ip"`
		CountryCode string `json:"country_code,omitempty"`
	} `json:"geoip,omitempty"`
	LastActive time.Time `json:"last_active"`
}

func (s *NezhaSimulator) v2Servers(w http.ResponseWriter, _ *http.Request, _ bool) {
	out := []v2ServerJSON{}
	for _, srv := range s.fleet.servers {
		item := v2ServerJSON{ID: srv.id, Name: srv.name, LastActive: srv.lastActive(s.now())}
		if !srv.neverReported {
			t := srv.reportTime(s.now())
			m := func(name string) uint64 { return uint64(srv.metric(name, t)) }
			item.Host = &v2HostJSON{
				Platform: srv.platform, PlatformVersion: srv.platformVersion, CPU: []string{srv.cpuModel},
				MemTotal: srv.memTotal, DiskTotal: srv.diskTotal, SwapTotal: srv.swapTotal, Arch: srv.arch,
				Virtualization: srv.virt, BootTime: uint64(srv.bootAt.Unix()), Version: srv.agentVersion,
			}
			item.State = &v2StateJSON{
				CPU: srv.metric("cpu", t), MemUsed: m("memory"), SwapUsed: m("swap"), DiskUsed: m("disk"),
				NetInTransfer: m("net_in_transfer"), NetOutTransfer: m("net_out_transfer"),
				NetInSpeed: m("net_in_speed"), NetOutSpeed: m("net_out_speed"), Uptime: m("uptime"),
				Load1: srv.metric("load1", t), Load5: srv.metric("load5", t), Load15: srv.metric("load15", t),
				TCPConnCount: m("tcp_conn"), UDPConnCount: m("udp_conn"), ProcessCount: m("process_count"),
			}
			item.GeoIP = &struct {
				IP struct {
					IPv4 string `json:"ipv4_addr,omitempty"`
					IPv6 string `json:"ipv6_addr,omitempty"`
				} `json:"ip"`
				CountryCode string `json:"country_code,omitempty"`
			}{CountryCode: srv.region.country}
			item.GeoIP.IP.IPv4, item.GeoIP.IP.IPv6 = srv.ipv4, srv.ipv6
		}
		out = append(out, item)
	}
	v2Envelope(w, http.StatusOK, out, "")
}

func (s *NezhaSimulator) v2Groups(w http.ResponseWriter, _ *http.Request, _ bool) {
	type group struct {
		Group struct {
			ID   uint64 `json:"id"`
			Name string `json:"name"`
		} `json:"group"`
		Servers []uint64 `json:"servers"`
	}
	out := []group{}
	for _, g := range nezhaGroups {
		var item group
		item.Group.ID, item.Group.Name = g.id, g.name
		item.Servers = []uint64{}
		for _, srv := range s.fleet.servers {
			if slices.Contains(srv.groups(), g.name) {
				item.Servers = append(item.Servers, srv.id)
			}
		}
		out = append(out, item)
	}
	v2Envelope(w, http.StatusOK, out, "")
}

// v2Server resolves {id}: a non-number and an unknown id both answer HTTP 200 with an error.
func (s *NezhaSimulator) v2Server(w http.ResponseWriter, r *http.Request) *nezhaServer {
	raw := r.PathValue("id")
	id, err := strconv.ParseUint(raw, 10, 64)
	if err != nil {
		v2Envelope(w, http.StatusOK, nil, fmt.Sprintf("strconv.ParseUint: parsing %q: invalid syntax", raw))
		return nil
	}
	srv := s.fleet.byID[id]
	if srv == nil {
		v2Envelope(w, http.StatusOK, nil, "server not found")
	}
	return srv
}

// v2Period reads ?period= (1d when absent); guests may read 1d only.
func v2Period(w http.ResponseWriter, r *http.Request, member bool) (string, bool) {
	p := r.URL.Query().Get("period")
	if p == "" {
		p = "1d"
	}
	if _, ok := nezhaPeriods[p]; !ok {
		v2Envelope(w, http.StatusOK, nil, fmt.Sprintf("invalid period: %s, expected 1d, 7d, or 30d", p))
		return "", false
	}
	if !member && p != "1d" {
		v2Envelope(w, http.StatusOK, nil, "unauthorized: only 1d data available for guests")
		return "", false
	}
	return p, true
}

type v2Point struct {
	TS    int64   `json:"ts"`
	Value float64 `json:"value"`
}

func (s *NezhaSimulator) v2Metrics(w http.ResponseWriter, r *http.Request, member bool) {
	srv := s.v2Server(w, r)
	if srv == nil {
		return
	}
	metric := r.URL.Query().Get("metric")
	if !slices.Contains(nezhaMetricNames, metric) {
		v2Envelope(w, http.StatusOK, nil, "invalid metric: "+metric+", expected one of "+strings.Join(nezhaMetricNames, ", "))
		return
	}
	period, ok := v2Period(w, r, member)
	if !ok {
		return
	}
	points := []v2Point{}
	if srv.hasHistory() {
		p := nezhaPeriods[period]
		for _, t := range sampleTimes(s.now(), p.span, p.step) {
			if t.After(srv.reportTime(s.now())) {
				break
			}
			points = append(points, v2Point{TS: t.UnixMilli(), Value: srv.metric(metric, t)})
		}
	}
	v2Envelope(w, http.StatusOK, map[string]any{
		"server_id": srv.id, "server_name": srv.name, "metric": metric, "data_points": points,
	}, "")
}

type v2DelayPoint struct {
	TS     int64   `json:"ts"`
	Delay  float64 `json:"delay"`
	Status int     `json:"status"`
}

// delays are a monitor's points from a server over a period; a failed probe has delay 0, status 0.
func (s *NezhaSimulator) delays(m nezhaMonitor, srv *nezhaServer, period string) []v2DelayPoint {
	p := nezhaPeriods[period]
	out := []v2DelayPoint{}
	for _, t := range sampleTimes(s.now(), p.span, p.step) {
		if t.After(srv.reportTime(s.now())) {
			break
		}
		delay, ok := m.delay(srv, t)
		status := 0
		if ok {
			status = 1
		}
		out = append(out, v2DelayPoint{TS: t.UnixMilli(), Delay: delay, Status: status})
	}
	return out
}

// v2ServerServices lists a server's monitors with their points, as /server/{id}/service does.
func (s *NezhaSimulator) v2ServerServices(w http.ResponseWriter, r *http.Request, member bool) {
	srv := s.v2Server(w, r)
	if srv == nil {
		return
	}
	period, ok := v2Period(w, r, member)
	if !ok {
		return
	}
	type info struct {
		MonitorID   uint64    `json:"monitor_id"`
		ServerID    uint64    `json:"server_id"`
		MonitorName string    `json:"monitor_name"`
		ServerName  string    `json:"server_name"`
		CreatedAt   []int64   `json:"created_at"`
		AvgDelay    []float64 `json:"avg_delay"`
	}
	out := []info{}
	if srv.hasHistory() {
		for _, m := range nezhaMonitors {
			if !m.covers(srv) {
				continue
			}
			item := info{MonitorID: m.id, ServerID: srv.id, MonitorName: m.name, ServerName: srv.name}
			for _, p := range s.delays(m, srv, period) {
				item.CreatedAt = append(item.CreatedAt, p.TS)
				item.AvgDelay = append(item.AvgDelay, p.Delay)
			}
			out = append(out, item)
		}
	}
	v2Envelope(w, http.StatusOK, out, "")
}

// v2History answers GET /api/v1/service/{id}/history: one monitor, every server measuring it.
func (s *NezhaSimulator) v2History(w http.ResponseWriter, r *http.Request, member bool) {
	raw := r.PathValue("id")
	id, err := strconv.ParseUint(raw, 10, 64)
	if err != nil {
		v2Envelope(w, http.StatusOK, nil, fmt.Sprintf("strconv.ParseUint: parsing %q: invalid syntax", raw))
		return
	}
	idx := slices.IndexFunc(nezhaMonitors, func(m nezhaMonitor) bool { return m.id == id })
	if idx < 0 {
		v2Envelope(w, http.StatusOK, nil, "service not found")
		return
	}
	m := nezhaMonitors[idx]
	period, ok := v2Period(w, r, member)
	if !ok {
		return
	}
	type stats struct {
		AvgDelay   float64        `json:"avg_delay"`
		UpPercent  float64        `json:"up_percent"`
		TotalUp    int            `json:"total_up"`
		TotalDown  int            `json:"total_down"`
		DataPoints []v2DelayPoint `json:"data_points"`
	}
	type serverStats struct {
		ServerID   uint64 `json:"server_id"`
		ServerName string `json:"server_name"`
		Stats      stats  `json:"stats"`
	}
	servers := []serverStats{}
	for _, srv := range s.fleet.servers {
		if !m.covers(srv) || !srv.hasHistory() {
			continue
		}
		st := stats{DataPoints: s.delays(m, srv, period)}
		var sum float64
		for _, p := range st.DataPoints {
			if p.Status == 1 {
				st.TotalUp++
				sum += p.Delay
			} else {
				st.TotalDown++
			}
		}
		if st.TotalUp > 0 {
			st.AvgDelay = roundTo(sum/float64(st.TotalUp), 3)
			st.UpPercent = roundTo(100*float64(st.TotalUp)/float64(st.TotalUp+st.TotalDown), 2)
		}
		servers = append(servers, serverStats{ServerID: srv.id, ServerName: srv.name, Stats: st})
	}
	v2Envelope(w, http.StatusOK, map[string]any{"service_id": m.id, "service_name": m.name, "servers": servers}, "")
}
