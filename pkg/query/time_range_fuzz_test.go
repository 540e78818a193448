package query

import (
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// FuzzRangeToHours checks the range -> hours mapping for any from/to around now (offsets in
// nanoseconds). Seeds: testdata/fuzz/FuzzRangeToHours.
func FuzzRangeToHours(f *testing.F) {
	f.Fuzz(func(t *testing.T, fromOffset, toOffset int64) {
		from, to := testNow.Add(time.Duration(fromOffset)), testNow.Add(time.Duration(toOffset))
		w, err := rangeToHours(from, to, testNow)
		if err != nil {
			if from.Before(to) && !from.After(testNow) {
				t.Fatalf("rejected a valid range %s..%s: %v", from, to, err)
			}
			return
		}
		if !from.Before(to) || from.After(testNow) {
			t.Fatalf("accepted %s..%s", from, to)
		}
		if w.To.After(testNow) || w.To.After(to) || !w.From.Equal(from) {
			t.Fatalf("keeps %s..%s of %s..%s", w.From, w.To, from, to)
		}
		if w.Expired {
			if w.Notice == "" || w.To.After(testNow.Add(-retention)) {
				t.Fatalf("expired window %+v", w)
			}
			return
		}
		if w.Hours < 1 || w.Hours > scp.MaxMetricHours {
			t.Fatalf("hours %d out of SCP's range", w.Hours)
		}
		asked := time.Duration(w.Hours) * time.Hour
		covers := !testNow.Add(-asked).After(from)
		if covers == (w.Notice != "") {
			t.Fatalf("hours=%d covers %s..now: %v, notice %q", w.Hours, from, covers, w.Notice)
		}
		if covers && w.Hours > 1 && !testNow.Add(-asked+time.Hour).After(from) {
			t.Fatalf("hours=%d asks for more than needed from %s", w.Hours, from)
		}
	})
}
