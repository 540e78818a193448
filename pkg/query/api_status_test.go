package query

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// statusValues reads the up and latency frames of an apiStatus response.
func statusValues(t *testing.T, frames data.Frames) (up float64, latency *float64) {
	t.Helper()
	if len(frames) != 2 || frames[0].Name != "up" || frames[1].Name != "latency" {
		t.Fatalf("want the frames up and latency, got %d", len(frames))
	}
	for _, f := range frames {
		if f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 || f.Fields[0].Len() != 1 {
			t.Fatalf("frame %s is not one numeric-multi value", f.Name)
		}
	}
	upValue, _ := frames[0].Fields[0].ConcreteAt(0)
	latency, _ = frames[1].Fields[0].At(0).(*float64)
	return upValue.(float64), latency
}

func TestAPIStatusGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := APIStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeAPIStatus}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	up, latency := statusValues(t, rsp.Frames)
	if up != 1 || latency == nil || *latency <= 0 || *latency > 10000 {
		t.Fatalf("up=%v latency=%v, want 1 and a measured latency", up, latency)
	}
	if unit := rsp.Frames[1].Fields[0].Config.Unit; unit != "ms" {
		t.Errorf("latency unit %q, want ms", unit)
	}
	fixed := 12.5 // wall time varies; pin it for the golden file
	rsp.Frames[1].Fields[0].Set(0, &fixed)
	answertest.CheckGolden(t, "apiStatus", rsp)
}

func TestAPIStatusMeasuresLatency(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1, Faults: simulator.Faults{Latency: 40 * time.Millisecond}})
	rsp := APIStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeAPIStatus}))
	if _, latency := statusValues(t, rsp.Frames); latency == nil || *latency < 40 {
		t.Errorf("latency %v ms with a 40 ms delay", latency)
	}
}

func TestAPIStatusDown(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1, Faults: simulator.Faults{PingDown: true}})
	rsp := APIStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeAPIStatus}))
	if rsp.Error != nil {
		t.Fatalf("SCP down gave an error, want up=0: %v", rsp.Error)
	}
	answertest.CheckGolden(t, "apiStatus_down", rsp)
	up, latency := statusValues(t, rsp.Frames)
	if up != 0 || latency != nil {
		t.Errorf("up=%v latency=%v, want 0 and null", up, latency)
	}
	if text := allNoticeTexts(rsp.Frames); !strings.Contains(text, "503") {
		t.Errorf("notice %q does not say why", text)
	}
}

func TestAPIStatusUnreachable(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	rsp := APIStatus(cancelled, client, newRequest(models.Query{QueryType: models.QueryTypeAPIStatus}))
	if up, _ := statusValues(t, rsp.Frames); rsp.Error != nil || up != 0 {
		t.Errorf("up=%v err=%v, want 0 and no error", up, rsp.Error)
	}
}

func TestAPIStatusFieldPicksOneSeriesForAlerts(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	for field, want := range map[string]string{"up": "up", "latency": "latency"} {
		rsp := APIStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeAPIStatus, Field: field}))
		if rsp.Error != nil || len(rsp.Frames) != 1 || rsp.Frames[0].Name != want {
			t.Errorf("field %s: %v, %d frames, want only %s", field, rsp.Error, len(rsp.Frames), want)
		}
	}
	rsp := APIStatus(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeAPIStatus, Field: "speed"}))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourcePlugin {
		t.Errorf("unknown field: %v (%s), want a plugin error", rsp.Error, rsp.ErrorSource)
	}
}
