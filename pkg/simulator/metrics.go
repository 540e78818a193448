package simulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Metric maps follow the live shape (FACTS §2):
// {"2026-10-05T05:10:00Z":{"CPU0":1316666.5,...},...}, one key per 10 minutes.
// Values are a pure function of (server, series, timestamp), computed on
// request, so a timestamp always gives the same value and nothing is stored.

type metricKind int

const (
	metricCPU metricKind = iota
	metricDisk
	metricNetwork
	metricPacket
)

const (
	metricStep   = 10 * time.Minute
	defaultHours = 6
	maxHours     = 1440
)

type series struct {
	key      string
	base     float64 // mean level
	salt     uint64
	decimals int
	sparse   bool // often exactly zero (disk reads on a page-cached server)
}

func (s *server) series(kind metricKind) []series {
	var out []series
	add := func(key string, base float64, decimals int, sparse bool) {
		salt := hashOf(s.h, strHash(key), uint64(kind))
		out = append(out, series{key: key, base: base * (0.7 + 0.6*unit(salt)), salt: salt, decimals: decimals, sparse: sparse})
	}
	switch kind {
	case metricCPU:
		for i := range int(s.plan.cpus) {
			add(fmt.Sprintf("CPU%d", i), s.cpuBase, 1, false)
		}
	case metricDisk:
		for _, d := range s.disks {
			add(d.name+" Read", d.readBase, 2, true)
			add(d.name+" Write", d.wrtBase, 2, false)
		}
	case metricNetwork, metricPacket:
		for _, f := range s.ifaces {
			in, out := f.rxPerDay*(1<<20)/86400, f.txPerDay*(1<<20)/86400 // B/s, matching the monthly counters
			if kind == metricPacket {
				in, out = in/900, out/600 // average packet sizes
			}
			add(f.mac+" IN", in, 2, false)
			add(f.mac+" OUT", out, 2, false)
		}
	}
	return out
}

// value: daily cycle (peak mid-afternoon UTC) x smooth hourly wander x noise,
// with rare spikes.
func (sr series) value(ts time.Time) float64 {
	sec := ts.Unix()
	daily := 1 + 0.45*math.Sin(2*math.Pi*(float64(sec%86400)/86400-0.4))
	hour, frac := sec/3600, float64(sec%3600)/3600
	w0, w1 := unit(hashOf(sr.salt, uint64(hour))), unit(hashOf(sr.salt, uint64(hour+1)))
	wander := 0.75 + 0.5*(w0+(w1-w0)*frac)
	n := hashOf(sr.salt, uint64(sec/600), 0x9)
	noise := 0.85 + 0.3*unit(n)
	if sr.sparse && unit(mix64(n)) < 0.35 {
		return 0
	}
	v := sr.base * daily * wander * noise
	if unit(mix64(n^0xabc)) < 0.01 {
		v *= 4
	}
	return v
}

func (s *Simulator) metricsHandler(kind metricKind) func(http.ResponseWriter, *http.Request, *server) {
	return func(w http.ResponseWriter, r *http.Request, sv *server) {
		hours, ok := intParam(w, r, "hours", defaultHours, 1, maxHours)
		if !ok {
			return
		}
		writeRawJSON(w, http.StatusOK, sv.metricsJSON(kind, hours, s.now()))
	}
}

// metricsJSON builds the body by hand: encoding/json would sort and box
// hundreds of thousands of values for hours=1440.
func (s *server) metricsJSON(kind metricKind, hours int, now time.Time) []byte {
	end := now.Truncate(metricStep)
	start := end.Add(-time.Duration(hours*6-1) * metricStep)
	if s.state == api.ServerStateSHUTOFF && s.stoppedAt.Before(end) {
		end = s.stoppedAt.Truncate(metricStep) // a stopped server reports nothing after it stopped
	}
	ss := s.series(kind)
	buf := make([]byte, 0, 64+hours*6*(26+len(ss)*32))
	buf = append(buf, '{')
	first := true
	for ts := start; !ts.After(end); ts = ts.Add(metricStep) {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = append(buf, '"')
		buf = ts.AppendFormat(buf, "2006-01-02T15:04:05Z")
		buf = append(buf, `":{`...)
		for i, sr := range ss {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendQuote(buf, sr.key)
			buf = append(buf, ':')
			buf = appendMetric(buf, sr.value(ts), sr.decimals)
		}
		buf = append(buf, '}')
	}
	return append(buf, '}')
}

// appendMetric rounds and always writes a decimal point ("0.0", "73.0"),
// as the live API's Java serializer does.
func appendMetric(buf []byte, v float64, decimals int) []byte {
	p := math.Pow10(decimals)
	v = math.Round(v*p) / p
	n := len(buf)
	buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
	for _, c := range buf[n:] {
		if c == '.' {
			return buf
		}
	}
	return append(buf, '.', '0')
}
