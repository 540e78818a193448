package query

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Units: SCP documents none. Network B/s and packets/s are only inferred, CPU "ops/s per core"
// and disk "IOPS" are unconfirmed claims, so no series gets a unit; users can set one on the
// panel once they trust it.

// Metrics answers `metrics`: one timeseries-multi frame per series (server × key) of the
// cpu, disk, network or packet endpoint over the dashboard range.
func Metrics(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	kind, err := metricKind(req.Query.Metric)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	window, err := rangeToHours(req.TimeRange.From, req.TimeRange.To, req.Now)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if window.Expired {
		return backend.DataResponse{Frames: data.Frames{answer.Warn(answer.EmptySeries(string(kind)), window.Notice)}}
	}
	targets, err := SelectServers(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	results, failures := answer.PerTarget(ctx, targets, req.Concurrency, func(ctx context.Context, t Target) (serverSeries, error) {
		m, err := client.Metrics(ctx, t.ID, kind, window.Hours)
		if err != nil {
			return serverSeries{}, err
		}
		return seriesFrames(t, kind, m, window, req), nil
	})

	var frames data.Frames
	var notices []string
	if window.Notice != "" {
		notices = append(notices, window.Notice)
	}
	for _, r := range results {
		frames = append(frames, r.frames...)
		notices = append(notices, r.notices...)
	}
	// Servers that answered without points in range still make an (empty) answer.
	if len(frames) == 0 && (len(results) > 0 || len(targets) == 0) {
		frames = data.Frames{answer.EmptySeries(string(kind))}
	}
	if len(frames) > 0 {
		answer.Warn(frames[0], notices...)
	}
	return answer.Respond(frames, failures)
}

// metricKind validates q.Metric; empty means cpu.
func metricKind(name string) (scp.MetricKind, error) {
	if name = strings.ToLower(strings.TrimSpace(name)); name == "" {
		return scp.MetricCPU, nil
	}
	if kind := scp.MetricKind(name); slices.Contains(scp.MetricKinds, kind) {
		return kind, nil
	}
	valid := make([]string, len(scp.MetricKinds))
	for i, k := range scp.MetricKinds {
		valid[i] = string(k)
	}
	return "", backend.PluginError(fmt.Errorf("unknown metric %q; use one of %s", name, strings.Join(valid, ", ")))
}

// serverSeries is one server's frames plus what went wrong reading them.
type serverSeries struct {
	frames  data.Frames
	notices []string
}

// seriesFrames turns one server's parsed metrics into frames in key order, trimmed to the
// window and averaged into buckets when the range holds more points than the panel asked for.
func seriesFrames(t Target, kind scp.MetricKind, parsed parsedMetrics, w metricWindow, req answer.Request) serverSeries {
	var out serverSeries
	if n := len(parsed.Unreadable); n > 0 {
		out.notices = append(out.notices, fmt.Sprintf("skipped %d %s metric timestamps of %s (id %d) that are not ISO-8601, e.g. %q", n, kind, t.Name, t.ID, parsed.Unreadable[0]))
	}
	for _, key := range sortedKeys(parsed) {
		points := trim(parsed.Series[key], w)
		if len(points) == 0 {
			continue
		}
		points = downsample(points, bucketWidth(w, req.MaxDataPoints, req.Interval, len(points)))
		device, direction := splitKey(key)
		labels := t.Labels("device", device)
		if direction != "" {
			labels["direction"] = direction
		}
		out.frames = append(out.frames, seriesFrame(kind, labels, legendName(req.Query.LegendFormat, t, labels), points))
	}
	return out
}

func seriesFrame(kind scp.MetricKind, labels data.Labels, name string, points []point) *data.Frame {
	times := make([]time.Time, len(points))
	values := make([]float64, len(points))
	for i, p := range points {
		times[i], values[i] = p.T, p.V
	}
	value := data.NewField(string(kind), labels, values).SetConfig(&data.FieldConfig{DisplayNameFromDS: name})
	return answer.Series(string(kind), times, value)
}
