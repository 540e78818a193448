package simulator

import (
	"math"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// TaskAction is what a task that StartTask begins does to its server.
type TaskAction string

// Task actions.
const (
	// TaskStart boots the server when the task finishes.
	TaskStart TaskAction = "start"
	// TaskStop turns the server off when the task finishes.
	TaskStop TaskAction = "stop"
	// TaskReboot shuts the server down while the task runs and boots it when it finishes.
	TaskReboot TaskAction = "reboot"
	// TaskSnapshot shows the server in DISK_SNAPSHOT while the task runs.
	TaskSnapshot TaskAction = "snapshot"
)

// taskEffect is how SCP names an action's task and the server states it brings.
type taskEffect struct {
	name string
	// during is the server's state while the task runs, after the state it leaves behind once
	// it finished; "" keeps the state as it was.
	during, after api.ServerState
}

var taskEffects = map[TaskAction]taskEffect{
	TaskStart:    {name: "Start server", after: api.ServerStateRUNNING},
	TaskStop:     {name: "Stop server", after: api.ServerStateSHUTOFF},
	TaskReboot:   {name: "Reboot server", during: api.ServerStateSHUTDOWN, after: api.ServerStateRUNNING},
	TaskSnapshot: {name: "Create snapshot", during: api.ServerStateDISKSNAPSHOT},
}

// applyTasks brings a server's live info up to the tasks StartTask began on it, oldest first:
// the state each leaves while it runs and after it finished, and a new boot (uptime counted
// from the finish) when it leaves the server running. A failed task leaves the server as it
// found it.
func (s *Simulator) applyTasks(live *api.ServerInfo, sv *server, now time.Time) {
	if live == nil {
		return
	}
	state, bootAt := sv.state, sv.bootAt
	tasks := s.tasksOf(sv.owner)
	for i := len(tasks) - 1; i >= 0; i-- {
		t := tasks[i]
		if t.server != sv || t.run == nil {
			continue
		}
		effect, current := taskEffects[t.run.action], t.at(now)
		switch {
		case current.state == api.TaskStateRUNNING && effect.during != "":
			state = effect.during
		case current.state == api.TaskStateFINISHED && effect.after != "":
			state = effect.after
			if state == api.ServerStateRUNNING {
				bootAt = current.finished
			}
		}
	}
	var uptime time.Duration
	memory := int64(0)
	if state == api.ServerStateRUNNING {
		uptime, memory = now.Sub(bootAt), api.Value(live.MaxServerMemoryInMiB)
	}
	live.State = ptr(state)
	live.UptimeInSeconds = ptr(int32(min(uptime/time.Second, math.MaxInt32)))
	live.CurrentServerMemoryInMiB = ptr(memory)
}
