package query

import (
	"slices"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

func TestSplitKey(t *testing.T) {
	for key, want := range map[string][2]string{
		"vda Read":              {"vda", "Read"},
		"vdb Write":             {"vdb", "Write"},
		"aa:bb:cc:dd:ee:ff IN":  {"aa:bb:cc:dd:ee:ff", "IN"},
		"52:54:00:12:34:56 OUT": {"52:54:00:12:34:56", "OUT"},
		"CPU0":                  {"CPU0", ""},
		"CPU12":                 {"CPU12", ""},
		"my disk Read":          {"my disk", "Read"},
		" vda Read ":            {"vda", "Read"},
		"":                      {"", ""},
	} {
		if device, direction := splitKey(key); device != want[0] || direction != want[1] {
			t.Errorf("splitKey(%q) = (%q, %q), want (%q, %q)", key, device, direction, want[0], want[1])
		}
	}
}

func TestParseMetricMap(t *testing.T) {
	parsed := scp.ParseMetricMap(scp.MetricMap{
		"2026-10-05T05:20:00Z":           {"CPU0": 2, "CPU1": 20},
		"2026-10-05T05:10:00.364722273Z": {"CPU0": 1},
		"2026-10-05T05:30:00.5Z":         {"CPU0": 3},
		"2026-10-05T07:40:00+02:00":      {"CPU0": 4},
		"2026-10-05T05:50:00":            {"CPU0": 5},
		"yesterday":                      {"CPU0": 99},
		"2026-13-05T05:10:00Z":           {"CPU0": 99},
		"2026-10-05T06:00:00Z":           {},
	})
	if want := []string{"2026-13-05T05:10:00Z", "yesterday"}; !slices.Equal(parsed.Unreadable, want) {
		t.Errorf("unreadable %v, want %v", parsed.Unreadable, want)
	}
	cpu0 := parsed.Series["CPU0"]
	var values []float64
	for i, p := range cpu0 {
		values = append(values, p.V)
		if i > 0 && !cpu0[i-1].T.Before(p.T) {
			t.Errorf("points not in time order at %d", i)
		}
	}
	if !slices.Equal(values, []float64{1, 2, 3, 4, 5}) {
		t.Errorf("CPU0 values %v, want 1..5 in time order", values)
	}
	if want := time.Date(2026, 10, 5, 5, 10, 0, 364722273, time.UTC); !cpu0[0].T.Equal(want) {
		t.Errorf("fractional seconds: %s, want %s", cpu0[0].T, want)
	}
	if !cpu0[3].T.Equal(time.Date(2026, 10, 5, 5, 40, 0, 0, time.UTC)) || !cpu0[4].T.Equal(time.Date(2026, 10, 5, 5, 50, 0, 0, time.UTC)) {
		t.Errorf("offset and zoneless timestamps read as %s and %s", cpu0[3].T, cpu0[4].T)
	}
	if len(parsed.Series["CPU1"]) != 1 || len(parsed.Series) != 2 {
		t.Errorf("series %v", parsed.Series)
	}
}

func TestSortedKeysNaturalOrder(t *testing.T) {
	parsed := parsedMetrics{Series: map[string][]point{}}
	for _, k := range []string{"CPU10", "CPU2", "CPU1", "CPU0", "vdb Write", "vda Write", "vda Read", "CPU02"} {
		parsed.Series[k] = nil
	}
	want := []string{"CPU0", "CPU1", "CPU02", "CPU2", "CPU10", "vda Read", "vda Write", "vdb Write"}
	if got := sortedKeys(parsed); !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}

func TestTrim(t *testing.T) {
	at := func(m int) time.Time { return testNow.Add(time.Duration(m) * time.Minute) }
	points := []point{{T: at(-40), V: 1}, {T: at(-30), V: 2}, {T: at(-20), V: 3}, {T: at(-10), V: 4}, {T: at(0), V: 5}}
	w := metricWindow{From: at(-30), To: at(-10)}
	got := trim(points, w)
	if len(got) != 3 || got[0].V != 2 || got[2].V != 4 {
		t.Errorf("trim kept %v, want 2..4 with both ends", got)
	}
	if got := trim(points, metricWindow{From: at(5), To: at(10)}); len(got) != 0 {
		t.Errorf("trim after the points kept %v", got)
	}
}

func TestDownsampleAverages(t *testing.T) {
	base := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var points []point
	for i := range 12 { // two hours of 10-minute points, values 0..11
		points = append(points, point{T: base.Add(time.Duration(i) * scpStep), V: float64(i)})
	}
	got := downsample(points, time.Hour)
	want := []point{{T: base, V: 2.5}, {T: base.Add(time.Hour), V: 8.5}}
	if !slices.Equal(got, want) {
		t.Errorf("hourly averages %v, want %v", got, want)
	}
	if got := downsample(points, 0); len(got) != 12 {
		t.Errorf("width 0 changed the points")
	}
	// An uneven first bucket averages what it has.
	if got := downsample(points[4:], time.Hour); got[0].V != 4.5 || !got[0].T.Equal(base) {
		t.Errorf("partial bucket %v, want 4.5 at %s", got[0], base)
	}
}
