package query

import (
	"encoding/json"
	"net/http"
	"strconv"
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

// logsRequest reads logs over the 3 days before testNow.
func logsRequest(q models.Query) answer.Request {
	q.QueryType = models.QueryTypeLogs
	req := newRequest(q)
	req.TimeRange.From = testNow.Add(-72 * time.Hour)
	req.RawAccess = models.RawAccessAll // the user log is account data
	return req
}

func TestLogsServerGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 2, Seed: 1})
	answertest.CheckGolden(t, "logs_server", Logs(ctx, client, logsRequest(models.Query{})))
}

func TestLogsUserGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 2, Seed: 1})
	answertest.CheckGolden(t, "logs_user", Logs(ctx, client, logsRequest(models.Query{LogSource: "user"})))
}

func TestLogsFrameFollowsTheLogsContract(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 3, Seed: 1})
	rsp := Logs(ctx, client, logsRequest(models.Query{}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	if frame.Meta.Type != data.FrameTypeLogLines || frame.Meta.PreferredVisualization != data.VisTypeLogs {
		t.Fatalf("meta %+v, want log-lines shown as logs", frame.Meta)
	}
	want := []struct {
		name string
		typ  data.FieldType
	}{{"timestamp", data.FieldTypeTime}, {"body", data.FieldTypeString}, {"severity", data.FieldTypeString}, {"id", data.FieldTypeString}, {"labels", data.FieldTypeJSON}}
	if len(frame.Fields) != len(want) {
		t.Fatalf("%d fields, want %d", len(frame.Fields), len(want))
	}
	for i, w := range want {
		if f := frame.Fields[i]; f.Name != w.name || f.Type() != w.typ {
			t.Errorf("field %d is %s %s, want %s %s", i, f.Name, f.Type(), w.name, w.typ)
		}
	}
	n, _ := frame.RowLen()
	if n == 0 {
		t.Fatal("no log lines")
	}
	names := sim.ServerNames()
	ids := map[string]bool{}
	severities := map[string]bool{}
	from := testNow.Add(-72 * time.Hour)
	for i := 0; i < n; i++ {
		ts := frame.Fields[0].At(i).(time.Time)
		if ts.Before(from) || ts.After(testNow) || (i > 0 && ts.After(frame.Fields[0].At(i-1).(time.Time))) {
			t.Errorf("line %d at %s: outside the range or not newest first", i, ts)
		}
		severities[frame.Fields[2].At(i).(string)] = true
		id := frame.Fields[3].At(i).(string)
		if ids[id] {
			t.Errorf("id %s repeats", id)
		}
		ids[id] = true
		var labels map[string]string
		if err := json.Unmarshal(frame.Fields[4].At(i).(json.RawMessage), &labels); err != nil {
			t.Fatal(err)
		}
		serverID, _ := strconv.Atoi(labels["server_id"])
		if labels["logKey"] == "" || names[int32(serverID)] != labels["server"] {
			t.Errorf("labels %v", labels)
		}
	}
	for s := range severities {
		if s != "error" && s != "warning" && s != "info" {
			t.Errorf("severity %q is not a Grafana log level", s)
		}
	}
	if !severities["error"] || !severities["warning"] {
		t.Errorf("severities %v, want error and warning lines too", severities)
	}
}

func TestLogsLimit(t *testing.T) {
	client, _, log := newRecordedClient(t, simulator.Options{Servers: 3, Seed: 1})
	req := logsRequest(models.Query{Limit: 4})
	req.TimeRange.From = testNow.Add(-60 * 24 * time.Hour)
	rsp := Logs(ctx, client, req)
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if n, _ := rsp.Frames[0].RowLen(); n != 4 {
		t.Errorf("%d lines, want the limit of 4", n)
	}
	asked := log.queries("/logs")
	if len(asked) != 3 {
		t.Errorf("%d log reads for 3 servers", len(asked))
	}
	for _, q := range asked {
		if q.Get("limit") != "4" {
			t.Errorf("SCP was asked for %s log entries, want 4", q.Get("limit"))
		}
	}
}

func TestLogsUserSource(t *testing.T) {
	client, sim, log := newRecordedClient(t, simulator.Options{Servers: 2, Seed: 1})
	rsp := Logs(ctx, client, logsRequest(models.Query{LogSource: "user"}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if n := len(log.queries("/users/" + serverIDText(sim.UserID()) + "/logs")); n != 1 || len(log.queries("/servers/")) != 0 {
		t.Errorf("%d user log reads and %d server reads, want one and none", n, len(log.queries("/servers/")))
	}
	frame := rsp.Frames[0]
	if n, _ := frame.RowLen(); n == 0 {
		t.Fatal("no user log lines")
	}
	labels := string(frame.Fields[4].At(0).(json.RawMessage))
	if strings.Contains(labels, "server") || !strings.Contains(labels, "logKey") {
		t.Errorf("user log labels %s", labels)
	}
}

func TestLogsUnknownSource(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Logs(ctx, client, logsRequest(models.Query{LogSource: "kernel"}))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Errorf("error %v (source %q), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
}

func TestLogsOneServerFailing(t *testing.T) {
	opts := simulator.Options{Servers: 3, Seed: 1}
	ids := simulator.New(simulator.Options{Servers: 3, Seed: 1, Now: func() time.Time { return testNow }}).ServerIDs()
	client, sim := newClientBehind(t, opts, failingPath("/servers/"+serverIDText(ids[0])+"/logs", http.StatusBadRequest))
	rsp := Logs(ctx, client, logsRequest(models.Query{}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	if text := allNoticeTexts(rsp.Frames); !strings.Contains(text, sim.ServerNames()[ids[0]]) {
		t.Errorf("notices %q do not name the failed server", text)
	}
	if n, _ := rsp.Frames[0].RowLen(); n == 0 {
		t.Error("the healthy servers' lines are missing")
	}
}

func TestLogsEmptyRange(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	req := logsRequest(models.Query{})
	req.TimeRange.From, req.TimeRange.To = testNow.Add(-100*24*time.Hour), testNow.Add(-99*24*time.Hour)
	rsp := Logs(ctx, client, req)
	if rsp.Error != nil || len(rsp.Frames) != 1 || rsp.Frames[0].Meta.Type != data.FrameTypeLogLines {
		t.Fatalf("want one empty log-lines frame, got %v", rsp.Error)
	}
	if n, _ := rsp.Frames[0].RowLen(); n != 0 {
		t.Errorf("%d lines from 100 days ago", n)
	}
}
