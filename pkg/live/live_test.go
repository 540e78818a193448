package live

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

func TestParse(t *testing.T) {
	for path, want := range map[string]Channel{"tasks": Tasks, "servers/42/state": ServerState(42)} {
		if c, ok := Parse(path); !ok || c != want || c.Path() != path {
			t.Errorf("%s: %+v, %v", path, c, ok)
		}
	}
	for _, path := range []string{"", "task", "servers/0/state", "servers/007/state", "servers/x/state", "servers/2147483648/state", "servers/1/state/", "servers/1"} {
		if c, ok := Parse(path); ok {
			t.Errorf("%q parsed as %+v", path, c)
		}
	}
	if got := ServerState(7).Address("abc"); got != "ds/abc/servers/7/state" {
		t.Errorf("address %q", got)
	}
}

// fixture is a simulator on its clock, and a client whose cache runs on the plugin's.
type fixture struct {
	t              *testing.T
	sim            *simulator.Simulator
	client         *scp.Client
	simClock, asOf *simulator.Clock
}

func newFixture(t *testing.T, servers int) *fixture {
	t.Helper()
	start := time.Date(2026, 8, 14, 9, 30, 0, 0, time.UTC)
	f := &fixture{t: t, simClock: simulator.NewClock(start), asOf: simulator.NewClock(start)}
	f.sim = simulator.New(simulator.Options{Servers: servers, Now: f.simClock.Now})
	srv := httptest.NewServer(f.sim.Handler())
	t.Cleanup(srv.Close)
	client, err := scp.NewClient(models.Settings{
		APIURL: srv.URL + simulator.APIPrefix, AuthURL: srv.URL + simulator.AuthPrefix,
		RefreshToken: f.sim.RefreshToken(), MaxConcurrency: 4, TimeoutSeconds: 10,
	}, httpclient.Options{}, upstream.NewInstance(16<<20, f.asOf.Now))
	if err != nil {
		t.Fatal(err)
	}
	f.client = client
	return f
}

// poll polls as a poller with a 1 s interval does, at the plugin's clock.
func (f *fixture) poll(source Source) *data.Frame {
	f.t.Helper()
	frame, err := source.Poll(upstream.WithAsOf(context.Background(), f.asOf.Now()), time.Second/2)
	if err != nil {
		f.t.Fatal(err)
	}
	return frame
}

// calls counts the simulator's answers on a route, such as "GET /api/v1/tasks".
func (f *fixture) calls(route string) int { return f.sim.Calls()[route] }

// start begins a task on the simulator.
func (f *fixture) start(server int32, action simulator.TaskAction, duration time.Duration, fail bool) string {
	f.t.Helper()
	uuid, err := f.sim.StartTask(server, action, duration, fail)
	if err != nil {
		f.t.Fatal(err)
	}
	return uuid
}

// listedTask is a row of the tasks channel.
type listedTask struct {
	state, serverID string
	progress        float64
}

func listedTasks(frame *data.Frame) map[string]listedTask {
	uuids, _ := frame.FieldByName("uuid")
	states, _ := frame.FieldByName("state")
	progress, _ := frame.FieldByName("progress")
	servers, _ := frame.FieldByName("server_id")
	out := map[string]listedTask{}
	for i := range frame.Rows() {
		row := listedTask{state: states.At(i).(string), serverID: servers.At(i).(string)}
		if p, ok := progress.ConcreteAt(i); ok {
			row.progress = p.(float64)
		}
		out[uuids.At(i).(string)] = row
	}
	return out
}

