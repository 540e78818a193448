package query

import (
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestMaintenanceGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 1, Seed: 1})
	rsp := Maintenance(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeMaintenance}))
	checkGolden(t, "maintenance", rsp)
	frame := rsp.Frames[0]
	if n, _ := frame.RowLen(); n != 1 {
		t.Fatalf("%d rows, want the announced window", n)
	}
	start, end := cellTexts(t, frame, "time")[0], cellTexts(t, frame, "timeEnd")[0]
	if start == "" || end <= start {
		t.Errorf("window %s..%s", start, end)
	}
}

func TestMaintenanceEndpointGone(t *testing.T) {
	client, _ := newClientBehind(t, simulator.Options{Servers: 1, Seed: 1}, failingPath("/api/v1/maintenance", http.StatusNotFound))
	rsp := Maintenance(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeMaintenance}))
	checkGolden(t, "maintenance_gone", rsp)
	frame := rsp.Frames[0]
	if n, _ := frame.RowLen(); n != 0 || len(frame.Fields) != 4 {
		t.Errorf("%d rows / %d columns, want an empty four-column table", n, len(frame.Fields))
	}
	notices := frame.Meta.Notices
	if len(notices) != 1 || notices[0].Severity != data.NoticeSeverityInfo || !strings.Contains(notices[0].Text, "deprecated") {
		t.Errorf("notices %+v, want one info about the deprecation", notices)
	}
}

func TestMaintenanceOtherErrorsFail(t *testing.T) {
	client, _ := newClientBehind(t, simulator.Options{Servers: 1, Seed: 1}, failingPath("/api/v1/maintenance", http.StatusBadRequest))
	rsp := Maintenance(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeMaintenance}))
	if rsp.Error == nil || rsp.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("error %v (source %q), want a downstream error", rsp.Error, rsp.ErrorSource)
	}
}

func TestMaintenanceFrameWithoutWindow(t *testing.T) {
	frame := maintenanceFrame(nil, nil)
	if n, _ := frame.RowLen(); n != 0 || frame.Meta.Type != data.FrameTypeTable {
		t.Errorf("no window gave %d rows of %s", n, frame.Meta.Type)
	}
}
