package query

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// point and parsedMetrics name the client's parsed metric answer where series are built.
type (
	point         = scp.MetricPoint
	parsedMetrics = scp.MetricSeries
)

// splitKey splits a series key on its last space: "vda Read" -> (vda, Read),
// "aa:bb:cc:dd:ee:ff IN" -> (aa:bb:cc:dd:ee:ff, IN). CPU keys ("CPU0") have no direction.
func splitKey(key string) (device, direction string) {
	key = strings.TrimSpace(key)
	i := strings.LastIndexByte(key, ' ')
	if i < 0 {
		return key, ""
	}
	return strings.TrimSpace(key[:i]), key[i+1:]
}

// compareKeys orders series keys naturally, so CPU2 comes before CPU10.
func compareKeys(a, b string) int {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// sortedKeys returns the series keys in natural order.
func sortedKeys(p parsedMetrics) []string {
	keys := make([]string, 0, len(p.Series))
	for k := range p.Series {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(compareKeys(a, b), strings.Compare(a, b)) })
	return keys
}

// trim keeps the points inside the window; points must be sorted.
func trim(points []point, w metricWindow) []point {
	start, _ := slices.BinarySearchFunc(points, w.From, func(p point, t time.Time) int { return p.T.Compare(t) })
	end := start
	for end < len(points) && w.contains(points[end].T) {
		end++
	}
	return points[start:end]
}

// downsample averages sorted points into buckets of the given width, each stamped with its
// bucket's start. A width of zero keeps the points as they are.
func downsample(points []point, width time.Duration) []point {
	if width <= 0 || len(points) == 0 {
		return points
	}
	var out []point
	var sum float64
	var n int
	flush := func(start time.Time) {
		if n > 0 {
			out = append(out, point{T: start, V: sum / float64(n)})
		}
	}
	current := points[0].T.Truncate(width)
	for _, p := range points {
		if b := p.T.Truncate(width); !b.Equal(current) {
			flush(current)
			current, sum, n = b, 0, 0
		}
		sum += p.V
		n++
	}
	flush(current)
	return out
}
