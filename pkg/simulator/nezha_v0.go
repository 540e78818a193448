package simulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// v0's message for a missing or wrong token: "authentication is required for this interface".
const nezhaV0AuthMsg = "访问此接口需要认证"

func (s *NezhaSimulator) routesV0() {
	s.mux.HandleFunc("GET /api/v1/server/list", s.v0Auth(s.v0List))
	s.mux.HandleFunc("GET /api/v1/server/details", s.v0Auth(s.v0Details))
	s.mux.HandleFunc("GET /api/v1/monitor/{id}", s.v0Monitor)
}

// v0Envelope writes {code, message, result}; v0 answers errors with HTTP 200 too.
func v0Envelope(w http.ResponseWriter, status, code int, message string, result any) {
	body := map[string]any{"code": code, "message": message}
	if code == 0 {
		body["result"] = result
	}
	writeJSON(w, status, body)
}

// v0Token checks the raw Authorization header: ok for the valid token, and bad for a
// token that is present but wrong (the firewall counts those).
func (s *NezhaSimulator) v0Token(r *http.Request) (ok, bad bool) {
	got := r.Header.Get("Authorization")
	if got == s.opts.Token {
		return true, false
	}
	return false, got != ""
}

// v0Auth guards /server/*: a missing or wrong token gets HTTP 200 with code 403.
func (s *NezhaSimulator) v0Auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ok, bad := s.v0Token(r)
		if bad {
			s.noteBadToken(r)
		}
		if !ok {
			v0Envelope(w, http.StatusOK, http.StatusForbidden, nezhaV0AuthMsg, nil)
			return
		}
		if msg := s.fault(); msg != "" {
			v0Envelope(w, http.StatusOK, http.StatusInternalServerError, msg, nil)
			return
		}
		h(w, r)
	}
}

func (s *NezhaSimulator) v0Selected(r *http.Request) []*nezhaServer {
	// With id given, tag is ignored; ids that are unknown or not numbers are skipped.
	if raw := r.URL.Query().Get("id"); raw != "" {
		var out []*nezhaServer
		for _, part := range strings.Split(raw, ",") {
			id, err := strconv.ParseUint(part, 10, 64)
			if srv := s.fleet.byID[id]; err == nil && srv != nil {
				out = append(out, srv)
			}
		}
		return out
	}
	tag := r.URL.Query().Get("tag")
	var out []*nezhaServer
	for _, srv := range s.fleet.servers {
		if tag == "" || srv.tag == tag {
			out = append(out, srv)
		}
	}
	return out
}

type v0ListItem struct {
	ID         uint64 `json:"id"`
	Name       string `json:"name"`
	Tag        string `json:"tag"`
	LastActive int64  `json:"last_active"`
	IPv4       string `json:"ipv4"`
	IPv6       string `json:"ipv6"`
	ValidIP    string `json:"valid_ip"`
}

// goZeroUnix is Go's zero time in Unix seconds: v0's "never reported".
const goZeroUnix = -62135596800

func (s *NezhaSimulator) v0Item(srv *nezhaServer) v0ListItem {
	item := v0ListItem{ID: srv.id, Name: srv.name, Tag: srv.tag, LastActive: goZeroUnix}
	if !srv.neverReported {
		item.LastActive = srv.lastActive(s.now()).Unix()
		item.IPv4, item.IPv6, item.ValidIP = srv.ipv4, srv.ipv6, srv.ipv4
	}
	return item
}

func (s *NezhaSimulator) v0List(w http.ResponseWriter, r *http.Request) {
	items := []v0ListItem{}
	for _, srv := range s.v0Selected(r) {
		items = append(items, s.v0Item(srv))
	}
	v0Envelope(w, http.StatusOK, 0, "success", items)
}

type v0Host struct {
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
}

type v0Status struct {
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
}

func (s *NezhaSimulator) v0Details(w http.ResponseWriter, r *http.Request) {
	type detail struct {
		v0ListItem
		Host   v0Host   `json:"host"`
		Status v0Status `json:"status"`
	}
	items := []detail{}
	for _, srv := range s.v0Selected(r) {
		d := detail{v0ListItem: s.v0Item(srv)}
		if !srv.neverReported {
			t := srv.reportTime(s.now())
			m := func(name string) uint64 { return uint64(srv.metric(name, t)) }
			d.Host = v0Host{
				Platform: srv.platform, PlatformVersion: srv.platformVersion, CPU: []string{srv.cpuModel},
				MemTotal: srv.memTotal, DiskTotal: srv.diskTotal, SwapTotal: srv.swapTotal, Arch: srv.arch,
				Virtualization: srv.virt, BootTime: srv.bootAt.Unix(), CountryCode: srv.region.country, Version: srv.agentVersion,
			}
			d.Status = v0Status{
				CPU: srv.metric("cpu", t), MemUsed: m("memory"), SwapUsed: m("swap"), DiskUsed: m("disk"),
				NetInTransfer: m("net_in_transfer"), NetOutTransfer: m("net_out_transfer"),
				NetInSpeed: m("net_in_speed"), NetOutSpeed: m("net_out_speed"), Uptime: m("uptime"),
				Load1: srv.metric("load1", t), Load5: srv.metric("load5", t), Load15: srv.metric("load15", t),
				TcpConnCount: m("tcp_conn"), UdpConnCount: m("udp_conn"), ProcessCount: m("process_count"),
			}
		}
		items = append(items, d)
	}
	v0Envelope(w, http.StatusOK, 0, "success", items)
}

// v0Monitor answers GET /api/v1/monitor/{id}, where id is a SERVER id: every monitor's last
// 24 hours from that server. It needs no token, except for servers hidden from guests.
func (s *NezhaSimulator) v0Monitor(w http.ResponseWriter, r *http.Request) {
	ok, bad := s.v0Token(r)
	if bad {
		s.noteBadToken(r)
	}
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil {
		v0Envelope(w, http.StatusBadRequest, http.StatusBadRequest, "id参数错误", nil)
		return
	}
	srv := s.fleet.byID[id]
	if srv == nil {
		v0Envelope(w, http.StatusNotFound, http.StatusNotFound, "id不存在", nil)
		return
	}
	if srv.hideForGuest && !ok {
		v0Envelope(w, http.StatusForbidden, http.StatusForbidden, "需要认证", nil)
		return
	}
	if msg := s.fault(); msg != "" {
		v0Envelope(w, http.StatusOK, http.StatusInternalServerError, msg, nil)
		return
	}
	type monitorHistory struct {
		MonitorID   uint64    `json:"monitor_id"`
		ServerID    uint64    `json:"server_id"`
		MonitorName string    `json:"monitor_name"`
		ServerName  string    `json:"server_name"`
		CreatedAt   []int64   `json:"created_at"`
		AvgDelay    []float64 `json:"avg_delay"`
	}
	var result []monitorHistory // null without history, as v0 answers
	if srv.hasHistory() {
		for _, m := range nezhaMonitors {
			if !m.covers(srv) {
				continue
			}
			h := monitorHistory{MonitorID: m.id, ServerID: srv.id, MonitorName: m.name, ServerName: srv.name}
			for _, t := range sampleTimes(srv.reportTime(s.now()), 24*time.Hour, 10*time.Minute) {
				// v0 stores the average of the successful probes: 0 when all failed.
				delay, _ := m.delay(srv, t)
				h.CreatedAt = append(h.CreatedAt, t.Truncate(time.Minute).UnixMilli())
				h.AvgDelay = append(h.AvgDelay, delay)
			}
			result = append(result, h)
		}
	}
	v0Envelope(w, http.StatusOK, 0, "success", result)
}
