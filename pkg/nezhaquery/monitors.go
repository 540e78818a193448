package nezhaquery

import (
	"context"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// v0MonitorHistory is all v0 answers: the last 24 hours.
const v0MonitorHistory = 24 * time.Hour

// Monitors answers `nezhaMonitors`: one timeseries-multi frame per monitor and server
// with the ICMP/TCPing delay in ms, trimmed to the dashboard range. Failed probes are gaps (v2).
func Monitors(ctx context.Context, client *nezha.Client, req answer.Request) backend.DataResponse {
	version, err := client.Version(ctx)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	keep := nezha.Period30d.Duration()
	if version != models.NezhaAPIV2 {
		keep = v0MonitorHistory
	}
	win, err := newWindow(req.TimeRange.From, req.TimeRange.To, req.Now, keep)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if win.Expired {
		return backend.DataResponse{Frames: data.Frames{answer.Warn(answer.EmptySeries("delay"), win.Notice)}}
	}
	servers, err := selectServers(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	results, failures := perServer(ctx, servers, req.Concurrency, func(ctx context.Context, s nezha.Server) (data.Frames, error) {
		series, err := client.Monitors(ctx, s.ID, win.Period)
		if err != nil {
			return nil, err
		}
		var frames data.Frames
		for _, m := range series {
			points := win.trimPoints(m.Points)
			if len(points) == 0 {
				continue
			}
			labels := serverLabels(s, "monitor_id", strconv.FormatUint(m.MonitorID, 10), "monitor", m.MonitorName)
			name := answer.Legend(req.Query.LegendFormat, s.Name+" "+m.MonitorName, labels)
			frames = append(frames, seriesFrame(m.MonitorName, "delay", labels, name, answer.Unit("ms"), points))
		}
		return frames, nil
	})
	var flat data.Frames
	for _, frames := range results {
		flat = append(flat, frames...)
	}
	return seriesResponse("delay", flat, len(results), failures, len(servers), win.Notice)
}
