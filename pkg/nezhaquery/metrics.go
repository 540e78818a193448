package nezhaquery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// metricUnits are the units of v2's metrics, which store the state's values: memory,
// swap and disk are bytes used, transfers bytes since boot. Temperature and gpu stay unitless.
var metricUnits = map[string]string{
	"cpu": "percent", "memory": "bytes", "swap": "bytes", "disk": "bytes",
	"net_in_speed": "Bps", "net_out_speed": "Bps", "net_in_transfer": "bytes", "net_out_transfer": "bytes",
	"uptime": "s",
}

// Metrics answers `nezhaMetrics` (v2 only): one timeseries-multi frame per server of a
// metric's history, from the smallest period covering the dashboard range, trimmed to it.
func Metrics(ctx context.Context, client *nezha.Client, req answer.Request) backend.DataResponse {
	metric := strings.ToLower(strings.TrimSpace(req.Query.Metric))
	if metric == "" {
		metric = "cpu"
	}
	if !slices.Contains(nezha.Metrics, metric) {
		return backend.ErrorResponseWithErrorSource(backend.PluginError(fmt.Errorf("unknown Nezha metric %q; use one of %s", metric, strings.Join(nezha.Metrics, ", "))))
	}
	// Checked before any server is read, so a v0 dashboard gets the answer at once.
	version, err := client.Version(ctx)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if version != models.NezhaAPIV2 {
		return backend.ErrorResponseWithErrorSource(backend.PluginError(fmt.Errorf(
			"nezhaMetrics needs a Nezha v2 dashboard (v2.1 or later); this one speaks %s, which keeps no metric history. Use nezhaStatus for the current values", version)))
	}
	win, err := newWindow(req.TimeRange.From, req.TimeRange.To, req.Now, nezha.Period30d.Duration())
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if win.Expired {
		return backend.DataResponse{Frames: data.Frames{answer.Warn(answer.EmptySeries(metric), win.Notice)}}
	}
	servers, err := selectServers(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	results, failures := perServer(ctx, servers, req.Concurrency, func(ctx context.Context, s nezha.Server) (*data.Frame, error) {
		points, err := client.Metrics(ctx, s.ID, metric, win.Period)
		if err != nil {
			return nil, err
		}
		points = win.trimPoints(points)
		if len(points) == 0 {
			return nil, nil
		}
		labels := serverLabels(s)
		return seriesFrame(metric, metric, labels, answer.Legend(req.Query.LegendFormat, s.Name, labels), answer.Unit(metricUnits[metric]), points), nil
	})
	var frames data.Frames
	for _, f := range results {
		if f != nil {
			frames = append(frames, f)
		}
	}
	return seriesResponse(metric, frames, len(results), failures, len(servers), win.Notice)
}

// seriesResponse answers with the servers' frames, or "no data" when the servers that
// answered (answered of selected) had no points in range.
func seriesResponse(name string, frames data.Frames, answered int, failures []answer.Failure[server], selected int, notices ...string) backend.DataResponse {
	if len(frames) == 0 && (answered > 0 || selected == 0) {
		frames = data.Frames{answer.EmptySeries(name)}
	}
	if len(frames) > 0 {
		for _, n := range notices {
			if n != "" {
				answer.Warn(frames[0], n)
			}
		}
	}
	return answer.Respond(frames, failures)
}

// seriesFrame is one series; failed probes (nil values) stay gaps.
func seriesFrame(frameName, fieldName string, labels data.Labels, displayName string, config *data.FieldConfig, points []nezha.Point) *data.Frame {
	times := make([]time.Time, len(points))
	values := make([]*float64, len(points))
	for i, p := range points {
		times[i], values[i] = p.Time, p.Value
	}
	if config == nil {
		config = &data.FieldConfig{}
	}
	config.DisplayNameFromDS = displayName
	return answer.Series(frameName, times, data.NewField(fieldName, labels, values).SetConfig(config))
}
