package simulator

import (
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// taskOf finds a task by uuid in a task list answer.
func taskOf(t *testing.T, tasks []api.TaskInfoMinimal, uuid string) api.TaskInfoMinimal {
	t.Helper()
	for _, tk := range tasks {
		if api.Value(tk.Uuid) == uuid {
			return tk
		}
	}
	t.Fatalf("task %s is not in the list of %d", uuid, len(tasks))
	return api.TaskInfoMinimal{}
}

func TestStartedTaskRunsOnTheClock(t *testing.T) {
	e := newEnv(t, Options{Servers: 3})
	server, other := e.sim.ServerIDs()[0], e.sim.ServerIDs()[1]
	uuid, err := e.sim.StartTask(server, TaskReboot, 100*time.Second, false)
	if err != nil {
		t.Fatal(err)
	}
	start := e.clock.Now()

	steps := []struct {
		after    time.Duration
		state    api.TaskState
		progress float32
	}{
		{0, api.TaskStateRUNNING, 0},
		{25 * time.Second, api.TaskStateRUNNING, 25},
		{99 * time.Second, api.TaskStateRUNNING, 99},
		{100 * time.Second, api.TaskStateFINISHED, 100},
		{time.Hour, api.TaskStateFINISHED, 100},
	}
	for _, step := range steps {
		e.clock.Advance(start.Add(step.after).Sub(e.clock.Now()))
		tok := e.token(defaultRefreshToken) // an hour outlives an access token
		var list []api.TaskInfoMinimal
		e.getJSON(tok, "/api/v1/tasks?serverId="+itoa32(server), 200, &list)
		got := taskOf(t, list, uuid)
		if api.Value(got.State) != step.state || api.Value(got.TaskProgress.ProgressInPercent) != step.progress {
			t.Errorf("after %s: %s at %v %%, want %s at %v %%", step.after, api.Value(got.State), api.Value(got.TaskProgress.ProgressInPercent), step.state, step.progress)
		}
		if finished := step.state == api.TaskStateFINISHED; finished != (got.FinishedAt != nil) {
			t.Errorf("after %s: finishedAt %v", step.after, got.FinishedAt)
		}
		var running []api.TaskInfoMinimal
		e.getJSON(tok, "/api/v1/tasks?state=RUNNING", 200, &running)
		listed := false
		for _, tk := range running {
			listed = listed || api.Value(tk.Uuid) == uuid
		}
		if listed != (step.state == api.TaskStateRUNNING) {
			t.Errorf("after %s: in the RUNNING filter: %v", step.after, listed)
		}
	}
	tok := e.token(defaultRefreshToken)
	if want := start.Add(100 * time.Second); !api.Value(taskOf(t, e.listTasks(tok, ""), uuid).FinishedAt).Equal(want) {
		t.Errorf("finishedAt is not %s", want)
	}

	var elsewhere []api.TaskInfoMinimal
	e.getJSON(tok, "/api/v1/tasks?serverId="+itoa32(other), 200, &elsewhere)
	for _, tk := range elsewhere {
		if api.Value(tk.Uuid) == uuid {
			t.Errorf("the task of server %d is listed for server %d", server, other)
		}
	}
}

// listTasks reads the task list, narrowed by a query string such as "?state=ERROR".
func (e *env) listTasks(tok, query string) []api.TaskInfoMinimal {
	e.t.Helper()
	var list []api.TaskInfoMinimal
	e.getJSON(tok, "/api/v1/tasks"+query, 200, &list)
	return list
}

func TestStartedTaskFailsHalfway(t *testing.T) {
	e := newEnv(t, Options{Servers: 2})
	tok := e.token(defaultRefreshToken)
	uuid, err := e.sim.StartTask(e.sim.ServerIDs()[1], TaskSnapshot, time.Minute, true)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(29 * time.Second)
	if got := taskOf(t, e.listTasks(tok, ""), uuid); api.Value(got.State) != api.TaskStateRUNNING {
		t.Fatalf("after 29 s: %s, want RUNNING", api.Value(got.State))
	}
	e.clock.Advance(time.Second)
	got := taskOf(t, e.listTasks(tok, "?state=ERROR"), uuid)
	if api.Value(got.TaskProgress.ProgressInPercent) != 50 || api.Value(got.Message) != failedTaskMessage {
		t.Errorf("failed task: %v %%, %q", api.Value(got.TaskProgress.ProgressInPercent), api.Value(got.Message))
	}
	var detail api.TaskInfo
	e.getJSON(tok, "/api/v1/tasks/"+uuid, 200, &detail)
	if detail.ResponseError == nil || api.Value(detail.ResponseError.Message) != failedTaskMessage {
		t.Errorf("task detail without its error: %+v", detail.ResponseError)
	}
}

func TestStartTaskRefusesWhatItCannotRun(t *testing.T) {
	sim := New(Options{Servers: 1})
	sim.AddUser("other", 1, 9)
	own := sim.ServerIDs()[0]
	cases := map[string]struct {
		server   int32
		action   TaskAction
		duration time.Duration
	}{
		"unknown action":   {own, "defragment", time.Minute},
		"no duration":      {own, TaskStop, 0},
		"unknown server":   {1, TaskStop, time.Minute},
		"another's server": {sim.ServerIDsOf("other")[0], TaskStop, time.Minute},
	}
	for name, c := range cases {
		if uuid, err := sim.StartTask(c.server, c.action, c.duration, false); err == nil {
			t.Errorf("%s: started task %s", name, uuid)
		}
	}
}

// TestTasksChangeTheirServer checks the state each action leaves, read as GET
// /servers/{id} builds it: the server's live info with its started tasks applied.
func TestTasksChangeTheirServer(t *testing.T) {
	e := newEnv(t, Options{Servers: 8})
	liveInfo := func(id int32) api.ServerInfo {
		sv := e.sim.server(id)
		now := e.sim.now()
		live := sv.detail(true, now).ServerLiveInfo
		e.sim.applyTasks(live, sv, now)
		return *live
	}
	var up []int32
	for _, id := range e.sim.ServerIDs() {
		if api.Value(liveInfo(id).State) == api.ServerStateRUNNING {
			up = append(up, id)
		}
	}
	if len(up) < 2 {
		t.Fatalf("%d running servers, want 2", len(up))
	}
	running, failing := up[0], up[1]
	if _, err := e.sim.StartTask(running, TaskReboot, time.Minute, false); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(30 * time.Second)
	mid := liveInfo(running)
	if api.Value(mid.State) != api.ServerStateSHUTDOWN || api.Value(mid.UptimeInSeconds) != 0 || api.Value(mid.CurrentServerMemoryInMiB) != 0 {
		t.Errorf("rebooting: %s, up %d s, %d MiB", api.Value(mid.State), api.Value(mid.UptimeInSeconds), api.Value(mid.CurrentServerMemoryInMiB))
	}
	e.clock.Advance(40 * time.Second)
	after := liveInfo(running)
	if api.Value(after.State) != api.ServerStateRUNNING || api.Value(after.UptimeInSeconds) != 10 || api.Value(after.CurrentServerMemoryInMiB) != api.Value(after.MaxServerMemoryInMiB) {
		t.Errorf("rebooted: %s, up %d s, %d MiB", api.Value(after.State), api.Value(after.UptimeInSeconds), api.Value(after.CurrentServerMemoryInMiB))
	}

	if _, err := e.sim.StartTask(running, TaskStop, time.Minute, false); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	if state := api.Value(liveInfo(running).State); state != api.ServerStateSHUTOFF {
		t.Errorf("stopped: %s, want SHUTOFF", state)
	}

	uptime := api.Value(liveInfo(failing).UptimeInSeconds)
	if _, err := e.sim.StartTask(failing, TaskReboot, time.Minute, true); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	failed := liveInfo(failing)
	if api.Value(failed.State) != api.ServerStateRUNNING || api.Value(failed.UptimeInSeconds) != uptime+60 {
		t.Errorf("after a failed reboot: %s, up %d s, want RUNNING up %d s", api.Value(failed.State), api.Value(failed.UptimeInSeconds), uptime+60)
	}
}

// TestStartedTasksFollowTheSpec validates the answers about started tasks, running, finished
// and failed, against openapi.json, as TestContract does for the seeded fleet.
func TestStartedTasksFollowTheSpec(t *testing.T) {
	e := newEnv(t, Options{Servers: 2})
	c := newContract(t, e)
	server := e.sim.ServerIDs()[0]
	var uuids []string
	for _, fail := range []bool{false, true} {
		uuid, err := e.sim.StartTask(server, TaskStart, time.Minute, fail)
		if err != nil {
			t.Fatal(err)
		}
		uuids = append(uuids, uuid)
	}
	for _, after := range []time.Duration{10 * time.Second, time.Minute} {
		e.clock.Advance(after)
		c.call("GET /api/v1/tasks", "/api/v1/tasks?serverId="+itoa32(server), 200)
		c.call("GET /api/v1/tasks", "/api/v1/tasks?state=RUNNING", 200)
		for _, uuid := range uuids {
			c.call("GET /api/v1/tasks/{uuid}", "/api/v1/tasks/"+uuid, 200)
		}
	}
	for _, f := range c.failures {
		t.Error(f)
	}
}
