package simulator

import (
	"fmt"
	"math"
	"time"
)

type nezhaRegion struct {
	code, country string
	delay         float64 // ms added to every monitor's delay from this region
}

var nezhaRegions = []nezhaRegion{
	{"hk", "hk", 35}, {"de", "de", 12}, {"us", "us", 70}, {"jp", "jp", 45},
}

var nezhaOSes = [][2]string{{"debian", "12"}, {"ubuntu", "24.04"}, {"alpine", "3.20"}}

var nezhaRoles = []string{"web", "db", "proxy", "ci", "mail", "dns"}

// nezhaGroups are the v2 server groups; v0 tags use the first two names. "edge" holds only
// the first server, so v2 shows a server in two groups.
var nezhaGroups = []struct {
	id   uint64
	name string
}{{1, "prod"}, {2, "staging"}, {3, "edge"}}

type nezhaMonitor struct {
	id       uint64
	name     string
	base     float64 // ms
	prodOnly bool    // covers only the prod servers
}

var nezhaMonitors = []nezhaMonitor{
	{1, "Ping Cloudflare", 8, false},
	{2, "TCPing Google:443", 15, false},
	{3, "Ping Upstream", 25, true},
}

type nezhaServer struct {
	id            uint64
	idx           int
	h             uint64
	name          string
	tag           string // v0 tag; the same name is its v2 group
	region        nezhaRegion
	ipv4, ipv6    string
	neverReported bool
	stale         bool // stopped reporting 10 minutes before the fleet was built
	staleAt       time.Time
	hideForGuest  bool

	platform, platformVersion, arch, virt, agentVersion string
	cpuModel                                            string
	cores                                               int
	memTotal, diskTotal, swapTotal                      uint64
	bootAt                                              time.Time

	cpuBase, memFrac, diskFrac, swapFrac float64
	rateIn, rateOut                      float64 // bytes/s on average
	tcpBase, udpBase, procBase           int
}

type nezhaFleet struct {
	seed    uint64
	servers []*nezhaServer
	byID    map[uint64]*nezhaServer
}

func buildNezhaFleet(n int, seed int64, t0 time.Time, names []string) *nezhaFleet {
	r := newRNG(uint64(seed), 0x2e7a)
	f := &nezhaFleet{seed: uint64(seed), byID: map[uint64]*nezhaServer{}}
	for i := range n {
		region := nezhaRegions[r.intn(len(nezhaRegions))]
		s := &nezhaServer{
			id: uint64(i + 1), idx: i, h: hashOf(uint64(seed), uint64(i+1), 0x2e7a), region: region,
			name:         fmt.Sprintf("%s-%s-%d", region.code, nezhaRoles[r.intn(len(nezhaRoles))], i+1),
			tag:          []string{"prod", "staging", ""}[i%3],
			ipv4:         fmt.Sprintf("203.0.113.%d", 10+i%240),
			platform:     nezhaOSes[r.intn(len(nezhaOSes))][0],
			arch:         []string{"x86_64", "x86_64", "aarch64"}[r.intn(3)],
			virt:         "kvm",
			agentVersion: "1.12.4",
			cores:        []int{1, 2, 4, 8}[r.intn(4)],
			memTotal:     uint64([]int{1, 2, 4, 8}[r.intn(4)]) << 30,
			diskTotal:    uint64([]int{20, 40, 80, 160}[r.intn(4)]) * 1e9,
			bootAt:       t0.Add(-time.Duration(r.between(3600, 60*86400)) * time.Second).Truncate(time.Second),
			cpuBase:      5 + 50*r.float(),
			memFrac:      0.2 + 0.6*r.float(),
			diskFrac:     0.1 + 0.8*r.float(),
			swapFrac:     0.05 * r.float(),
			rateIn:       2e4 + 2e6*r.float(),
			rateOut:      1e4 + 1e6*r.float(),
			tcpBase:      20 + r.intn(300),
			udpBase:      2 + r.intn(30),
			procBase:     80 + r.intn(300),
		}
		for _, os := range nezhaOSes {
			if os[0] == s.platform {
				s.platformVersion = os[1]
			}
		}
		s.cpuModel = fmt.Sprintf("AMD EPYC 7702P %d Virtual Core", s.cores)
		if i%2 == 0 {
			s.ipv6 = fmt.Sprintf("2001:db8::%x", i+1)
		}
		if r.chance(0.5) {
			s.swapTotal = 1 << 30
		}
		if i < len(names) {
			s.name = names[i]
		}
		f.servers = append(f.servers, s)
		f.byID[s.id] = s
	}
	if n >= 2 {
		f.servers[n-1].neverReported = true
	}
	if n >= 4 {
		f.servers[n-2].stale = true
		f.servers[n-2].staleAt = t0.Add(-10 * time.Minute).Truncate(time.Second)
	}
	if n >= 3 {
		f.servers[1].hideForGuest = true
	}
	return f
}

// groups are the v2 group names of a server.
func (s *nezhaServer) groups() []string {
	var out []string
	if s.tag != "" {
		out = append(out, s.tag)
	}
	if s.idx == 0 {
		out = append(out, "edge")
	}
	return out
}

