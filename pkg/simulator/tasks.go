package simulator

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// task is kept with its server so the serverId filter and the q search over
// server name and nickname work; the API itself does not expose the server.
type task struct {
	uuid     string
	name     string
	state    api.TaskState
	started  time.Time
	finished time.Time // zero while PENDING/RUNNING
	progress float32
	message  string
	server   *server
	// run is set on the tasks StartTask began: their state follows the clock.
	run *taskRun
}

// taskRun is a started task's course: it runs from 0 to 100 % over its duration, or stops
// with ERROR halfway through when it fails.
type taskRun struct {
	action   TaskAction
	duration time.Duration
	fails    bool
}

// failedTaskMessage is what SCP says of a task the host node could not finish.
const failedTaskMessage = "Task failed on the host node"

var taskNames = []string{
	"Start server", "Stop server", "Reboot server", "Create snapshot", "Export snapshot",
	"Install image", "Change hostname", "Update rDNS", "Attach ISO", "Optimize storage",
}

// buildTasks makes ~1.5 tasks per server, newest first; the four newest are
// PENDING, RUNNING, ERROR and FINISHED so every state shows up.
func buildTasks(a *account, r *rng) []*task {
	if len(a.servers) == 0 {
		return nil
	}
	n := max(6, len(a.servers)*3/2)
	tasks := make([]*task, 0, n)
	at := a.t0
	for i := range n {
		sv := a.servers[r.intn(len(a.servers))]
		t := &task{
			uuid:    uuidOf(a.seed, uint64(a.block), uint64(i), 0x7a5c),
			name:    taskNames[r.intn(len(taskNames))] + " " + sv.name,
			state:   api.TaskStateFINISHED,
			started: at,
			server:  sv,
		}
		at = at.Add(-time.Duration(r.between(300, 6*3600)) * time.Second)
		switch {
		case i == 0:
			t.state = api.TaskStatePENDING
		case i == 1:
			t.state, t.progress = api.TaskStateRUNNING, 42.5
		case i == 2 || r.chance(0.05):
			t.state, t.message = api.TaskStateERROR, failedTaskMessage
		case r.chance(0.02):
			t.state = api.TaskStateCANCELED
		}
		if t.state != api.TaskStatePENDING && t.state != api.TaskStateRUNNING {
			t.finished = t.started.Add(time.Duration(r.between(5, 900)) * time.Second)
			t.progress = 100
			if t.state != api.TaskStateFINISHED {
				t.progress = float32(r.between(10, 95))
			}
		}
		tasks = append(tasks, t)
	}
	return tasks
}

