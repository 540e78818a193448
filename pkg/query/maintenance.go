package query

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Maintenance answers `maintenance`: the announced SCP maintenance window as a one-row table
// (time, timeEnd, title, text: fit for annotations), or no rows when none is announced.
// netcup deprecated the endpoint (removed by 31.12.2026); once it is gone, its 404 gives an
// empty table with a notice instead of an error.
func Maintenance(ctx context.Context, client *scp.Client, _ Request) backend.DataResponse {
	window, err := client.Maintenance(ctx)
	if scp.IsNotFound(err) {
		frame := maintenanceFrame(nil, nil)
		frame.AppendNotices(data.Notice{
			Severity: data.NoticeSeverityInfo,
			Text:     "SCP no longer answers its maintenance endpoint (netcup deprecated it, to be removed by 31.12.2026), so no maintenance window can be shown",
		})
		return backend.DataResponse{Frames: data.Frames{frame}}
	}
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	return backend.DataResponse{Frames: data.Frames{maintenanceFrame(window.StartAt, window.FinishAt)}}
}

func maintenanceFrame(start, finish *time.Time) *data.Frame {
	var starts, ends []*time.Time
	var titles, texts []string
	if start != nil || finish != nil {
		starts, ends = []*time.Time{start}, []*time.Time{finish}
		titles = []string{"SCP maintenance"}
		texts = []string{fmt.Sprintf("netcup SCP maintenance from %s to %s", maintenanceTime(start), maintenanceTime(finish))}
	}
	return tableFrame("maintenance",
		data.NewField("time", nil, starts),
		data.NewField("timeEnd", nil, ends),
		data.NewField("title", nil, titles),
		data.NewField("text", nil, texts),
	)
}

func maintenanceTime(t *time.Time) string {
	if t == nil {
		return "(not announced)"
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}
