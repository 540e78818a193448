package scp

import (
	"encoding/json"
	"slices"
	"time"
)

// MetricPoint is one metric sample.
type MetricPoint struct {
	T time.Time
	V float64
}

// MetricSeries is a metric map turned inside out: series key -> samples sorted by time.
// Decoding parses it once; a cached answer hands the parsed form to every later reader.
type MetricSeries struct {
	Series map[string][]MetricPoint
	// Unreadable lists timestamps that were skipped because they do not parse.
	Unreadable []string
}

// UnmarshalJSON decodes SCP's {timestamp: {key: value}} answer.
func (s *MetricSeries) UnmarshalJSON(data []byte) error {
	var m MetricMap
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*s = ParseMetricMap(m)
	return nil
}

// zonelessLayout reads ISO-8601 timestamps without an offset. FACTS: SCP sends RFC 3339 UTC
// ("…Z"); a timestamp without the Z is read as UTC, the zone of everything else SCP sends.
const zonelessLayout = "2006-01-02T15:04:05.999999999"

// ParseMetricMap parses a metric map. Timestamps carry any number of fractional digits;
// unreadable ones are skipped and reported, not fatal.
func ParseMetricMap(m MetricMap) MetricSeries {
	out := MetricSeries{Series: map[string][]MetricPoint{}}
	for ts, values := range m {
		t, err := time.Parse(time.RFC3339Nano, ts)
		if err != nil {
			if t, err = time.Parse(zonelessLayout, ts); err != nil {
				out.Unreadable = append(out.Unreadable, ts)
				continue
			}
		}
		for key, v := range values {
			out.Series[key] = append(out.Series[key], MetricPoint{T: t, V: v})
		}
	}
	for _, points := range out.Series {
		slices.SortFunc(points, func(a, b MetricPoint) int { return a.T.Compare(b.T) })
	}
	slices.Sort(out.Unreadable)
	return out
}

// SizeBytes is what the parsed series weigh on the heap, for the cache's budget: per series
// its key, slice header, map slot and points (a time.Time and a float64 each), plus an
// eighth for the allocator's size classes.
func (s MetricSeries) SizeBytes() int64 {
	const pointSize, perSeries, perString = 32, 96, 16
	n := int64(0)
	for key, points := range s.Series {
		n += perSeries + int64(len(key)) + int64(cap(points))*pointSize
	}
	for _, ts := range s.Unreadable {
		n += perString + int64(len(ts))
	}
	return n + n/8
}