func TestTasksChannel(t *testing.T) {
	f := newFixture(t, 4)
	ids := f.sim.ServerIDs()
	early := f.start(ids[3], simulator.TaskStart, time.Second, false)
	f.simClock.Advance(2 * time.Second)
	reboot := f.start(ids[1], simulator.TaskReboot, time.Minute, false)
	stop := f.start(ids[2], simulator.TaskStop, time.Minute, true)
	source := Tasks.NewSource(f.client, 4)

	listed := listedTasks(f.poll(source))
	if len(listed) != 4 {
		t.Errorf("listed %v, want the two started tasks and the simulator's pending and running one", listed)
	}
	if _, ok := listed[early]; ok {
		t.Error("a task that ended before the channel saw it run is listed")
	}
	for uuid, server := range map[string]int32{reboot: ids[1], stop: ids[2]} {
		if got := listed[uuid]; got.state != "RUNNING" || got.serverID != strconv.Itoa(int(server)) {
			t.Errorf("task on server %d: %+v", server, got)
		}
	}
	placing := f.calls("GET /api/v1/tasks")
	if placing != 1+len(ids) {
		t.Errorf("the first poll made %d task reads, want the list and one per server", placing)
	}

	f.asOf.Advance(time.Second)
	f.simClock.Advance(30 * time.Second)
	listed = listedTasks(f.poll(source))
	if got := f.calls("GET /api/v1/tasks") - placing; got != 1 {
		t.Errorf("a poll without new tasks made %d task reads, want 1", got)
	}
	if got := listed[stop]; got.state != "ERROR" || got.progress != 50 {
		t.Errorf("the failing task: %+v", got)
	}
	if got := listed[reboot]; got.state != "RUNNING" || got.progress != 50 {
		t.Errorf("the reboot: %+v", got)
	}

	f.asOf.Advance(time.Second)
	f.simClock.Advance(30 * time.Second)
	listed = listedTasks(f.poll(source))
	if got := listed[reboot]; got.state != "FINISHED" || got.progress != 100 || listed[stop].state != "ERROR" {
		t.Errorf("ended tasks: %v", listed)
	}

	f.asOf.Advance(endedTaskRetention)
	listed = listedTasks(f.poll(source))
	if _, ok := listed[reboot]; ok || len(listed) != 2 {
		t.Errorf("%d tasks listed %s after they ended: %v", len(listed), endedTaskRetention, listed)
	}
}

func TestServerStateChannelReadsFreshOnlyWhileATaskRuns(t *testing.T) {
	f := newFixture(t, 3)
	var id int32
	var source *serverStateSource
	for _, candidate := range f.sim.ServerIDs() {
		s := ServerState(candidate).NewSource(f.client, 4).(*serverStateSource)
		f.poll(s)
		if !s.busy {
			id, source = candidate, s
			break
		}
	}
	if source == nil {
		t.Fatal("no server without a task")
	}
	const tasks, detail = "GET /api/v1/tasks", "GET /api/v1/servers/{serverId}"
	expect := func(what string, want int, step func()) *data.Frame {
		t.Helper()
		before := f.calls(tasks) + f.calls(detail)
		step()
		frame := f.poll(source)
		if got := f.calls(tasks) + f.calls(detail) - before; got != want {
			t.Errorf("%s: %d calls, want %d", what, got, want)
		}
		return frame
	}
	second := func() { f.asOf.Advance(time.Second) }

	expect("an idle server", 0, second)
	expect("a task the cached task list does not show yet", 0, func() {
		f.start(id, simulator.TaskReboot, time.Minute, false)
		second()
	})
	expect("the task list expired: the task shows", 2, func() { f.asOf.Advance(15 * time.Second) })
	running := expect("the task runs", 2, func() {
		second()
		f.simClock.Advance(30 * time.Second)
	})
	expect("the task has ended: the state it left", 2, func() {
		second()
		f.simClock.Advance(30 * time.Second)
	})
	expect("idle again", 0, second)

	if rows, _ := running.RowLen(); rows != 1 || running.Name == "" {
		t.Fatalf("frame %q with %d rows", running.Name, rows)
	}
	for field, want := range map[string]any{"server_id": strconv.Itoa(int(id))} {
		if got, _ := running.FieldByName(field); got == nil || got.At(0) != want {
			t.Errorf("%s: %v", field, got)
		}
	}
	for _, field := range []string{"state", "running", "uptimeSeconds"} {
		if got, _ := running.FieldByName(field); got == nil {
			t.Errorf("no %s", field)
		} else if _, ok := got.ConcreteAt(0); !ok {
			t.Errorf("%s is empty", field)
		}
	}

	first := f.calls(tasks)
	if _, err := ServerState(id).NewSource(f.client, 4).Poll(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if f.calls(tasks) != first {
		t.Error("a query's first frame read the server's tasks")
	}
}
