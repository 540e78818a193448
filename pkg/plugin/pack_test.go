package plugin

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
)

func series(name string, times []time.Time, server string, values ...float64) *data.Frame {
	v := data.NewField(name, data.Labels{"server": server}, values).SetConfig(&data.FieldConfig{DisplayNameFromDS: server + " " + name})
	return answer.Series(name, times, v)
}

func value(name, server string, v float64) *data.Frame {
	return answer.Numeric(name, data.Labels{"server": server}, &v, answer.Unit("bytes"))
}

func TestPackForPanel(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	grid := []time.Time{t0, t0.Add(10 * time.Minute)}
	gap := []time.Time{t0.Add(10 * time.Minute)}
	table := answer.Table("servers", data.NewField("id", nil, []int64{1, 2}))
	first := series("cpu", grid, "web1", 1, 2)
	answer.Warn(first, "a notice")
	frames := data.Frames{
		first, table, series("cpu", grid, "web2", 3, 4), series("cpu", gap, "web3", 5),
		value("server total", "web1", 10), value("interface total", "web1", 4), value("server total", "web2", 20),
	}
	packed := packForPanel(frames)

	want := []struct {
		kind   data.FrameType
		name   string
		fields int
	}{
		{data.FrameTypeTimeSeriesWide, "cpu", 3},           // web1 and web2 share their timestamps
		{data.FrameTypeTable, "servers", 1},                // untouched, in its place
		{data.FrameTypeTimeSeriesMulti, "cpu", 2},          // web3 has other timestamps
		{data.FrameTypeNumericWide, "server total", 2},     // two servers' values of one name
		{data.FrameTypeNumericMulti, "interface total", 1}, // alone under its name: unchanged
	}
	if len(packed) != len(want) {
		t.Fatalf("%d frames, want %d", len(packed), len(want))
	}
	for i, w := range want {
		f := packed[i]
		if f.Meta.Type != w.kind || f.Name != w.name || len(f.Fields) != w.fields {
			t.Errorf("frame %d: %s %q with %d fields, want %s %q with %d", i, f.Meta.Type, f.Name, len(f.Fields), w.kind, w.name, w.fields)
		}
	}
	wide := packed[0]
	if got := wide.Fields[2].Labels["server"]; got != "web2" || wide.Fields[2].Config.DisplayNameFromDS != "web2 cpu" {
		t.Errorf("the second series lost its labels or name: %v %+v", wide.Fields[2].Labels, wide.Fields[2].Config)
	}
	if len(wide.Meta.Notices) != 1 || wide.Meta.Notices[0].Text != "a notice" {
		t.Errorf("notices = %+v, want the first series' notice once", wide.Meta.Notices)
	}
	if v, _ := packed[3].Fields[1].ConcreteAt(0); v != 20.0 {
		t.Errorf("the second value = %v, want 20", v)
	}
}

func TestOnlyPanelsGetPackedAnswers(t *testing.T) {
	cases := map[string]struct {
		headers map[string]string
		want    bool
	}{
		"panel":                    {map[string]string{"http_X-Panel-Id": "4"}, true},
		"Explore":                  {map[string]string{}, false},
		"alert rule":               {map[string]string{"FromAlert": "true"}, false},
		"panel with an expression": {map[string]string{"http_X-Panel-Id": "4", "http_X-Grafana-From-Expr": "true"}, false},
		"alert rule of a panel":    {map[string]string{"http_X-Panel-Id": "4", "FromAlert": "true"}, false},
	}
	for name, tc := range cases {
		if got := forPanel(&backend.QueryDataRequest{Headers: tc.headers}); got != tc.want {
			t.Errorf("%s: packed %v, want %v", name, got, tc.want)
		}
	}
}
