package simulator

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

func TestTasks(t *testing.T) {
	e := newEnv(t, Options{Servers: 10})
	tok := e.token(defaultRefreshToken)
	var all []api.TaskInfoMinimal
	e.getJSON(tok, "/api/v1/tasks", 200, &all)
	states := map[api.TaskState]int{}
	for _, tk := range all {
		states[*tk.State]++
	}
	for _, st := range []api.TaskState{api.TaskStatePENDING, api.TaskStateRUNNING, api.TaskStateFINISHED, api.TaskStateERROR} {
		if states[st] == 0 {
			t.Errorf("no %s task: %v", st, states)
		}
	}

	var fin []api.TaskInfoMinimal
	e.getJSON(tok, "/api/v1/tasks?state=FINISHED", 200, &fin)
	if len(fin) != states[api.TaskStateFINISHED] {
		t.Errorf("state filter: %d, want %d", len(fin), states[api.TaskStateFINISHED])
	}
	var v api.ValidationError
	e.getJSON(tok, "/api/v1/tasks?state=ROLLBACK", 400, &v)
	if v.Errors == nil || *(*v.Errors)[0].Field != "state" {
		t.Errorf("ROLLBACK answer %+v", v)
	}

	var pg []api.TaskInfoMinimal
	e.getJSON(tok, "/api/v1/tasks?limit=3&offset=2", 200, &pg)
	if len(pg) != 3 || *pg[0].Uuid != *all[2].Uuid {
		t.Errorf("paging: %d items", len(pg))
	}

	var byServer []api.TaskInfoMinimal
	sv := e.sim.defaultAccount().tasks[0].server
	e.getJSON(tok, "/api/v1/tasks?serverId="+itoa32(sv.id), 200, &byServer)
	e.getJSON(tok, "/api/v1/tasks?q="+sv.name, 200, &pg)
	if len(byServer) == 0 || len(pg) != len(byServer) {
		t.Errorf("serverId filter %d, q by server name %d", len(byServer), len(pg))
	}

	var full api.TaskInfo
	e.getJSON(tok, "/api/v1/tasks/"+*all[0].Uuid, 200, &full)
	if full.Steps == nil || len(*full.Steps) == 0 {
		t.Errorf("task detail without steps: %+v", full)
	}
	e.getJSON(tok, "/api/v1/tasks/nope", 404, nil)
}
