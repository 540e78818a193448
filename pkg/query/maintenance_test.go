package query

import (
	"net/http"
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

// simulatedWindowStart is where the simulator, started at testNow, announces its window.
var simulatedWindowStart = testNow.Add(20 * time.Hour)

func maintenanceRequest(field string) answer.Request {
	return newRequest(models.Query{QueryType: models.QueryTypeMaintenance, Field: field})
}

func TestMaintenanceGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Maintenance(ctx, client, maintenanceRequest(""))
	answertest.CheckGolden(t, "maintenance", rsp)
	frame := rsp.Frames[0]
	if n, _ := frame.RowLen(); n != 1 {
		t.Fatalf("%d rows, want the announced window", n)
	}
	start, end := cellTexts(t, frame, "time")[0], cellTexts(t, frame, "timeEnd")[0]
	if start != simulatedWindowStart.Format(time.RFC3339) || end <= start {
		t.Errorf("window %s..%s, want one starting %s", start, end, simulatedWindowStart.Format(time.RFC3339))
	}
}

func TestMaintenanceNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	for _, field := range []string{"startTime", "finishTime", "secondsUntilStart"} {
		t.Run(field, func(t *testing.T) {
			rsp := Maintenance(ctx, client, maintenanceRequest(field))
			answertest.CheckGolden(t, "maintenance-"+field, rsp)
			if len(rsp.Frames) != 1 || rsp.Frames[0].Meta.Type != data.FrameTypeNumericMulti || len(rsp.Frames[0].Fields[0].Labels) != 0 {
				t.Errorf("want one unlabelled numeric-multi frame: the window is the account's, not a server's")
			}
		})
	}
}

func TestMaintenanceNumbersAreTheWindow(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	value := func(field string) *float64 {
		rsp := Maintenance(ctx, client, maintenanceRequest(field))
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		return numericValue(rsp.Frames[0])
	}
	start, finish, until := value("startTime"), value("finishTime"), value("secondsUntilStart")
	if start == nil || *start != float64(simulatedWindowStart.UnixMilli()) {
		t.Errorf("startTime = %v, want %d (epoch ms)", start, simulatedWindowStart.UnixMilli())
	}
	if finish == nil || start == nil || *finish <= *start {
		t.Errorf("finishTime = %v, want after the start %v", finish, start)
	}
	if until == nil || *until != 20*3600 {
		t.Errorf("secondsUntilStart = %v, want 72000 (20 h)", until)
	}
}

func TestMaintenanceSecondsUntilStart(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	for _, c := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"within a day", simulatedWindowStart.Add(-90 * time.Minute), "5400"},
		{"days ahead", simulatedWindowStart.Add(-50 * time.Hour), "180000"},
		{"at the start", simulatedWindowStart, "null"},
		{"running", simulatedWindowStart.Add(time.Hour), "null"},
	} {
		req := maintenanceRequest("secondsUntilStart")
		req.Now = c.now
		rsp := Maintenance(ctx, client, req)
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		if got := columnValues(t, rsp.Frames[0], "secondsUntilStart")[0]; got != c.want {
			t.Errorf("%s: secondsUntilStart = %s, want %s", c.name, got, c.want)
		}
	}
	if untilStart(nil, testNow) != nil {
		t.Error("no announced start gave a countdown")
	}
}

func TestMaintenanceEndpointGone(t *testing.T) {
	client, _ := newClientBehind(t, simulator.Options{Servers: 1, Seed: 1}, failingPath("/api/v1/maintenance", http.StatusNotFound))
	rsp := Maintenance(ctx, client, maintenanceRequest(""))
	answertest.CheckGolden(t, "maintenance_gone", rsp)
	frame := rsp.Frames[0]
	if n, _ := frame.RowLen(); n != 0 || len(frame.Fields) != 4 {
		t.Errorf("%d rows / %d columns, want an empty four-column table", n, len(frame.Fields))
	}
	assertDeprecationNotice(t, frame)

	numeric := Maintenance(ctx, client, maintenanceRequest("secondsUntilStart"))
	if numeric.Error != nil || numericValue(numeric.Frames[0]) != nil {
		t.Fatalf("error %v, want a null number: a rule on a removed endpoint finds no data, not an error", numeric.Error)
	}
	assertDeprecationNotice(t, numeric.Frames[0])
}

func assertDeprecationNotice(t *testing.T, frame *data.Frame) {
	t.Helper()
	notices := frame.Meta.Notices
	if len(notices) != 1 || notices[0].Severity != data.NoticeSeverityInfo || !strings.Contains(notices[0].Text, "deprecated") {
		t.Errorf("notices %+v, want one info about the deprecation", notices)
	}
}

func TestMaintenanceOtherErrorsFail(t *testing.T) {
	client, _ := newClientBehind(t, simulator.Options{Servers: 1, Seed: 1}, failingPath("/api/v1/maintenance", http.StatusBadRequest))
	for _, field := range []string{"", "secondsUntilStart"} {
		rsp := Maintenance(ctx, client, maintenanceRequest(field))
		if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourceDownstream {
			t.Errorf("field %q: error %v (source %q), want a downstream error", field, rsp.Error, rsp.ErrorSource)
		}
	}
}

func TestMaintenanceUnknownField(t *testing.T) {
	client, sim := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Maintenance(ctx, client, maintenanceRequest("start"))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("error %v (source %q), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
	for _, name := range []string{`"start"`, "startTime", "finishTime", "secondsUntilStart"} {
		if !strings.Contains(rsp.Error.Error(), name) {
			t.Errorf("error %q does not name %s", rsp.Error, name)
		}
	}
	if n := sim.Calls()["GET /api/v1/maintenance"]; n != 0 {
		t.Errorf("a bad field still read SCP (%d calls)", n)
	}
}

func TestMaintenanceWithoutWindow(t *testing.T) {
	frame := maintenanceFrame(maintenanceWindow{})
	if n, _ := frame.RowLen(); n != 0 || frame.Meta.Type != data.FrameTypeTable {
		t.Errorf("no window gave %d rows of %s", n, frame.Meta.Type)
	}
	client, _ := newClientBehind(t, simulator.Options{Servers: 1, Seed: 1}, answerPath("/api/v1/maintenance", `{}`))
	for _, field := range []string{"startTime", "finishTime", "secondsUntilStart"} {
		rsp := Maintenance(ctx, client, maintenanceRequest(field))
		if rsp.Error != nil || numericValue(rsp.Frames[0]) != nil {
			t.Errorf("%s without an announced window: %v, want null", field, rsp.Error)
		}
	}
}
