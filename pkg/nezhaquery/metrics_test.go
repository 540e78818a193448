package nezhaquery

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestMetricsGolden(t *testing.T) {
	client, _ := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 4, Seed: 1})
	rsp := Metrics(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMetrics, Metric: "cpu"}, 2*time.Hour))
	answertest.CheckGolden(t, "metrics_cpu_v2", rsp)
	rsp = Metrics(ctx, client, requestOver(models.Query{QueryType: models.QueryTypeNezhaMetrics, Metric: "net_in_speed", LegendFormat: "{{server}} in ({{tag}})"}, time.Hour))
	answertest.CheckGolden(t, "metrics_net_in_speed_v2", rsp)
}

// The period is the smallest of 1d/7d/30d reaching back to the range's start, and the points
// are trimmed to the range.
func TestMetricsPeriodAndTrim(t *testing.T) {
	cases := []struct {
		span       time.Duration
		wantPeriod string
		step       time.Duration
		notice     bool
	}{
		{6 * time.Hour, "1d", 5 * time.Minute, false},
		{24 * time.Hour, "1d", 5 * time.Minute, false},
		{3 * 24 * time.Hour, "7d", 30 * time.Minute, false},
		{20 * 24 * time.Hour, "30d", 2 * time.Hour, false},
		{45 * 24 * time.Hour, "30d", 2 * time.Hour, true},
	}
	for _, c := range cases {
		t.Run(c.span.String(), func(t *testing.T) {
			client, sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 2, Seed: 5})
			req := requestOver(models.Query{QueryType: models.QueryTypeNezhaMetrics, Metric: "memory", ServerMode: models.ServerModeIDs, ServerIDs: []string{"1"}}, c.span)
			rsp := Metrics(ctx, client, req)
			if rsp.Error != nil || len(rsp.Frames) != 1 {
				t.Fatalf("%v, %d frames", rsp.Error, len(rsp.Frames))
			}
			var periods []string
			for _, call := range sim.CallLog() {
				if strings.HasSuffix(call.Path, "/metrics") {
					periods = append(periods, call.RawQuery)
				}
			}
			if len(periods) != 1 || !strings.Contains(periods[0], "period="+c.wantPeriod) {
				t.Fatalf("metric calls %v, want one with period=%s", periods, c.wantPeriod)
			}
			frame := rsp.Frames[0]
			times := frame.Fields[0]
			first, last := times.At(0).(time.Time), times.At(times.Len()-1).(time.Time)
			if first.Before(req.TimeRange.From) || last.After(req.TimeRange.To) {
				t.Errorf("points %s..%s outside the range %s..%s", first, last, req.TimeRange.From, req.TimeRange.To)
			}
			if gap := times.At(1).(time.Time).Sub(first); gap != c.step {
				t.Errorf("point spacing %s, want %s", gap, c.step)
			}
			if frame.Fields[1].Config.Unit != "bytes" {
				t.Errorf("memory unit %q", frame.Fields[1].Config.Unit)
			}
			if hasNotice := frame.Meta != nil && len(frame.Meta.Notices) > 0; hasNotice != c.notice {
				t.Errorf("notice = %v, want %v", frame.Meta.Notices, c.notice)
			}
		})
	}
}

func TestMetricsRangeBeyondHistoryAsksNothing(t *testing.T) {
	client, sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 2})
	req := newRequest(models.Query{QueryType: models.QueryTypeNezhaMetrics})
	req.TimeRange = backend.TimeRange{From: testNow.Add(-60 * 24 * time.Hour), To: testNow.Add(-40 * 24 * time.Hour)}
	rsp := Metrics(ctx, client, req)
	if rsp.Error != nil || len(rsp.Frames) != 1 || len(rsp.Frames[0].Fields) != 0 {
		t.Fatalf("want one empty frame, got %v %v", rsp.Error, rsp.Frames)
	}
	if !strings.Contains(rsp.Frames[0].Meta.Notices[0].Text, "30 days") {
		t.Errorf("notice %q", rsp.Frames[0].Meta.Notices[0].Text)
	}
	if n := sim.TotalCalls(); n != 0 {
		t.Errorf("%d calls for a range Nezha cannot have", n)
	}
}

func TestMetricsNeverReportedServerIsNoData(t *testing.T) {
	client, sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 3})
	never := sim.NeverReportedIDs()[0]
	rsp := Metrics(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeNezhaMetrics, ServerMode: models.ServerModeIDs, ServerIDs: []string{idString(never)}}))
	if rsp.Error != nil || len(rsp.Frames) != 1 || len(rsp.Frames[0].Fields) != 0 {
		t.Fatalf("want one empty frame, got %v %v", rsp.Error, rsp.Frames)
	}
	if rsp.Frames[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Errorf("empty frame type %s", rsp.Frames[0].Meta.Type)
	}
}

func TestMetricsBadInput(t *testing.T) {
	v2, v2Sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV2, Servers: 2})
	v0, v0Sim := newEnv(t, simulator.NezhaOptions{Version: models.NezhaAPIV0, Servers: 2})
	future := newRequest(models.Query{QueryType: models.QueryTypeNezhaMetrics})
	future.TimeRange = backend.TimeRange{From: testNow.Add(time.Hour), To: testNow.Add(2 * time.Hour)}
	cases := map[string]struct {
		rsp  backend.DataResponse
		want string
	}{
		"unknown metric": {Metrics(ctx, v2, newRequest(models.Query{QueryType: models.QueryTypeNezhaMetrics, Metric: "iops"})), `unknown Nezha metric "iops"; use one of cpu, memory`},
		"future range":   {Metrics(ctx, v2, future), "starts in the future"},
		"v0 dashboard":   {Metrics(ctx, v0, newRequest(models.Query{QueryType: models.QueryTypeNezhaMetrics})), "needs a Nezha v2 dashboard"},
	}
	for name, c := range cases {
		if c.rsp.Error == nil || !strings.Contains(c.rsp.Error.Error(), c.want) || c.rsp.ErrorSource != backend.ErrorSourcePlugin {
			t.Errorf("%s: got %v (%s), want a plugin error containing %q", name, c.rsp.Error, c.rsp.ErrorSource, c.want)
		}
	}
	if n := v2Sim.TotalCalls() + v0Sim.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls", n)
	}
}
