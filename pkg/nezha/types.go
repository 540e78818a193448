package nezha

import (
	"strings"
	"time"
)

// Server is one Nezha server in a shape common to both API versions.
type Server struct {
	ID   uint64
	Name string
	// Tags are the v0 tag (one at most) or the names of the v2 server groups it belongs to.
	Tags        []string
	IPv4        string
	IPv6        string
	CountryCode string
	// LastActive is nil when the agent has not reported since the dashboard started: v0 says
	// -62135596800, v2 0001-01-01T00:00:00Z.
	LastActive *time.Time
	Host       Host
	State      State
}

// Tag is the server's tags as one label value.
func (s Server) Tag() string { return strings.Join(s.Tags, ",") }

// Host is what the agent reports about the machine.
type Host struct {
	Platform        string
	PlatformVersion string
	CPU             []string
	MemTotal        uint64 // bytes
	DiskTotal       uint64 // bytes
	SwapTotal       uint64 // bytes
	Arch            string
	Virtualization  string
	BootTime        *time.Time
	AgentVersion    string
}

// State is the agent's last report. v2 omits zero fields, so absent means 0.
type State struct {
	CPU            float64 // percent, 0-100
	MemUsed        uint64  // bytes
	SwapUsed       uint64  // bytes
	DiskUsed       uint64  // bytes
	NetInTransfer  uint64  // bytes since boot
	NetOutTransfer uint64  // bytes since boot
	NetInSpeed     uint64  // bytes/s
	NetOutSpeed    uint64  // bytes/s
	Uptime         uint64  // seconds
	Load1          float64
	Load5          float64
	Load15         float64
	TCPConnCount   uint64
	UDPConnCount   uint64
	ProcessCount   uint64
}

// Point is one sample. Value is nil for a failed probe, which has no delay.
type Point struct {
	Time  time.Time
	Value *float64
}

// MonitorSeries is one ICMP/TCPing monitor's delays from one server, in ms.
type MonitorSeries struct {
	MonitorID   uint64
	MonitorName string
	ServerID    uint64
	ServerName  string
	Points      []Point
}

// Metrics are the v2 metric names of GET /api/v1/server/{id}/metrics.
var Metrics = []string{
	"cpu", "memory", "swap", "disk", "net_in_speed", "net_out_speed", "net_in_transfer", "net_out_transfer",
	"load1", "load5", "load15", "tcp_conn", "udp_conn", "process_count", "temperature", "uptime", "gpu",
}

// unixSeconds turns a v0/v2 Unix-seconds value into a time; 0 and Go's zero time mean none.
func unixSeconds(s int64) *time.Time {
	if s <= 0 {
		return nil
	}
	t := time.Unix(s, 0).UTC()
	return &t
}
