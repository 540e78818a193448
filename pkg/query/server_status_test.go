package query

import (
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestServerStatusGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus}))
	answertest.CheckGolden(t, "serverStatus", rsp)
}

func TestServerStatusNumericGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus, Field: "memoryBytes"}))
	answertest.CheckGolden(t, "serverStatus-memoryBytes", rsp)
}

func TestServerStatusReadsTheGuestAgentOnlyWhenShown(t *testing.T) {
	for field, wantStatusCalls := range map[string]int{"": 5, "guestAgentAvailable": 5, "cpuCount": 0, "running": 0} {
		client, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
		rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus, Field: field}))
		if rsp.Error != nil {
			t.Fatal(rsp.Error)
		}
		calls := sim.Calls()
		if got := calls["GET /api/v1/servers/{serverId}"]; got != 5 {
			t.Errorf("field %q: detail calls = %d, want one per server", field, got)
		}
		if got := calls["GET /api/v1/servers/{serverId}/guest-agent/status"]; got != wantStatusCalls {
			t.Errorf("field %q: guest-agent status calls = %d, want %d", field, got, wantStatusCalls)
		}
	}
}

// The table must say what SCP says; checked against raw detail reads over a larger fleet.
func TestServerStatusMatchesTheServerDetail(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 40, Seed: 3})
	rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	col := func(name string) []string { return columnValues(t, frame, name) }
	ids, running, started, memory, reboot, states := col("id"), col("running"), col("startTime"), col("memoryBytes"), col("rebootRecommended"), col("state")
	sawStopped := false
	for i, id := range ids {
		var sid int32
		_, _ = fmt.Sscan(id, &sid)
		s, err := client.Server(ctx, sid, true)
		if err != nil {
			t.Fatal(err)
		}
		live := *s.ServerLiveInfo
		isRunning := *live.State == api.ServerStateRUNNING
		sawStopped = sawStopped || !isRunning
		if states[i] != string(*live.State) || running[i] != map[bool]string{true: "1", false: "0"}[isRunning] {
			t.Errorf("server %s: state %s running %s, SCP says %s", id, states[i], running[i], *live.State)
		}
		wantStart := "null"
		if isRunning {
			wantStart = fmt.Sprint(testNow.Add(-time.Duration(*live.UptimeInSeconds) * time.Second))
		}
		if started[i] != wantStart {
			t.Errorf("server %s: startTime %s, want %s", id, started[i], wantStart)
		}
		if memory[i] != fmt.Sprint(*live.CurrentServerMemoryInMiB*1048576) {
			t.Errorf("server %s: memoryBytes %s, want %d MiB in bytes", id, memory[i], *live.CurrentServerMemoryInMiB)
		}
		if reboot[i] != fmt.Sprint(*live.ConfigChanged) {
			t.Errorf("server %s: rebootRecommended %s, configChanged %v", id, reboot[i], *live.ConfigChanged)
		}
	}
	if !sawStopped {
		t.Error("the fleet has no stopped server; running = 0 went untested")
	}
}

func TestServerStatusFlagsAreZeroOrOne(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := ServerStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeServerStatus, Field: "RescueActive"}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	var active int
	for _, f := range rsp.Frames {
		if f.Meta.Type != data.FrameTypeNumericMulti || f.Fields[0].Name != "rescueActive" {
			t.Fatalf("frame %s (%s) is not a numeric rescueActive frame", f.Name, f.Meta.Type)
		}
		switch v := numericValue(f); {
		case v == nil || (*v != 0 && *v != 1):
			t.Errorf("rescueActive = %v, want 0 or 1", v)
		case *v == 1:
			active++
		}
	}
	if len(rsp.Frames) != 5 || active != 1 {
		t.Errorf("%d frames with %d rescue servers, want 5 with 1", len(rsp.Frames), active)
	}
}

func TestServerStatusWithoutLiveInfoIsNull(t *testing.T) {
	row := statusRow{serverDetail: serverDetail{Target: Target{ID: 1, Name: "v1"}}}
	for _, f := range statusFields(testNow) {
		if !f.IsNumeric() {
			continue
		}
		if v := f.NumericFrame(row, nil).Fields[0].At(0).(*float64); v != nil {
			t.Errorf("%s = %v without live info or detail, want null", f.Name(), *v)
		}
	}
	if startTime(row.live, testNow) != nil {
		t.Error("startTime without live info, want null")
	}
}
