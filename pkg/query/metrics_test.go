package query

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// failingPath answers status for every request whose path ends with suffix. 5xx would be retried
// by the client and slow the test down.
func failingPath(suffix string, status int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, suffix) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(`{"code":"error.test","message":"injected by the test"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// metricsRequest asks for one kind over [from, to] relative to testNow.
func metricsRequest(kind string, from, to time.Duration) answer.Request {
	req := newRequest(models.Query{QueryType: models.QueryTypeMetrics, Metric: kind})
	req.TimeRange = backend.TimeRange{From: testNow.Add(from), To: testNow.Add(to)}
	return req
}

// answerPath answers body (JSON, 200) for every request whose path ends with suffix.
func answerPath(suffix, body string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, suffix) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// requestLog records requests before the simulator answers them. The simulator logs a call
// after answering it, so a client can return before its last call shows up there.
type requestLog struct {
	mu   sync.Mutex
	urls []url.URL
}

func (l *requestLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.urls = append(l.urls, *r.URL)
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.urls = nil
}

// queries returns the query parameters of the requests whose path contains part, in order.
func (l *requestLog) queries(part string) []url.Values {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []url.Values
	for _, u := range l.urls {
		if strings.Contains(u.Path, part) {
			out = append(out, u.Query())
		}
	}
	return out
}

// newRecordedClient is newTestClient plus a log of the requests it sends.
func newRecordedClient(t *testing.T, opts simulator.Options) (*scp.Client, *simulator.Simulator, *requestLog) {
	t.Helper()
	log := &requestLog{}
	client, sim := newClientBehind(t, opts, log.wrap)
	return client, sim, log
}

// metricHours returns the hours parameter of every metric request sent.
func metricHours(log *requestLog) []string {
	var hours []string
	for _, q := range log.queries("/metrics/") {
		hours = append(hours, q.Get("hours"))
	}
	return hours
}

func allNoticeTexts(frames data.Frames) string {
	var texts []string
	for _, f := range frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				texts = append(texts, n.Text)
			}
		}
	}
	return strings.Join(texts, "\n")
}

func TestMetricsGolden(t *testing.T) {
	for _, kind := range []string{"cpu", "disk", "network", "packet"} {
		t.Run(kind, func(t *testing.T) {
			client, _ := newTestClient(t, simulator.Options{Servers: 2, Seed: 1})
			rsp := Metrics(ctx, client, metricsRequest(kind, -time.Hour, 0))
			answertest.CheckGolden(t, "metrics_"+kind, rsp)
		})
	}
}

func TestMetricsLegendFormatGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	req := metricsRequest("disk", -30*time.Minute, 0)
	req.Query.LegendFormat = "{{server_id}}/{{ device }} {{direction}} {{nope}}"
	answertest.CheckGolden(t, "metrics_legend", Metrics(ctx, client, req))
}

func TestMetricsFrames(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 3, Seed: 1})
	rsp := Metrics(ctx, client, metricsRequest("disk", -6*time.Hour, 0))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if len(rsp.Frames) == 0 {
		t.Fatal("no frames")
	}
	ids := sim.ServerIDs()
	lastServer, lastKey := -1, ""
	for _, f := range rsp.Frames {
		if f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) {
			t.Fatalf("frame meta = %+v", f.Meta)
		}
		if len(f.Fields) != 2 || f.Fields[0].Type() != data.FieldTypeTime || f.Fields[1].Type() != data.FieldTypeFloat64 {
			t.Fatalf("fields of %s: want time then float64", f.Fields[1].Config.DisplayNameFromDS)
		}
		for i := 1; i < f.Fields[0].Len(); i++ {
			if !f.Fields[0].At(i - 1).(time.Time).Before(f.Fields[0].At(i).(time.Time)) {
				t.Fatalf("%s: times not ascending at %d", f.Fields[1].Config.DisplayNameFromDS, i)
			}
		}
		labels := f.Fields[1].Labels
		for _, l := range []string{"server_id", "server", "nickname", "device", "direction"} {
			if _, ok := labels[l]; !ok {
				t.Errorf("labels %v lack %s", labels, l)
			}
		}
		// Server order, then key order.
		server := -1
		for i, id := range ids {
			if labels["server_id"] == serverIDText(id) {
				server = i
			}
		}
		key := labels["device"] + " " + labels["direction"]
		if server < lastServer || (server == lastServer && compareKeys(key, lastKey) <= 0) {
			t.Errorf("series %v out of order after server %d key %q", labels, lastServer, lastKey)
		}
		lastServer, lastKey = server, key
		name := f.Fields[1].Config.DisplayNameFromDS
		if !strings.HasSuffix(name, " "+key) {
			t.Errorf("display name %q does not end with %q", name, key)
		}
	}
}

func serverIDText(id int32) string { return strconv.Itoa(int(id)) }

func TestMetricsCPUKeysHaveNoDirection(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Metrics(ctx, client, metricsRequest("", -time.Hour, 0))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	for _, f := range rsp.Frames {
		labels := f.Fields[1].Labels
		if _, ok := labels["direction"]; ok || !strings.HasPrefix(labels["device"], "CPU") {
			t.Errorf("cpu series labels = %v, want device CPUn and no direction", labels)
		}
		if f.Name != "cpu" {
			t.Errorf("default metric frame = %q, want cpu", f.Name)
		}
	}
}

func TestMetricsLastSevenDaysAsks168Hours(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Metrics(ctx, client, metricsRequest("cpu", -7*24*time.Hour, 0))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if got := metricHours(log); len(got) != 1 || got[0] != "168" {
		t.Errorf("hours = %v, want [168]", got)
	}
}

func TestMetricsPastDayAsks72HoursAndKeepsThatDay(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 2, Seed: 1})
	from, to := testNow.Add(-72*time.Hour), testNow.Add(-48*time.Hour)
	rsp := Metrics(ctx, client, metricsRequest("network", -72*time.Hour, -48*time.Hour))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if got := metricHours(log); len(got) != 2 || got[0] != "72" || got[1] != "72" {
		t.Errorf("hours = %v, want 72 per server", got)
	}
	for _, f := range rsp.Frames {
		times := f.Fields[0]
		first, last := times.At(0).(time.Time), times.At(times.Len()-1).(time.Time)
		if first.Before(from) || last.After(to) {
			t.Errorf("%s spans %s..%s, outside %s..%s", f.Fields[1].Config.DisplayNameFromDS, first, last, from, to)
		}
		// A day of 10-minute points; SCP's "last 72 hours" may stop just short of the far end.
		if n := times.Len(); n < 144 || n > 145 {
			t.Errorf("%s has %d points, want a day's 144 or 145", f.Fields[1].Config.DisplayNameFromDS, n)
		}
	}
}

func TestMetricsFutureEndStopsAtNow(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Metrics(ctx, client, metricsRequest("cpu", -2*time.Hour, 3*time.Hour))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if got := metricHours(log); len(got) != 1 || got[0] != "2" {
		t.Errorf("hours = %v, want [2]", got)
	}
	times := rsp.Frames[0].Fields[0]
	if last := times.At(times.Len() - 1).(time.Time); !last.Equal(testNow) {
		t.Errorf("last point %s, want %s", last, testNow)
	}
}

func TestMetricsBadRanges(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 1, Seed: 1})
	for name, r := range map[string][2]time.Duration{
		"from after to":  {-time.Hour, -2 * time.Hour},
		"from equals to": {-time.Hour, -time.Hour},
		"from in future": {time.Hour, 2 * time.Hour},
	} {
		rsp := Metrics(ctx, client, metricsRequest("cpu", r[0], r[1]))
		if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
			t.Errorf("%s: error %v (source %q), want a plugin error", name, rsp.Error, rsp.ErrorSource)
		}
	}
	if got := metricHours(log); len(got) != 0 {
		t.Errorf("bad ranges still asked SCP: %v", got)
	}
}

func TestMetricsOlderThan60Days(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 1, Seed: 1})

	rsp := Metrics(ctx, client, metricsRequest("cpu", -70*24*time.Hour, -65*24*time.Hour))
	if rsp.Error != nil {
		t.Fatalf("whole range too old: %v, want empty frames", rsp.Error)
	}
	if len(rsp.Frames) != 1 || len(rsp.Frames[0].Fields) != 0 || rsp.Frames[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Fatalf("want one empty timeseries-multi frame, got %d frames", len(rsp.Frames))
	}
	if !strings.Contains(allNoticeTexts(rsp.Frames), "60 days") {
		t.Errorf("notices %q do not mention 60 days", allNoticeTexts(rsp.Frames))
	}
	if got := metricHours(log); len(got) != 0 {
		t.Errorf("asked SCP for %v, want no call", got)
	}

	rsp = Metrics(ctx, client, metricsRequest("cpu", -61*24*time.Hour, -59*24*time.Hour))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if got := metricHours(log); len(got) != 1 || got[0] != "1440" {
		t.Errorf("hours = %v, want [1440]", got)
	}
	if len(rsp.Frames) == 0 || len(rsp.Frames[0].Fields) != 2 {
		t.Fatal("partly too old range returned no series")
	}
	notice := rsp.Frames[0].Meta.Notices
	if len(notice) != 1 || notice[0].Severity != data.NoticeSeverityWarning || !strings.Contains(notice[0].Text, "60 days") {
		t.Errorf("notices = %+v, want one 60-day warning", notice)
	}
	oldest := testNow.Add(-1440 * time.Hour)
	if first := rsp.Frames[0].Fields[0].At(0).(time.Time); first.Before(oldest) {
		t.Errorf("first point %s before SCP's oldest %s", first, oldest)
	}
}

func TestMetricsAggregationHonoursMaxDataPoints(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	req := metricsRequest("cpu", -7*24*time.Hour, 0)
	req.MaxDataPoints = 100
	rsp := Metrics(ctx, client, req)
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	for _, f := range rsp.Frames {
		n := f.Fields[0].Len()
		if n > 100 || n < 80 {
			t.Errorf("%d points for maxDataPoints 100 over 7 days", n)
		}
		step := f.Fields[0].At(1).(time.Time).Sub(f.Fields[0].At(0).(time.Time))
		if step%scpStep != 0 || step <= scpStep {
			t.Errorf("bucket width %s is not a multiple of 10 min above 10 min", step)
		}
	}

	// A one-hour interval averages six points into one, whatever maxDataPoints allows.
	req = metricsRequest("cpu", -24*time.Hour, 0)
	req.Interval = time.Hour
	rsp = Metrics(ctx, client, req)
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if n := rsp.Frames[0].Fields[0].Len(); n < 24 || n > 25 {
		t.Errorf("%d hourly points over a day", n)
	}
}

func TestMetricsOneServerFailing(t *testing.T) {
	opts := simulator.Options{Servers: 4, Seed: 1}
	healthy, _ := newTestClient(t, opts)
	want := seriesServers(t, Metrics(ctx, healthy, metricsRequest("cpu", -time.Hour, 0)))
	if len(want) < 2 {
		t.Fatalf("the fleet reports cpu for %d servers; need two", len(want))
	}
	var broken int32
	for id := range want {
		broken = id
		break
	}
	delete(want, broken)
	client, sim := newClientBehind(t, opts, failingPath("/servers/"+serverIDText(broken)+"/metrics/cpu", http.StatusBadRequest))
	rsp := Metrics(ctx, client, metricsRequest("cpu", -time.Hour, 0))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if got := seriesServers(t, rsp); !maps.Equal(got, want) {
		t.Errorf("frames of servers %v, want %v", got, want)
	}
	name := sim.ServerNames()[broken]
	if text := allNoticeTexts(rsp.Frames); !strings.Contains(text, name) || !strings.Contains(text, serverIDText(broken)) {
		t.Errorf("notices %q do not name %s (id %d)", text, name, broken)
	}
}

// seriesServers returns the ids of the servers a metrics response has series for.
func seriesServers(t *testing.T, rsp backend.DataResponse) map[int32]bool {
	t.Helper()
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	seen := map[int32]bool{}
	for _, f := range rsp.Frames {
		id, err := strconv.Atoi(f.Fields[1].Labels["server_id"])
		if err != nil {
			t.Fatal(err)
		}
		seen[int32(id)] = true
	}
	return seen
}

func TestMetricsFailureBesideEmptyAnswers(t *testing.T) {
	ids := simulator.New(simulator.Options{Servers: 2, Seed: 1, Now: func() time.Time { return testNow }}).ServerIDs()
	client, _ := newClientBehind(t, simulator.Options{Servers: 2, Seed: 1}, failingPath("/servers/"+serverIDText(ids[0])+"/metrics/cpu", http.StatusBadRequest))
	// Eight minutes between two samples hold no points.
	rsp := Metrics(ctx, client, metricsRequest("cpu", -9*time.Minute, -time.Minute))
	if rsp.Error != nil {
		t.Fatalf("one failure beside an empty answer: %v, want an empty frame with a warning", rsp.Error)
	}
	if len(rsp.Frames) != 1 || len(rsp.Frames[0].Fields) != 0 || !strings.Contains(allNoticeTexts(rsp.Frames), serverIDText(ids[0])) {
		t.Errorf("want one empty frame naming server %d, got %d frames, notices %q", ids[0], len(rsp.Frames), allNoticeTexts(rsp.Frames))
	}
}

func TestMetricsUnreadableTimestamps(t *testing.T) {
	ids := simulator.New(simulator.Options{Servers: 1, Seed: 1, Now: func() time.Time { return testNow }}).ServerIDs()
	body := `{"2026-11-20T11:50:00.25Z":{"CPU0":1.5},"20.11.2026 11:40":{"CPU0":2},"2026-11-20T12:00:00Z":{"CPU0":3}}`
	client, sim := newClientBehind(t, simulator.Options{Servers: 1, Seed: 1}, answerPath("/servers/"+serverIDText(ids[0])+"/metrics/cpu", body))
	rsp := Metrics(ctx, client, metricsRequest("cpu", -time.Hour, 0))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if len(rsp.Frames) != 1 || rsp.Frames[0].Fields[0].Len() != 2 {
		t.Fatalf("want one series of the 2 readable points")
	}
	text := allNoticeTexts(rsp.Frames)
	for _, want := range []string{"skipped 1", sim.ServerNames()[ids[0]], "20.11.2026 11:40"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice %q lacks %q", text, want)
		}
	}
}

func TestMetricsAllServersFailing(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 2, Seed: 1})
	req := metricsRequest("cpu", -time.Hour, 0)
	// The list must work for the selection; the metric reads then all answer 503.
	req.Query.ServerMode, req.Query.ServerIDs = models.ServerModeIDs, []string{serverIDText(sim.ServerIDs()[0]), serverIDText(sim.ServerIDs()[1])}
	targets, err := SelectServers(ctx, client, req.Query)
	if err != nil || len(targets) != 2 {
		t.Fatal(err)
	}
	sim.SetFaults(simulator.Faults{Maintenance: true})
	rsp := Metrics(ctx, client, req)
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("error %v (source %q), want a downstream error", rsp.Error, rsp.ErrorSource)
	}
}

func TestMetricsUnknownKind(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Metrics(ctx, client, metricsRequest("memory", -time.Hour, 0))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("error %v (source %q), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
	for _, want := range []string{`"memory"`, "cpu, disk, network, packet"} {
		if !strings.Contains(rsp.Error.Error(), want) {
			t.Errorf("error %q lacks %s", rsp.Error, want)
		}
	}
	if n := len(log.queries("/")); n != 0 {
		t.Errorf("an invalid query still sent %d requests", n)
	}
}

func TestMetricsNoSeries(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 2, Seed: 1})
	req := metricsRequest("cpu", -time.Hour, 0)
	req.Query.ServerMode, req.Query.ServerRegex = models.ServerModeRegex, "^matches-nothing$"
	rsp := Metrics(ctx, client, req)
	if rsp.Error != nil || len(rsp.Frames) != 1 || len(rsp.Frames[0].Fields) != 0 {
		t.Fatalf("want one empty frame, got %v / %d frames", rsp.Error, len(rsp.Frames))
	}
}

func TestClientMetricsHoursOutOfRangeIsPluginError(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	for _, hours := range []int32{0, -1, 1441} {
		_, err := client.Metrics(ctx, sim.ServerIDs()[0], scp.MetricCPU, hours)
		var withSource backend.ErrorWithSource
		if !errors.As(err, &withSource) || withSource.ErrorSource() != backend.ErrorSourcePlugin {
			t.Errorf("hours=%d: %v, want a plugin error", hours, err)
		}
	}
}
