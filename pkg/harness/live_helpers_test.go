package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// liveTimeout bounds every wait for a Live event (a frame, a call). Polls come every second;
// the bound only matters when a test fails, so it is generous for a loaded machine.
const liveTimeout = 90 * time.Second

// newSimClock is the simulator's clock, standing at now; the tests move it, the plugin keeps
// real time.
func newSimClock() *simulator.Clock {
	return simulator.NewClock(time.Now().UTC().Truncate(time.Second))
}

// liveDataSource is a data source on the simulator at url whose Live channels poll every second.
func liveDataSource(url, token string) DataSource {
	ds := dataSourceFor(url, token)
	ds.JSONData["liveIntervalSeconds"] = 1
	return ds
}

// serveSimulator serves sim behind wrap, for what a test does around each call.
func serveSimulator(t *testing.T, sim *simulator.Simulator, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(wrap(sim.Handler()))
	t.Cleanup(srv.Close)
	return srv.URL
}

// isTaskList reports the account-wide task list, which only the tasks channel's polls read.
func isTaskList(path, rawQuery string) bool {
	return strings.HasSuffix(path, "/api/v1/tasks") && !strings.Contains(rawQuery, "serverId=")
}

// tickingTaskList moves the clock one step before every account-wide task list, so that each
// poll of a tasks channel sees a running task one step further: poll k shows step k.
func tickingTaskList(clock *simulator.Clock, step time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isTaskList(r.URL.Path, r.URL.RawQuery) {
				clock.Advance(step)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// countCalls counts the simulator's calls that match.
func countCalls(sim *simulator.Simulator, match func(simulator.Call) bool) int {
	n := 0
	for _, c := range sim.CallLog() {
		if match(c) {
			n++
		}
	}
	return n
}

func taskListCall(c simulator.Call) bool { return isTaskList(c.Path, c.RawQuery) }

// serverCall matches the calls a servers/{id}/state channel makes: the server's tasks and detail.
func serverCall(id int32) func(simulator.Call) bool {
	return func(c simulator.Call) bool {
		return strings.HasSuffix(c.Path, fmt.Sprintf("/api/v1/servers/%d", id)) ||
			strings.HasSuffix(c.Path, "/api/v1/tasks") && strings.Contains(c.RawQuery, fmt.Sprintf("serverId=%d", id))
	}
}

// waitCalls waits until the simulator has answered at least n calls that match.
func waitCalls(t *testing.T, sim *simulator.Simulator, what string, n int, match func(simulator.Call) bool) {
	t.Helper()
	deadline := time.Now().Add(liveTimeout)
	for countCalls(sim, match) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d calls, waited for %d", what, countCalls(sim, match), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// watched is a running stream whose frames a goroutine collects.
type watched struct {
	frames chan *data.Frame
	ended  chan error
	cancel context.CancelFunc
	// last is the latest frame a wait has seen: a channel sends a frame only when it changes,
	// so a wait may be satisfied by the one it already has.
	last *data.Frame
}

// watch starts the stream of a channel of ds; it ends with the test or with stop.
func watch(t *testing.T, ctx context.Context, p *Plugin, ds DataSource, path string) *watched {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	stream, err := p.RunStream(ctx, ds, path)
	if err != nil {
		cancel()
		t.Fatalf("stream %s: %v", path, err)
	}
	w := &watched{frames: make(chan *data.Frame, 1000), ended: make(chan error, 1), cancel: cancel}
	go func() {
		for {
			frame, err := stream.Recv()
			if err != nil {
				w.ended <- err
				return
			}
			w.frames <- frame
		}
	}()
	t.Cleanup(cancel)
	return w
}

// waitFor returns the first frame, the latest seen included, for which ok holds.
func (w *watched) waitFor(t *testing.T, what string, ok func(*data.Frame) bool) *data.Frame {
	t.Helper()
	if w.last != nil && ok(w.last) {
		return w.last
	}
	timeout := time.After(liveTimeout)
	for {
		select {
		case w.last = <-w.frames:
			if ok(w.last) {
				return w.last
			}
		case err := <-w.ended:
			t.Fatalf("waiting for %s, the stream ended: %v", what, err)
		case <-timeout:
			t.Fatalf("no frame with %s; the last was %s", what, describe(w.last))
		}
	}
}

// next is the stream's next frame.
func (w *watched) next(t *testing.T) *data.Frame {
	t.Helper()
	select {
	case w.last = <-w.frames:
		return w.last
	case err := <-w.ended:
		t.Fatalf("the stream ended: %v", err)
	case <-time.After(liveTimeout):
		t.Fatalf("no frame after %s", describe(w.last))
	}
	return nil
}

// stop ends the stream and waits until the plugin has closed it.
func (w *watched) stop(t *testing.T) {
	t.Helper()
	w.cancel()
	select {
	case <-w.ended:
	case <-time.After(liveTimeout):
		t.Fatal("a cancelled stream did not end")
	}
}

func describe(f *data.Frame) string {
	if f == nil {
		return "none"
	}
	out, err := f.StringTable(-1, -1)
	if err != nil {
		return err.Error()
	}
	return out
}

// taskRow is one task of a tasks channel frame.
type taskRow struct {
	state    string
	progress float64
	serverID string
}

func taskIn(f *data.Frame, uuid string) (taskRow, bool) {
	uuids, _ := f.FieldByName("uuid")
	if uuids == nil {
		return taskRow{}, false
	}
	for i := range uuids.Len() {
		if uuids.At(i) != uuid {
			continue
		}
		row := taskRow{state: stringAt(f, "state", i), serverID: stringAt(f, "server_id", i)}
		if p, _ := f.FieldByName("progress"); p != nil {
			if v, ok := p.ConcreteAt(i); ok {
				row.progress = v.(float64)
			}
		}
		return row, true
	}
	return taskRow{}, false
}

func stringAt(f *data.Frame, name string, i int) string {
	field, _ := f.FieldByName(name)
	if field == nil {
		return ""
	}
	v, _ := field.ConcreteAt(i)
	s, _ := v.(string)
	return s
}

// serverRow is what a servers/{id}/state frame says.
type serverRow struct {
	state  string
	uptime int64
}

func serverIn(f *data.Frame) (serverRow, bool) {
	if rows, _ := f.RowLen(); rows != 1 {
		return serverRow{}, false
	}
	row := serverRow{state: stringAt(f, "state", 0)}
	if up, _ := f.FieldByName("uptimeSeconds"); up != nil {
		v, _ := up.ConcreteAt(0)
		row.uptime, _ = v.(int64)
	}
	return row, true
}

// reference reads the simulator as SCP answers it, without a cache, to tell what a channel
// should show.
type reference struct {
	t      *testing.T
	client *scp.Client
}

func newReference(t *testing.T, url, token string) reference {
	t.Helper()
	off := 0
	client, err := scp.NewClient(models.Settings{
		APIURL: url + simulator.APIPrefix, AuthURL: url + simulator.AuthPrefix, RefreshToken: token,
		MaxConcurrency: 1, TimeoutSeconds: 10, CacheTTLSeconds: models.CacheTTLSeconds{Detail: &off, Tasks: &off},
	}, httpclient.Options{}, upstream.NewInstance(1<<20, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	return reference{t: t, client: client}
}

// server is what a servers/{id}/state channel should show now.
func (r reference) server(ctx context.Context, id int32) serverRow {
	r.t.Helper()
	server, err := r.client.Server(ctx, id, true)
	if err != nil {
		r.t.Fatal(err)
	}
	info := *server.ServerLiveInfo
	return serverRow{state: string(*info.State), uptime: int64(*info.UptimeInSeconds)}
}

// idleServer is a server on which no task runs or waits.
func (r reference) idleServer(ctx context.Context, ids []int32) int32 {
	r.t.Helper()
	for _, id := range ids {
		tasks, err := r.client.Tasks(ctx, scp.TaskFilter{ServerID: id})
		if err != nil {
			r.t.Fatal(err)
		}
		if !slices.ContainsFunc(tasks, func(t api.TaskInfoMinimal) bool {
			return *t.State == api.TaskStateRUNNING || *t.State == api.TaskStatePENDING
		}) {
			return id
		}
	}
	r.t.Fatal("every server has a task running")
	return 0
}
