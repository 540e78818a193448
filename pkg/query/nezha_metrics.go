package query

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// nezhaMetricUnits are the units of v2's metrics, which store the state's values: memory,
// swap and disk are bytes used, transfers bytes since boot. Temperature and gpu stay unitless.
var nezhaMetricUnits = map[string]string{
	"cpu": "percent", "memory": "bytes", "swap": "bytes", "disk": "bytes",
	"net_in_speed": "Bps", "net_out_speed": "Bps", "net_in_transfer": "bytes", "net_out_transfer": "bytes",
	"uptime": "s",
}

// NezhaMetrics answers `nezhaMetrics` (v2 only): one timeseries-multi frame per server of a
// metric's history, from the smallest period covering the dashboard range, trimmed to it.
func NezhaMetrics(ctx context.Context, client *nezha.Client, req Request) backend.DataResponse {
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
	window, err := nezhaRange(req.TimeRange.From, req.TimeRange.To, req.Now, nezha.Period30d.Duration())
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if window.Expired {
		return backend.DataResponse{Frames: data.Frames{warn(emptyNezhaSeries(metric), window.Notice)}}
	}
	servers, err := selectNezha(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	results, failures := nezhaPerServer(ctx, servers, req.Concurrency, func(ctx context.Context, s nezha.Server) (*data.Frame, error) {
		points, err := client.Metrics(ctx, s.ID, metric, window.Period)
		if err != nil {
			return nil, err
		}
		points = window.trimPoints(points)
		if len(points) == 0 {
			return nil, nil
		}
		labels := nezhaLabels(s)
		return nezhaSeriesFrame(metric, metric, labels, nezhaLegend(req.Query.LegendFormat, s.Name, labels), unit(nezhaMetricUnits[metric]), points), nil
	})
	var frames data.Frames
	for _, f := range results {
		if f != nil {
			frames = append(frames, f)
		}
	}
	return nezhaSeriesResponse(metric, frames, len(results), failures, len(servers), window.Notice)
}

// nezhaSeriesResponse answers with the servers' frames, or "no data" when the servers that
// answered (answered of selected) had no points in range.
func nezhaSeriesResponse(name string, frames data.Frames, answered int, failures []serverFailure, selected int, notices ...string) backend.DataResponse {
	if len(frames) == 0 && (answered > 0 || selected == 0) {
		frames = data.Frames{emptyNezhaSeries(name)}
	}
	if len(frames) > 0 {
		for _, n := range notices {
			if n != "" {
				warn(frames[0], n)
			}
		}
	}
	return respond(frames, failures)
}

// nezhaSeriesFrame is one series; failed probes (nil values) stay gaps.
func nezhaSeriesFrame(frameName, fieldName string, labels data.Labels, displayName string, config *data.FieldConfig, points []nezha.Point) *data.Frame {
	times := make([]time.Time, len(points))
	values := make([]*float64, len(points))
	for i, p := range points {
		times[i], values[i] = p.Time, p.Value
	}
	if config == nil {
		config = &data.FieldConfig{}
	}
	config.DisplayNameFromDS = displayName
	frame := data.NewFrame(frameName, data.NewField("time", nil, times), data.NewField(fieldName, labels, values).SetConfig(config))
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: dataplane}
	return frame
}

// emptyNezhaSeries is the dataplane's "no data" answer: a typed frame without fields.
func emptyNezhaSeries(name string) *data.Frame {
	frame := data.NewFrame(name)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: dataplane}
	return frame
}
