package query

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Maintenance answers `maintenance`: the announced SCP maintenance window as a one-row table
// (time, timeEnd, title, text: fit for annotations), or no rows when none is announced. With
// a field it is one number for alert rules instead (see maintenanceFields).
// netcup deprecated the endpoint (removed by 31.12.2026); once it is gone, its 404 gives an
// empty answer with a notice instead of an error.
func Maintenance(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	frameOf := maintenanceFrame
	if req.Query.Field != "" {
		field, err := answer.Pick(maintenanceFields(req.Now), models.QueryTypeMaintenance, req.Query.Field)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		frameOf = func(w maintenanceWindow) *data.Frame { return field.NumericFrame(w, nil) }
	}
	announced, err := client.Maintenance(ctx)
	if scp.IsNotFound(err) {
		frame := frameOf(maintenanceWindow{})
		frame.AppendNotices(data.Notice{
			Severity: data.NoticeSeverityInfo,
			Text:     "SCP no longer answers its maintenance endpoint (netcup deprecated it, to be removed by 31.12.2026), so no maintenance window can be shown",
		})
		return backend.DataResponse{Frames: data.Frames{frame}}
	}
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	return backend.DataResponse{Frames: data.Frames{frameOf(maintenanceWindow{start: announced.StartAt, finish: announced.FinishAt})}}
}

// maintenanceWindow is SCP's announcement; either end may be missing.
type maintenanceWindow struct {
	start, finish *time.Time
}

// maintenanceFields are the window as the exporter publishes it, start and finish in epoch
// milliseconds, plus the seconds until it starts for a "maintenance tomorrow" rule. The
// window is the account's, not a server's, so the numbers carry no labels.
func maintenanceFields(now time.Time) []answer.Field[maintenanceWindow] {
	return []answer.Field[maintenanceWindow]{
		timeField("startTime", func(w maintenanceWindow) *time.Time { return w.start }),
		timeField("finishTime", func(w maintenanceWindow) *time.Time { return w.finish }),
		secondsField("secondsUntilStart", func(w maintenanceWindow) *time.Duration { return untilStart(w.start, now) }),
	}
}

// untilStart is null when no start is announced and once it has passed: the rule warns of
// the next maintenance, and a running one is no longer news (finishTime says when it ends).
func untilStart(start *time.Time, now time.Time) *time.Duration {
	if start == nil || !start.After(now) {
		return nil
	}
	d := start.Sub(now)
	return &d
}

func maintenanceFrame(w maintenanceWindow) *data.Frame {
	var starts, ends []*time.Time
	var titles, texts []string
	if w.start != nil || w.finish != nil {
		starts, ends = []*time.Time{w.start}, []*time.Time{w.finish}
		titles = []string{"SCP maintenance"}
		texts = []string{fmt.Sprintf("netcup SCP maintenance from %s to %s", maintenanceTime(w.start), maintenanceTime(w.finish))}
	}
	return answer.Table("maintenance",
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
