package query

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// requestSkew is how long a query may take from Grafana resolving its range to the plugin
// reading the clock; a range older than whole hours by less than this is not rounded up.
const requestSkew = time.Minute

// retention is how far back SCP answers metrics: hours=1440, 60 days.
const retention = scp.MaxMetricHours * time.Hour

// metricWindow is what a metrics query asks SCP for ("the last Hours hours") and the part of
// the answer it keeps ([From, To]).
type metricWindow struct {
	Hours    int32
	From, To time.Time
	// Notice is set when part or all of the range lies beyond SCP's 60 days.
	Notice string
	// Expired means the whole range is older than 60 days: there is nothing to ask for.
	Expired bool
}

// rangeToHours maps a dashboard range onto SCP's "last N hours". SCP can only count back from
// now, so N covers from..now and the points after `to` are trimmed off; a `to` in the future
// ends at now.
func rangeToHours(from, to, now time.Time) (metricWindow, error) {
	if !from.Before(to) {
		return metricWindow{}, backend.PluginError(fmt.Errorf("the time range starts (%s) at or after its end (%s)", from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339)))
	}
	if from.After(now) {
		return metricWindow{}, backend.PluginError(fmt.Errorf("the time range starts in the future (%s); SCP only has past metrics", from.UTC().Format(time.RFC3339)))
	}
	w := metricWindow{From: from, To: to}
	if to.After(now) {
		w.To = now
	}
	oldest := now.Add(-retention)
	if !w.To.After(oldest) {
		w.Expired = true
		w.Notice = fmt.Sprintf("SCP keeps metrics for 60 days only; this range ends before %s, so there is nothing to show", oldest.UTC().Format(time.RFC3339))
		return w, nil
	}
	// Compared before rounding: Sub saturates for ancient starts, and rounding up would overflow.
	if age := now.Sub(from); age > retention {
		w.Hours = scp.MaxMetricHours
		w.Notice = fmt.Sprintf("SCP keeps metrics for 60 days only; the range before %s has no data", oldest.UTC().Format(time.RFC3339))
	} else {
		// Grafana resolves "now-7d" a moment before the plugin reads its clock; without the
		// grace that moment would ask for 169 hours instead of 168.
		w.Hours = int32(max((age-requestSkew+time.Hour-1)/time.Hour, 1))
	}
	return w, nil
}

// contains reports whether t lies inside the kept part of the window, both ends included.
func (w metricWindow) contains(t time.Time) bool {
	return !t.Before(w.From) && !t.After(w.To)
}

// scpStep is the spacing of SCP's metric points (10 minutes in the recorded live answers).
const scpStep = 10 * time.Minute

// bucketWidth is the averaging width for a series of the window: max(interval,
// span/maxDataPoints) rounded up to whole SCP steps, or 0 when SCP's own spacing already fits.
// pointCount is the largest series; more points than maxDataPoints always aggregate.
func bucketWidth(w metricWindow, maxDataPoints int64, interval time.Duration, pointCount int) time.Duration {
	span := w.To.Sub(w.From)
	want := min(interval, span) // an interval beyond the span is one bucket anyway; min keeps the rounding from overflowing
	if maxDataPoints > 0 {
		want = max(want, span/time.Duration(maxDataPoints))
	}
	width := max((want+scpStep-1)/scpStep, 1) * scpStep
	if width > scpStep || (maxDataPoints > 0 && int64(pointCount) > maxDataPoints) {
		return width
	}
	return 0
}
