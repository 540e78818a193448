package harness

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestLiveFollowsATaskAndItsServer drives a reboot on the simulator's clock and checks that
// the tasks channel shows its progress from start to finish, and the server's channel the
// state SCP reports at every step; once the task is over the server's channel stops polling
// at the Live interval.
func TestLiveFollowsATaskAndItsServer(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	clock := newSimClock()
	sim, url := startSimulator(t, simulator.Options{Servers: 3, Now: clock.Now})
	ds := liveDataSource(url, sim.RefreshToken())
	ref := newReference(t, url, sim.RefreshToken())
	id := ref.idleServer(ctx, sim.ServerIDs())
	taskPath, serverPath := "tasks", fmt.Sprintf("servers/%d/state", id)

	for path, want := range map[string]backend.SubscribeStreamStatus{
		taskPath: backend.SubscribeStreamStatusOK, serverPath: backend.SubscribeStreamStatusOK,
		"servers/1/state": backend.SubscribeStreamStatusNotFound, "secrets": backend.SubscribeStreamStatusNotFound,
	} {
		rsp, err := p.SubscribeStream(ctx, ds, path)
		if err != nil || rsp.Status != want {
			t.Fatalf("subscribe %s: %+v, %v; want %v", path, rsp, err, want)
		}
	}
	if rsp, err := p.PublishStream(ctx, ds, taskPath, []byte(`{}`)); err != nil || rsp.Status != backend.PublishStreamStatusPermissionDenied {
		t.Fatalf("publish: %+v, %v; want permission denied", rsp, err)
	}

	uuid, err := sim.StartTask(id, simulator.TaskReboot, 100*time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	tasks := watch(t, ctx, p, ds, taskPath)
	server := watch(t, ctx, p, ds, serverPath)
	var states []string
	for _, percent := range []float64{0, 25, 50, 75, 100} {
		if percent > 0 {
			clock.Advance(25 * time.Second)
		}
		state := "RUNNING"
		if percent == 100 {
			state = "FINISHED"
		}
		tasks.waitFor(t, fmt.Sprintf("the reboot %s at %v %% on server %d", state, percent, id), func(f *data.Frame) bool {
			row, ok := taskIn(f, uuid)
			return ok && row.state == state && row.progress == percent && row.serverID == strconv.Itoa(int(id))
		})
		want := ref.server(ctx, id)
		server.waitFor(t, fmt.Sprintf("server state %+v at %v %%", want, percent), func(f *data.Frame) bool {
			row, ok := serverIn(f)
			return ok && row == want
		})
		states = append(states, want.state)
	}
	// A reboot shuts the server down while it runs and leaves it running.
	if states[1] != "SHUTDOWN" || states[len(states)-1] != "RUNNING" {
		t.Errorf("the server's states during the reboot were %v, want SHUTDOWN while it ran and RUNNING once it finished", states)
	}

	// The task is over. Once the poll that sees it end has passed (a poll may straddle the
	// clock's last step), the server's channel reads at the cache's pace again: three more
	// polls of the tasks channel see no call of it.
	polls := func(n int) {
		t.Helper()
		waitCalls(t, sim, "polls of the tasks channel", countCalls(sim, taskListCall)+n, taskListCall)
	}
	polls(3)
	before := countCalls(sim, serverCall(id))
	polls(3)
	if after := countCalls(sim, serverCall(id)); after != before {
		t.Errorf("the channel of an idle server made %d calls in 3 Live intervals", after-before)
	}
}

// TestLiveStreamsShareOnePoller runs two streams of the tasks channel, as two Grafana servers
// would. Every account-wide task list moves the clock a second, so poll k shows the task at
// k %: both streams must see the same polls, one after another, which one poller gives and
// two interleaved ones cannot.
func TestLiveStreamsShareOnePoller(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	clock := newSimClock()
	sim := simulator.New(simulator.Options{Servers: 3, Now: clock.Now})
	url := serveSimulator(t, sim, tickingTaskList(clock, time.Second))
	ds := liveDataSource(url, sim.RefreshToken())
	uuid, err := sim.StartTask(sim.ServerIDs()[1], simulator.TaskSnapshot, 100*time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	progressOf := func(f *data.Frame) float64 {
		row, ok := taskIn(f, uuid)
		if !ok {
			t.Fatalf("the task is not in %s", describe(f))
		}
		return row.progress
	}

	first := watch(t, ctx, p, ds, "tasks")
	first.next(t)
	second := watch(t, ctx, p, ds, "tasks")
	joined := progressOf(second.next(t)) // the channel's last frame, then every poll after it
	const polls = 5
	var want []float64
	for k := 1; k <= polls; k++ {
		want = append(want, joined+float64(k))
	}
	for i, stream := range []*watched{first, second} {
		var seen []float64
		for len(seen) < polls {
			if progress := progressOf(stream.next(t)); progress > joined {
				seen = append(seen, progress)
			}
		}
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Errorf("stream %d saw the polls %v, want %v", i+1, seen, want)
		}
	}
}

// TestLiveStopsWithItsLastStream checks that a data source polls nothing before its first
// stream and after its last one ends, and that ending its streams leaves no goroutine behind.
// A second data source's stream on another simulator witnesses that the plugin kept polling
// meanwhile. The subject's simulator closes every connection, so the plugin keeps no idle
// connection whose goroutines would blur the count.
func TestLiveStopsWithItsLastStream(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	subject := simulator.New(simulator.Options{Servers: 4, Seed: 3})
	subjectURL := serveSimulator(t, subject, closingConnections)
	ds := liveDataSource(subjectURL, subject.RefreshToken())
	witnessSim := simulator.New(simulator.Options{Servers: 1, Seed: 4})
	witness := watch(t, ctx, p, liveDataSource(serveSimulator(t, witnessSim, closingConnections), witnessSim.RefreshToken()), "tasks")
	witness.waitFor(t, "the witness's tasks", func(*data.Frame) bool { return true })
	witnessPolls := func(n int) {
		t.Helper()
		waitCalls(t, witnessSim, "witness polls", countCalls(witnessSim, taskListCall)+n, taskListCall)
	}

	if _, err := p.QueryData(ctx, ds, Query{RefID: "A", JSON: map[string]any{"queryType": "servers"}, From: time.Now().Add(-time.Hour), To: time.Now()}); err != nil {
		t.Fatal(err)
	}
	witnessPolls(3)
	if n := countCalls(subject, func(c simulator.Call) bool { return strings.Contains(c.Path, "/tasks") }); n != 0 {
		t.Fatalf("%d task reads without a stream", n)
	}

	baseline := fewestGoroutines(t, ctx, p)
	var paths []string
	for _, id := range subject.ServerIDs() {
		paths = append(paths, fmt.Sprintf("servers/%d/state", id))
	}
	paths = append(paths, "tasks")
	var streams []*watched
	for _, path := range paths {
		for range 2 {
			s := watch(t, ctx, p, ds, path)
			s.waitFor(t, path, func(*data.Frame) bool { return true })
			streams = append(streams, s)
		}
	}
	running, err := p.Goroutines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range streams {
		s.stop(t)
	}
	after := running
	for deadline := time.Now().Add(liveTimeout); after > baseline && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if after, err = p.Goroutines(ctx); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("plugin goroutines: %d before, %d with %d streams of %d channels, %d after", baseline, running, len(streams), len(paths), after)
	if after > baseline {
		t.Errorf("the ended streams left %d goroutines behind", after-baseline)
	}

	calls := len(subject.CallLog())
	witnessPolls(3)
	if more := len(subject.CallLog()) - calls; more != 0 {
		t.Errorf("%d calls after the last stream ended", more)
	}
}

// closingConnections makes the plugin close its connection after every answer.
func closingConnections(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		next.ServeHTTP(w, r)
	})
}