// StartTask begins a task of the default user on one of its servers, at the simulator's
// clock: it runs for duration, then finishes, or fails halfway through when fail is set, and
// its server's state follows (see TaskAction). It returns the task's uuid.
func (s *Simulator) StartTask(serverID int32, action TaskAction, duration time.Duration, fail bool) (string, error) {
	effect, ok := taskEffects[action]
	if !ok {
		return "", fmt.Errorf("unknown task action %q", action)
	}
	if duration <= 0 {
		return "", errors.New("a task needs a positive duration")
	}
	acct := s.defaultAccount()
	sv := acct.byID[serverID]
	if sv == nil {
		return "", fmt.Errorf("server %d is not the default user's", serverID)
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &task{
		uuid:    uuidOf(acct.seed, uint64(acct.block), uint64(len(acct.tasks)), 0x57a7),
		name:    effect.name + " " + sv.name,
		started: now,
		server:  sv,
		run:     &taskRun{action: action, duration: duration, fails: fail},
	}
	acct.tasks = append([]*task{t}, acct.tasks...) // newest first
	return t.uuid, nil
}

// tasksOf is the account's task list; StartTask replaces it, so readers take it under the lock.
func (s *Simulator) tasksOf(acct *account) []*task {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return acct.tasks
}

// at is the task as it stands at now. Seeded tasks never change; a started one is RUNNING
// until its duration is over (half of it when it fails), then FINISHED or ERROR.
func (t *task) at(now time.Time) *task {
	if t.run == nil {
		return t
	}
	v := *t
	end := t.run.end()
	elapsed := min(max(now.Sub(t.started), 0), end)
	v.progress = float32(math.Round(1000*elapsed.Seconds()/t.run.duration.Seconds()) / 10)
	switch {
	case elapsed < end:
		v.state = api.TaskStateRUNNING
	case t.run.fails:
		v.state, v.finished, v.message = api.TaskStateERROR, t.started.Add(end), failedTaskMessage
	default:
		v.state, v.finished = api.TaskStateFINISHED, t.started.Add(end)
	}
	return &v
}

// end is how long after its start the task stops: its duration, or half of it when it fails.
func (r *taskRun) end() time.Duration {
	if r.fails {
		return r.duration / 2
	}
	return r.duration
}

func (t *task) minimal(who *api.UserMinimal) api.TaskInfoMinimal {
	m := api.TaskInfoMinimal{
		Uuid: ptr(t.uuid), Name: ptr(t.name), State: ptr(t.state), StartedAt: ptr(t.started),
		ExecutingUser: who, Message: optStr(t.message), OnRollback: ptr(false),
		TaskProgress: &api.TaskProgress{ProgressInPercent: ptr(t.progress)},
	}
	switch {
	case t.finished.IsZero() && t.run != nil:
		m.TaskProgress.ExpectedFinishedAt = ptr(t.started.Add(t.run.duration))
	case t.finished.IsZero():
		m.TaskProgress.ExpectedFinishedAt = ptr(t.started.Add(10 * time.Minute))
	default:
		m.FinishedAt = ptr(t.finished)
		m.TaskProgress.ExpectedFinishedAt = ptr(t.finished)
	}
	return m
}

func (s *Simulator) listTasks(w http.ResponseWriter, r *http.Request, acct *account) {
	q := r.URL.Query()
	var state api.TaskState
	if v := q.Get("state"); v != "" {
		state = api.TaskState(v)
		switch state {
		case api.TaskStatePENDING, api.TaskStateRUNNING, api.TaskStateFINISHED, api.TaskStateERROR,
			api.TaskStateWAITINGFORCANCEL, api.TaskStateCANCELED:
		default: // ROLLBACK is in the enum but not accepted as a filter
			validationErr(w, http.StatusBadRequest, "state", "unsupported task state "+v)
			return
		}
	}
	var serverID int32
	if q.Get("serverId") != "" {
		id, ok := intParam(w, r, "serverId", 0, -1<<31, 1<<31-1)
		if !ok {
			return
		}
		serverID = int32(id)
	}
	needle := strings.ToLower(q.Get("q"))
	now := s.now()
	var list []*task
	for _, t := range s.tasksOf(acct) {
		t = t.at(now)
		switch {
		case state != "" && t.state != state:
		case serverID != 0 && t.server.id != serverID:
		case needle != "" && !t.matches(needle):
		default:
			list = append(list, t)
		}
	}
	from, to, ok := page(w, r, len(list))
	if !ok {
		return
	}
	who := acct.minimal()
	out := make([]api.TaskInfoMinimal, 0, to-from)
	for _, t := range list[from:to] {
		out = append(out, t.minimal(who))
	}
	writeJSON(w, http.StatusOK, out)
}

// matches implements q: name, uuid, server name and server nickname, ignoring case.
func (t *task) matches(needle string) bool {
	for _, v := range []string{t.name, t.uuid, t.server.name, t.server.nickname} {
		if strings.Contains(strings.ToLower(v), needle) {
			return true
		}
	}
	return false
}

func (s *Simulator) getTask(w http.ResponseWriter, r *http.Request, acct *account) {
	id := r.PathValue("uuid")
	for _, t := range s.tasksOf(acct) {
		if t.uuid != id {
			continue
		}
		t = t.at(s.now())
		m := t.minimal(acct.minimal())
		out := api.TaskInfo{
			Uuid: m.Uuid, Name: m.Name, State: m.State, StartedAt: m.StartedAt, FinishedAt: m.FinishedAt,
			ExecutingUser: m.ExecutingUser, TaskProgress: m.TaskProgress, Message: m.Message, OnRollback: m.OnRollback,
			Steps: ptr(t.steps()), Result: &map[string]any{},
		}
		if t.state == api.TaskStateERROR {
			out.ResponseError = &api.ResponseError{Code: ptr("error.task.failed"), Message: ptr(t.message)}
		}
		if t.state == api.TaskStateFINISHED {
			out.Result = &map[string]any{"serverId": t.server.id}
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	notFound(w)
}

// steps splits a task into prepare/execute/verify in the task's timeline.
func (t *task) steps() []api.TaskInfoStep {
	names := []string{"Prepare", "Execute", "Verify"}
	out := make([]api.TaskInfoStep, 0, len(names))
	for i, n := range names {
		st := api.TaskStateFINISHED
		started := t.started.Add(time.Duration(i) * time.Second)
		step := api.TaskInfoStep{Uuid: ptr(uuidOf(strHash(t.uuid), uint64(i))), Name: ptr(n), StartedAt: ptr(started)}
		switch t.state {
		case api.TaskStatePENDING:
			st = api.TaskStatePENDING
		case api.TaskStateRUNNING:
			st = []api.TaskState{api.TaskStateFINISHED, api.TaskStateRUNNING, api.TaskStatePENDING}[i]
		case api.TaskStateERROR, api.TaskStateCANCELED:
			st = []api.TaskState{api.TaskStateFINISHED, t.state, api.TaskStateCANCELED}[i]
		}
		step.State = ptr(st)
		if st == api.TaskStateFINISHED || st == api.TaskStateERROR || st == api.TaskStateCANCELED {
			step.FinishedAt = ptr(started.Add(time.Second))
		}
		out = append(out, step)
	}
	return out
}
