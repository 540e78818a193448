package nezha

import "time"

// Period is how far back v2 history reaches, counted from now.
type Period string

// The periods v2 accepts, smallest first.
const (
	Period1d  Period = "1d"
	Period7d  Period = "7d"
	Period30d Period = "30d"
)

var periods = []Period{Period1d, Period7d, Period30d}

// Duration is the span the period covers.
func (p Period) Duration() time.Duration {
	switch p {
	case Period7d:
		return 7 * 24 * time.Hour
	case Period30d:
		return 30 * 24 * time.Hour
	}
	return 24 * time.Hour
}

// PeriodCovering picks the smallest period reaching back to from. covered is false when even
// 30d does not, so the oldest part of the range has no history.
func PeriodCovering(from, now time.Time) (p Period, covered bool) {
	for _, p := range periods {
		if !from.Before(now.Add(-p.Duration())) {
			return p, true
		}
	}
	return Period30d, false
}