// fewestGoroutines is the plugin's goroutine count at rest: the least of a few readings, since
// a reading can catch a request of the witness in flight.
func fewestGoroutines(t *testing.T, ctx context.Context, p *Plugin) int {
	t.Helper()
	fewest := -1
	for range 10 {
		n, err := p.Goroutines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if fewest < 0 || n < fewest {
			fewest = n
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fewest
}

// TestLiveSendsAnErrorFrameAndRecovers puts SCP into maintenance under a running stream.
func TestLiveSendsAnErrorFrameAndRecovers(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2})
	stream := watch(t, ctx, p, liveDataSource(url, sim.RefreshToken()), "tasks")
	hasRows := func(f *data.Frame) bool {
		rows, _ := f.RowLen()
		return rows > 0 && (f.Meta == nil || len(f.Meta.Notices) == 0)
	}
	stream.waitFor(t, "the tasks", hasRows)

	sim.SetFaults(simulator.Faults{Maintenance: true})
	failed := stream.waitFor(t, "an error notice", func(f *data.Frame) bool { return f.Meta != nil && len(f.Meta.Notices) > 0 })
	notice := failed.Meta.Notices[0]
	if notice.Severity != data.NoticeSeverityError || !strings.Contains(notice.Text, "maintenance") {
		t.Errorf("error frame notice: %+v", notice)
	}
	if rows, _ := failed.RowLen(); rows != 0 || len(failed.Fields) == 0 {
		t.Errorf("error frame: %d rows, %d fields; want the table's fields without rows", rows, len(failed.Fields))
	}
	for _, marker := range secretMarkers {
		if strings.Contains(notice.Text, marker) {
			t.Errorf("the error notice holds a token: %q", notice.Text)
		}
	}

	sim.SetFaults(simulator.Faults{})
	stream.waitFor(t, "the tasks again", hasRows)
}