// lastActive is when the agent last reported, zero if never.
func (s *nezhaServer) lastActive(now time.Time) time.Time {
	switch {
	case s.neverReported:
		return time.Time{}
	case s.stale:
		return s.staleAt
	}
	return now.Add(-time.Duration(1+s.idx%3) * time.Second).Truncate(time.Second)
}

// reportTime is the moment the state describes: the last report.
func (s *nezhaServer) reportTime(now time.Time) time.Time {
	if s.stale {
		return s.staleAt
	}
	return now.Truncate(time.Second)
}

// covers reports whether a monitor probes from this server.
func (m nezhaMonitor) covers(s *nezhaServer) bool { return !m.prodOnly || s.tag == "prod" }

// hasHistory reports whether a server has measured anything: one that never reported has not.
func (s *nezhaServer) hasHistory() bool { return !s.neverReported }

// noise is a deterministic value in [-0.5, 0.5) for a server, a series and a time.
func (s *nezhaServer) noise(series uint64, t time.Time) float64 {
	return unit(hashOf(s.h, series, uint64(t.Unix()))) - 0.5
}

func (s *nezhaServer) wave(t time.Time, phase float64) float64 {
	day := float64(t.Unix()%86400) / 86400
	return math.Sin(2*math.Pi*day + phase + float64(s.idx))
}

func roundTo(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func clampTo(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// metric is a server's value of a v2 metric at t; the current state uses the same values.
func (s *nezhaServer) metric(name string, t time.Time) float64 {
	up := math.Max(t.Sub(s.bootAt).Seconds(), 0)
	cpu := clampTo(s.cpuBase+20*s.wave(t, 0)+8*s.noise(1, t), 0.5, 100)
	switch name {
	case "cpu":
		return roundTo(cpu, 2)
	case "memory":
		return math.Round(float64(s.memTotal) * clampTo(s.memFrac+0.05*s.wave(t, 1)+0.02*s.noise(2, t), 0.05, 0.98))
	case "swap":
		return math.Round(float64(s.swapTotal) * s.swapFrac)
	case "disk":
		return math.Round(float64(s.diskTotal) * clampTo(s.diskFrac+up/1e9, 0, 0.99))
	case "net_in_speed":
		return math.Round(s.rateIn * (1 + 0.5*s.wave(t, 2) + 0.3*s.noise(3, t)))
	case "net_out_speed":
		return math.Round(s.rateOut * (1 + 0.5*s.wave(t, 3) + 0.3*s.noise(4, t)))
	case "net_in_transfer":
		return math.Round(s.rateIn * up)
	case "net_out_transfer":
		return math.Round(s.rateOut * up)
	case "load1":
		return roundTo(float64(s.cores)*cpu/100*(1+0.4*s.noise(5, t)), 2)
	case "load5":
		return roundTo(float64(s.cores)*cpu/100, 2)
	case "load15":
		return roundTo(float64(s.cores)*s.cpuBase/100, 2)
	case "tcp_conn":
		return math.Round(float64(s.tcpBase) * (1 + 0.3*s.wave(t, 4)))
	case "udp_conn":
		return math.Round(float64(s.udpBase) * (1 + 0.2*s.noise(6, t)))
	case "process_count":
		return math.Round(float64(s.procBase) + 10*s.noise(7, t))
	case "temperature":
		return roundTo(45+10*s.wave(t, 5), 1)
	case "uptime":
		return math.Round(up)
	}
	return 0 // gpu: none of these servers has one
}

// delay is a monitor's delay from a server at t in ms; ok is false for a failed probe.
func (m nezhaMonitor) delay(s *nezhaServer, t time.Time) (ms float64, ok bool) {
	if unit(hashOf(s.h, m.id, uint64(t.Unix()), 0xde1a)) < 0.03 {
		return 0, false
	}
	return roundTo(m.base+s.region.delay+4*s.wave(t, float64(m.id))+6*(s.noise(100+m.id, t)+0.5), 3), true
}

// nezhaMetricNames are the metrics v2's /server/{id}/metrics accepts.
var nezhaMetricNames = []string{
	"cpu", "memory", "swap", "disk", "net_in_speed", "net_out_speed", "net_in_transfer", "net_out_transfer",
	"load1", "load5", "load15", "tcp_conn", "udp_conn", "process_count", "temperature", "uptime", "gpu",
}

// nezhaPeriods maps v2's periods to their span and the spacing of their points.
var nezhaPeriods = map[string]struct{ span, step time.Duration }{
	"1d":  {24 * time.Hour, 5 * time.Minute},
	"7d":  {7 * 24 * time.Hour, 30 * time.Minute},
	"30d": {30 * 24 * time.Hour, 2 * time.Hour},
}

// sampleTimes are the bucket starts of a span ending at now, oldest first.
func sampleTimes(now time.Time, span, step time.Duration) []time.Time {
	last := now.Truncate(step)
	n := int(span / step)
	out := make([]time.Time, 0, n)
	for i := n - 1; i >= 0; i-- {
		out = append(out, last.Add(-time.Duration(i)*step))
	}
	return out
}
