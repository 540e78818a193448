package query

import (
	"context"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// v0MonitorHistory is all v0 answers: the last 24 hours.
const v0MonitorHistory = 24 * time.Hour

// NezhaMonitors answers `nezhaMonitors`: one timeseries-multi frame per monitor and server
// with the ICMP/TCPing delay in ms, trimmed to the dashboard range. Failed probes are gaps (v2).
func NezhaMonitors(ctx context.Context, client *nezha.Client, req Request) backend.DataResponse {
	version, err := client.Version(ctx)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	keep := nezha.Period30d.Duration()
	if version != models.NezhaAPIV2 {
		keep = v0MonitorHistory
	}
	window, err := nezhaRange(req.TimeRange.From, req.TimeRange.To, req.Now, keep)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if window.Expired {
		return backend.DataResponse{Frames: data.Frames{warn(emptyNezhaSeries("delay"), window.Notice)}}
	}
	servers, err := selectNezha(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	results, failures := nezhaPerServer(ctx, servers, req.Concurrency, func(ctx context.Context, s nezha.Server) (data.Frames, error) {
		series, err := client.Monitors(ctx, s.ID, window.Period)
		if err != nil {
			return nil, err
		}
		var frames data.Frames
		for _, m := range series {
			points := window.trimPoints(m.Points)
			if len(points) == 0 {
				continue
			}
			labels := nezhaLabels(s, "monitor_id", strconv.FormatUint(m.MonitorID, 10), "monitor", m.MonitorName)
			name := nezhaLegend(req.Query.LegendFormat, s.Name+" "+m.MonitorName, labels)
			frames = append(frames, nezhaSeriesFrame(m.MonitorName, "delay", labels, name, unit("ms"), points))
		}
		return frames, nil
	})
	var flat data.Frames
	for _, frames := range results {
		flat = append(flat, frames...)
	}
	return nezhaSeriesResponse("delay", flat, len(results), failures, len(servers), window.Notice)
}
