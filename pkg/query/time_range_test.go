package query

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestRangeToHours(t *testing.T) {
	day := 24 * time.Hour
	for _, c := range []struct {
		name     string
		from, to time.Duration // relative to testNow
		hours    int32
		keepTo   time.Duration // the window's effective end
		notice   bool
		expired  bool
	}{
		{name: "last 7 days", from: -7 * day, hours: 168},
		{name: "3 days ago to 2 days ago", from: -3 * day, to: -2 * day, hours: 72, keepTo: -2 * day},
		{name: "last 6 hours", from: -6 * time.Hour, hours: 6},
		{name: "part of an hour rounds up", from: -90 * time.Minute, to: -80 * time.Minute, hours: 2, keepTo: -80 * time.Minute},
		{name: "a few seconds ask for one hour", from: -5 * time.Second, hours: 1},
		{name: "from now to the future", from: 0, to: time.Hour, hours: 1},
		{name: "end in the future stops at now", from: -2 * time.Hour, to: 3 * time.Hour, hours: 2},
		{name: "exactly 60 days", from: -60 * day, hours: 1440},
		{name: "a millisecond over 60 days", from: -60*day - time.Millisecond, hours: 1440, notice: true},
		{name: "partly older than 60 days", from: -90 * day, to: -59 * day, hours: 1440, keepTo: -59 * day, notice: true},
		{name: "ancient start", from: -200 * 365 * day, hours: 1440, notice: true},
		{name: "wholly older than 60 days", from: -70 * day, to: -65 * day, keepTo: -65 * day, notice: true, expired: true},
		{name: "ending exactly 60 days ago", from: -61 * day, to: -60 * day, keepTo: -60 * day, notice: true, expired: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, err := rangeToHours(testNow.Add(c.from), testNow.Add(c.to), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if w.Hours != c.hours || w.Expired != c.expired || (w.Notice != "") != c.notice {
				t.Errorf("got hours=%d expired=%v notice=%q, want hours=%d expired=%v notice=%v", w.Hours, w.Expired, w.Notice, c.hours, c.expired, c.notice)
			}
			if c.notice && !strings.Contains(w.Notice, "60 days") {
				t.Errorf("notice %q does not mention SCP's 60 days", w.Notice)
			}
			if !w.From.Equal(testNow.Add(c.from)) || !w.To.Equal(testNow.Add(c.keepTo)) {
				t.Errorf("keeps %s..%s", w.From, w.To)
			}
		})
	}
}

func TestRangeToHoursRejects(t *testing.T) {
	for _, c := range []struct {
		name     string
		from, to time.Duration
		want     string
	}{
		{"from after to", -time.Hour, -2 * time.Hour, "at or after its end"},
		{"from equals to", -time.Hour, -time.Hour, "at or after its end"},
		{"from in the future", time.Minute, time.Hour, "future"},
	} {
		_, err := rangeToHours(testNow.Add(c.from), testNow.Add(c.to), testNow)
		var withSource backend.ErrorWithSource
		if err == nil || !errors.As(err, &withSource) || withSource.ErrorSource() != backend.ErrorSourcePlugin || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a plugin error saying %q", c.name, err, c.want)
		}
	}
}

func TestBucketWidth(t *testing.T) {
	window := func(span time.Duration) metricWindow {
		return metricWindow{From: testNow.Add(-span), To: testNow}
	}
	for _, c := range []struct {
		name          string
		span          time.Duration
		maxDataPoints int64
		interval      time.Duration
		points        int
		want          time.Duration
	}{
		{"SCP's spacing fits", 6 * time.Hour, 1000, time.Minute, 36, 0},
		{"7 days in 1000 points", 7 * 24 * time.Hour, 1000, 5 * time.Minute, 1008, 20 * time.Minute},
		{"7 days in 100 points", 7 * 24 * time.Hour, 100, 0, 1008, 110 * time.Minute},
		{"interval wins", 24 * time.Hour, 1000, time.Hour, 144, time.Hour},
		{"interval rounds up to 10 minutes", 24 * time.Hour, 1000, 25 * time.Minute, 144, 30 * time.Minute},
		{"interval beyond the span", time.Hour, 1000, 1 << 62, 6, time.Hour},
		{"finer points than asked", time.Hour, 10, 0, 60, 10 * time.Minute},
		{"no maxDataPoints", 7 * 24 * time.Hour, 0, 0, 1008, 0},
	} {
		if got := bucketWidth(window(c.span), c.maxDataPoints, c.interval, c.points); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestRangeToHoursToleratesRequestSkew(t *testing.T) {
	resolved := testNow.Add(-3 * time.Second) // Grafana resolved the range a moment ago
	for _, c := range []struct {
		from, to time.Time
		want     int32
	}{
		{resolved.Add(-7 * 24 * time.Hour), resolved, 168},
		{resolved.Add(-3 * 24 * time.Hour), resolved.Add(-2 * 24 * time.Hour), 72},
		{resolved.Add(-time.Hour), resolved, 1},
	} {
		w, err := rangeToHours(c.from, c.to, testNow)
		if err != nil || w.Hours != c.want {
			t.Errorf("%s..%s: hours %d (%v), want %d", c.from, c.to, w.Hours, err, c.want)
		}
	}
}
