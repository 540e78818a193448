package query

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// FuzzParseMetricMap feeds arbitrary metric bodies through parsing, key splitting, trimming
// and averaging. Seeds: testdata/fuzz/FuzzParseMetricMap.
func FuzzParseMetricMap(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		var m scp.MetricMap
		if json.Unmarshal(body, &m) != nil {
			return
		}
		parsed := scp.ParseMetricMap(m)

		readable, want := 0, 0
		for _, values := range m {
			want += len(values)
		}
		for _, ts := range parsed.Unreadable {
			want -= len(m[ts])
		}
		for key, points := range parsed.Series {
			readable += len(points)
			for i := 1; i < len(points); i++ {
				if points[i].T.Before(points[i-1].T) {
					t.Fatalf("%q: points out of order", key)
				}
			}
			device, direction := splitKey(key)
			if strings.Contains(direction, " ") || device != strings.TrimSpace(device) {
				t.Fatalf("splitKey(%q) = (%q, %q)", key, device, direction)
			}
			if direction != "" && !strings.HasSuffix(strings.TrimSpace(key), direction) {
				t.Fatalf("splitKey(%q): direction %q is not the key's last word", key, direction)
			}
		}
		if readable != want {
			t.Fatalf("%d points parsed, want %d", readable, want)
		}
		if len(parsed.Unreadable)+countReadable(m, parsed) != len(m) {
			t.Fatalf("timestamps lost")
		}

		for _, key := range sortedKeys(parsed) {
			points := parsed.Series[key]
			if len(points) == 0 {
				continue
			}
			w := metricWindow{From: points[0].T.Add(time.Minute), To: points[len(points)-1].T}
			if !w.From.Before(w.To) {
				continue
			}
			kept := trim(points, w)
			for _, p := range kept {
				if !w.contains(p.T) {
					t.Fatalf("trim kept %s outside %s..%s", p.T, w.From, w.To)
				}
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, p := range kept {
				lo, hi = math.Min(lo, p.V), math.Max(hi, p.V)
			}
			averaged := downsample(kept, time.Hour)
			if len(averaged) > len(kept) {
				t.Fatalf("downsampling grew %d points to %d", len(kept), len(averaged))
			}
			for i, p := range averaged {
				if i > 0 && !averaged[i-1].T.Before(p.T) {
					t.Fatalf("buckets not strictly ascending")
				}
				// Sums near the float64 limit overflow to ±Inf; SCP values are nowhere near.
				if !math.IsInf(p.V, 0) && (p.V < lo-1e-9*math.Abs(lo) || p.V > hi+1e-9*math.Abs(hi)) {
					t.Fatalf("average %v outside [%v, %v]", p.V, lo, hi)
				}
			}
		}
	})
}

// countReadable counts the timestamps that were parsed.
func countReadable(m scp.MetricMap, parsed parsedMetrics) int {
	unreadable := map[string]bool{}
	for _, ts := range parsed.Unreadable {
		unreadable[ts] = true
	}
	n := 0
	for ts := range m {
		if !unreadable[ts] {
			n++
		}
	}
	return n
}
