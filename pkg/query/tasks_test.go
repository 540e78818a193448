package query

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// tasksRequest reads tasks over the 30 days before testNow, which holds the whole simulated history.
func tasksRequest(q models.Query) answer.Request {
	q.QueryType = models.QueryTypeTasks
	req := newRequest(q)
	req.TimeRange.From = testNow.Add(-30 * 24 * time.Hour)
	return req
}

// cellTexts returns a table column's values as text ("" for null, RFC 3339 for times).
func cellTexts(t *testing.T, frame *data.Frame, name string) []string {
	t.Helper()
	field, _ := frame.FieldByName(name)
	if field == nil {
		t.Fatalf("frame %s has no column %s", frame.Name, name)
	}
	out := make([]string, field.Len())
	for i := range out {
		switch v, ok := field.ConcreteAt(i); {
		case !ok:
		case field.Type().Time():
			out[i] = v.(time.Time).Format(time.RFC3339)
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

func taskParams(log *requestLog) []url.Values { return log.queries("/api/v1/tasks") }

func TestTasksGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	answertest.CheckGolden(t, "tasks", Tasks(ctx, client, tasksRequest(models.Query{})))
}

func TestTasksInRangeGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	answertest.CheckGolden(t, "tasks_6h", Tasks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTasks})))
}

func TestTasksPerServerGolden(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	q := models.Query{ServerMode: models.ServerModeIDs, ServerIDs: []string{serverIDText(sim.ServerIDs()[0]), serverIDText(sim.ServerIDs()[1])}}
	answertest.CheckGolden(t, "tasks_servers", Tasks(ctx, client, tasksRequest(q)))
}

func TestTasksAnnotationColumns(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Tasks(ctx, client, tasksRequest(models.Query{}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	if frame.Meta.Type != data.FrameTypeTable {
		t.Fatalf("type %s, want table", frame.Meta.Type)
	}
	starts, ends, states, colors := cellTexts(t, frame, "time"), cellTexts(t, frame, "timeEnd"), cellTexts(t, frame, "state"), cellTexts(t, frame, "color")
	if len(starts) < 6 {
		t.Fatalf("%d tasks, want the simulator's 7", len(starts))
	}
	wantColor := map[string]string{"ERROR": "red", "FINISHED": "green", "RUNNING": "blue", "PENDING": "yellow"}
	for i := range starts {
		if i > 0 && starts[i] > starts[i-1] {
			t.Errorf("row %d starts %s after row %d's %s; want newest first", i, starts[i], i-1, starts[i-1])
		}
		if w, ok := wantColor[states[i]]; ok && colors[i] != w {
			t.Errorf("%s is %s, want %s", states[i], colors[i], w)
		}
		if states[i] == "RUNNING" && ends[i] != testNow.Format(time.RFC3339) {
			t.Errorf("running task ends %q, want now", ends[i])
		}
		if states[i] == "FINISHED" && (ends[i] == "" || ends[i] < starts[i]) {
			t.Errorf("finished task spans %s..%s", starts[i], ends[i])
		}
	}
	for i, text := range cellTexts(t, frame, "text") {
		if !strings.Contains(text, states[i]) {
			t.Errorf("text %q lacks state %s", text, states[i])
		}
	}
}

func TestTasksFilterByState(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Tasks(ctx, client, tasksRequest(models.Query{TaskStates: []string{"error", "{RUNNING,ERROR}"}}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	states := cellTexts(t, rsp.Frames[0], "state")
	got := map[string]int{}
	for _, s := range states {
		got[s]++
	}
	if got["ERROR"] == 0 || got["RUNNING"] != 1 || len(got) != 2 {
		t.Errorf("states %v, want only ERROR and one RUNNING", got)
	}
	var asked []string
	for _, p := range taskParams(log) {
		asked = append(asked, p.Get("state"))
	}
	if strings.Join(asked, ",") != "ERROR,RUNNING" {
		t.Errorf("SCP was asked for states %v, want ERROR then RUNNING", asked)
	}
}

func TestTasksRollbackIsFilteredHere(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := Tasks(ctx, client, tasksRequest(models.Query{TaskStates: []string{"ROLLBACK", "ERROR"}}))
	if rsp.Error != nil {
		t.Fatalf("ROLLBACK filter failed: %v", rsp.Error)
	}
	for _, s := range cellTexts(t, rsp.Frames[0], "state") {
		if s != "ERROR" && s != "ROLLBACK" {
			t.Errorf("state %s passed a ROLLBACK,ERROR filter", s)
		}
	}
	for _, p := range taskParams(log) {
		if p.Has("state") {
			t.Errorf("SCP was asked with state=%s; it rejects ROLLBACK filters, so none should be sent", p.Get("state"))
		}
	}
}

func TestTasksUnknownState(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Tasks(ctx, client, tasksRequest(models.Query{TaskStates: []string{"DONE"}}))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin || !strings.Contains(rsp.Error.Error(), "WAITING_FOR_CANCEL") {
		t.Errorf("error %v (source %q), want a plugin error listing the states", rsp.Error, rsp.ErrorSource)
	}
}

func TestTasksFilterByServer(t *testing.T) {
	client, sim, log := newRecordedClient(t, simulator.Options{Servers: 5, Seed: 1})
	ids := sim.ServerIDs()
	all := Tasks(ctx, client, tasksRequest(models.Query{}))
	if all.Error != nil {
		t.Fatal(all.Error)
	}
	log.reset()
	q := models.Query{ServerMode: models.ServerModeIDs, ServerIDs: []string{serverIDText(ids[0]), serverIDText(ids[3])}}
	rsp := Tasks(ctx, client, tasksRequest(q))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	var asked []string
	for _, p := range taskParams(log) {
		asked = append(asked, p.Get("serverId"))
	}
	if len(asked) != 2 || !strings.Contains(strings.Join(asked, ","), serverIDText(ids[0])) || !strings.Contains(strings.Join(asked, ","), serverIDText(ids[3])) {
		t.Errorf("SCP was asked for servers %v, want %d and %d", asked, ids[0], ids[3])
	}
	frame := rsp.Frames[0]
	serverIDs, tags := cellTexts(t, frame, "server_id"), cellTexts(t, frame, "tags")
	for i, id := range serverIDs {
		if id != serverIDText(ids[0]) && id != serverIDText(ids[3]) {
			t.Errorf("row %d belongs to server %q", i, id)
		}
		if !strings.Contains(tags[i], ",") {
			t.Errorf("tags %q lack the server", tags[i])
		}
	}
	if n, total := len(serverIDs), len(cellTexts(t, all.Frames[0], "uuid")); n == 0 || n >= total {
		t.Errorf("%d tasks for two servers out of %d in all", n, total)
	}
}

func TestTasksRangeAndLimit(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 20, Seed: 2})
	all := Tasks(ctx, client, tasksRequest(models.Query{}))
	if all.Error != nil {
		t.Fatal(all.Error)
	}
	total := len(cellTexts(t, all.Frames[0], "uuid"))

	recent := Tasks(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeTasks}))
	if recent.Error != nil {
		t.Fatal(recent.Error)
	}
	from := testNow.Add(-6 * time.Hour).Format(time.RFC3339)
	starts, ends := cellTexts(t, recent.Frames[0], "time"), cellTexts(t, recent.Frames[0], "timeEnd")
	if len(starts) == 0 || len(starts) >= total {
		t.Errorf("%d tasks in 6 hours of %d in 30 days", len(starts), total)
	}
	for i := range starts {
		if ends[i] < from {
			t.Errorf("task %s..%s ended before the range", starts[i], ends[i])
		}
	}

	limited := Tasks(ctx, client, tasksRequest(models.Query{Limit: 3}))
	if limited.Error != nil {
		t.Fatal(limited.Error)
	}
	if got := cellTexts(t, limited.Frames[0], "uuid"); len(got) != 3 || got[0] != cellTexts(t, all.Frames[0], "uuid")[0] {
		t.Errorf("limit 3 kept %v, want the 3 newest", got)
	}
}

func TestTasksCountPerServerGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	answertest.CheckGolden(t, "tasks_count_error", Tasks(ctx, client, tasksRequest(models.Query{Field: "count", TaskStates: []string{"ERROR"}})))
}

func TestTasksCountGivesEveryServerANumber(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	var ids []string
	for _, id := range sim.ServerIDs() {
		ids = append(ids, serverIDText(id))
	}
	table := Tasks(ctx, client, tasksRequest(models.Query{ServerMode: models.ServerModeIDs, ServerIDs: ids, TaskStates: []string{"ERROR"}}))
	counted := Tasks(ctx, client, tasksRequest(models.Query{Field: "count", TaskStates: []string{"ERROR"}}))
	if table.Error != nil || counted.Error != nil {
		t.Fatal(table.Error, counted.Error)
	}
	if len(counted.Frames) != len(sim.ServerIDs()) {
		t.Fatalf("%d count frames for %d servers", len(counted.Frames), len(sim.ServerIDs()))
	}
	total := 0.0
	for _, f := range counted.Frames {
		if f.Meta.Type != data.FrameTypeNumericMulti || f.Fields[0].Labels["server_id"] == "" {
			t.Fatalf("frame %s is not a labelled numeric-multi frame", f.Name)
		}
		total += *f.Fields[0].At(0).(*float64)
	}
	if rows, _ := table.Frames[0].RowLen(); total != float64(rows) {
		t.Errorf("counts add up to %v, the table has %d ERROR tasks", total, rows)
	}
	if rsp := Tasks(ctx, client, tasksRequest(models.Query{Field: "state"})); rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Errorf("unknown field: %v, want a plugin error", rsp.Error)
	}
}
