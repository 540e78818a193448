package nezhaquery

import (
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// window is what a Nezha history query asks for (a period counted back from now) and
// the part of the answer it keeps ([From, To]).
type window struct {
	Period   nezha.Period
	From, To time.Time
	// Notice is set when part or all of the range lies beyond what Nezha keeps.
	Notice string
	// Expired means the whole range is older than Nezha keeps: there is nothing to ask for.
	Expired bool
}

// newWindow maps a dashboard range onto the smallest v2 period (1d, 7d, 30d) that reaches
// back to its start; keep is how far back the dashboard keeps this history at all.
func newWindow(from, to, now time.Time, keep time.Duration) (window, error) {
	if !from.Before(to) {
		return window{}, backend.PluginError(fmt.Errorf("the time range starts (%s) at or after its end (%s)", from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339)))
	}
	if from.After(now) {
		return window{}, backend.PluginError(fmt.Errorf("the time range starts in the future (%s); Nezha only has past data", from.UTC().Format(time.RFC3339)))
	}
	w := window{From: from, To: to}
	if to.After(now) {
		w.To = now
	}
	w.Period, _ = nezha.PeriodCovering(from, now)
	oldest := now.Add(-keep)
	switch {
	case !w.To.After(oldest):
		w.Expired = true
		w.Notice = fmt.Sprintf("Nezha keeps this history for %s only; the range ends before %s, so there is nothing to show", days(keep), oldest.UTC().Format(time.RFC3339))
	case from.Before(oldest):
		w.Notice = fmt.Sprintf("Nezha keeps this history for %s only; the range before %s has no data", days(keep), oldest.UTC().Format(time.RFC3339))
	}
	return w, nil
}

func days(d time.Duration) string {
	if n := int(d / (24 * time.Hour)); n != 1 {
		return fmt.Sprintf("%d days", n)
	}
	return "24 hours"
}

// trimPoints keeps the points inside the window, both ends included.
func (w window) trimPoints(points []nezha.Point) []nezha.Point {
	var out []nezha.Point
	for _, p := range points {
		if !p.Time.Before(w.From) && !p.Time.After(w.To) {
			out = append(out, p)
		}
	}
	return out
}
