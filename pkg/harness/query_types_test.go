package harness

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestEveryQueryTypeThroughTheExecutable runs each query type in the compiled plugin and checks
// the dataplane type of what comes back.
func TestEveryQueryTypeThroughTheExecutable(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const servers = 6
	sim, url := startSimulator(t, simulator.Options{Servers: servers, Seed: 3})
	ds := dataSourceFor(url, sim.RefreshToken())
	ds.JSONData["rawAccess"] = "all" // the user log is account data
	first := fmt.Sprint(sim.ServerIDs()[0])

	cases := []struct {
		model map[string]any
		want  data.FrameType
		// perServer: numeric or series frames carry server labels, at least one per server.
		perServer bool
	}{
		{map[string]any{"queryType": "servers"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "serverStatus"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "serverStatus", "field": "running"}, data.FrameTypeNumericMulti, true},
		{map[string]any{"queryType": "disks"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "disks", "field": "usedPercent"}, data.FrameTypeNumericMulti, true},
		{map[string]any{"queryType": "interfaces"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "interfaces", "field": "throttled"}, data.FrameTypeNumericMulti, true},
		{map[string]any{"queryType": "traffic"}, data.FrameTypeNumericMulti, true},
		{map[string]any{"queryType": "metrics", "metric": "cpu"}, data.FrameTypeTimeSeriesMulti, true},
		{map[string]any{"queryType": "metrics", "metric": "disk"}, data.FrameTypeTimeSeriesMulti, true},
		{map[string]any{"queryType": "metrics", "metric": "network"}, data.FrameTypeTimeSeriesMulti, true},
		{map[string]any{"queryType": "metrics", "metric": "packet"}, data.FrameTypeTimeSeriesMulti, true},
		{map[string]any{"queryType": "snapshots"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "tasks"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "maintenance"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "logs"}, data.FrameTypeLogLines, false},
		{map[string]any{"queryType": "logs", "logSource": "user"}, data.FrameTypeLogLines, false},
		{map[string]any{"queryType": "ips"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "guestAgent"}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "apiStatus"}, data.FrameTypeNumericMulti, false},
		{map[string]any{"queryType": "raw", "path": "/api/v1/servers/{serverId}/disks", "params": map[string]string{"serverId": first}}, data.FrameTypeTable, false},
		{map[string]any{"queryType": "variable", "variableKind": "servers"}, data.FrameTypeTable, false},
	}
	now := time.Now()
	var queries []Query
	for i, c := range cases {
		queries = append(queries, Query{RefID: fmt.Sprint("Q", i), JSON: c.model, From: now.Add(-7 * 24 * time.Hour), To: now, MaxDataPoints: 500, Interval: time.Minute})
	}
	rsp, err := p.QueryData(ctx, ds, queries...)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		res := rsp.Responses[fmt.Sprint("Q", i)]
		name := fmt.Sprint(c.model)
		if res.Error != nil {
			t.Errorf("%s: %v", name, res.Error)
			continue
		}
		if len(res.Frames) == 0 {
			t.Errorf("%s: no frames", name)
			continue
		}
		labelled := map[string]bool{}
		for _, f := range res.Frames {
			if f.Meta == nil || f.Meta.Type != c.want {
				t.Errorf("%s: frame %q has type %v, want %s", name, f.Name, f.Meta, c.want)
				break
			}
			if rows, _ := f.RowLen(); rows == 0 && c.want != data.FrameTypeTimeSeriesMulti {
				t.Errorf("%s: frame %q is empty", name, f.Name)
			}
			for _, field := range f.Fields {
				if id := field.Labels["server_id"]; id != "" {
					labelled[id] = true
				}
			}
		}
		if c.perServer && len(labelled) != servers {
			t.Errorf("%s: frames carry server_id labels for %d servers, want %d", name, len(labelled), servers)
		}
	}
	// A 7-day dashboard range asks SCP for hours=168.
	for _, call := range sim.CallLog() {
		if strings.Contains(call.Path, "/metrics/") && call.RawQuery != "hours=168" {
			t.Errorf("metrics call %s?%s, want hours=168 for a 7-day range", call.Path, call.RawQuery)
		}
	}
}

// TestBadInputGetsItsOwnMessage sends every kind of bad query beside a good one in one request.
func TestBadInputGetsItsOwnMessage(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 4})
	ds := dataSourceFor(url, sim.RefreshToken())
	now := time.Now()
	q := func(refID string, model map[string]any) Query {
		return Query{RefID: refID, JSON: model, From: now.Add(-time.Hour), To: now}
	}
	cases := map[string]struct {
		query  Query
		want   string
		source backend.ErrorSource
	}{
		"unknownType":   {q("unknownType", map[string]any{"queryType": "nope"}), `unknown query type "nope"`, backend.ErrorSourcePlugin},
		"unknownServer": {q("unknownServer", map[string]any{"queryType": "serverStatus", "serverIds": []string{"4242"}}), "server id 4242", backend.ErrorSourcePlugin},
		"badHours":      {q("badHours", map[string]any{"queryType": "raw", "path": "/api/v1/servers/{serverId}/metrics/cpu", "params": map[string]string{"serverId": fmt.Sprint(sim.ServerIDs()[0]), "hours": "5000"}}), "hours", backend.ErrorSourcePlugin},
		"rawPost":       {q("rawPost", map[string]any{"queryType": "raw", "path": "/api/v1/servers/{serverId}/storageoptimization", "params": map[string]string{"serverId": "1"}}), "POST", backend.ErrorSourcePlugin},
		"notFound":      {q("notFound", map[string]any{"queryType": "raw", "path": "/api/v1/tasks/{uuid}", "params": map[string]string{"uuid": "no-such-task"}}), "not found", backend.ErrorSourceDownstream},
		"badField":      {q("badField", map[string]any{"queryType": "serverStatus", "field": "colour"}), "colour", backend.ErrorSourcePlugin},
		"badRegex":      {q("badRegex", map[string]any{"queryType": "serverStatus", "serverMode": "regex", "serverRegex": "("}), "regex", backend.ErrorSourcePlugin},
	}
	queries := []Query{q("good", map[string]any{"queryType": "servers"})}
	for _, c := range cases {
		queries = append(queries, c.query)
	}
	rsp, err := p.QueryData(ctx, ds, queries...)
	if err != nil {
		t.Fatal(err)
	}
	if good := rsp.Responses["good"]; good.Error != nil || len(good.Frames) == 0 {
		t.Fatalf("the good sibling query failed: %v", good.Error)
	}
	messages := map[string]string{}
	for refID, c := range cases {
		res := rsp.Responses[refID]
		if res.Error == nil || !strings.Contains(res.Error.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", refID, res.Error, c.want)
			continue
		}
		if res.ErrorSource != c.source {
			t.Errorf("%s: error source %q, want %q", refID, res.ErrorSource, c.source)
		}
		if other, dup := messages[res.Error.Error()]; dup {
			t.Errorf("%s and %s share the message %q", refID, other, res.Error)
		}
		messages[res.Error.Error()] = refID
	}

	// Malformed JSON cannot be built with a map, so it goes raw.
	raw, err := p.QueryData(ctx, ds, q("good", map[string]any{"queryType": "servers"}))
	if err != nil || raw.Responses["good"].Error != nil {
		t.Fatalf("%v %v", err, raw.Responses["good"].Error)
	}
}

// TestPastDayRangeAsksFor72Hours: "from 3 days ago to 2 days ago" reads hours=72 and keeps only
// the points inside that day.
func TestPastDayRangeAsksFor72Hours(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 2})
	ds := dataSourceFor(url, sim.RefreshToken())
	now := time.Now()
	from, to := now.Add(-72*time.Hour), now.Add(-48*time.Hour)
	rsp, err := p.QueryData(ctx, ds, Query{RefID: "A", JSON: map[string]any{"queryType": "metrics", "metric": "cpu"}, From: from, To: to, MaxDataPoints: 1000, Interval: time.Minute})
	if err != nil || rsp.Responses["A"].Error != nil {
		t.Fatalf("%v %v", err, rsp.Responses["A"].Error)
	}
	for _, call := range sim.CallLog() {
		if strings.Contains(call.Path, "/metrics/cpu") && call.RawQuery != "hours=72" {
			t.Errorf("asked %s?%s, want hours=72", call.Path, call.RawQuery)
		}
	}
	points := 0
	for _, f := range rsp.Responses["A"].Frames {
		times := f.Fields[0]
		for i := 0; i < times.Len(); i++ {
			at := times.At(i).(time.Time)
			if at.Before(from) || at.After(to) {
				t.Fatalf("point at %s lies outside %s..%s", at, from, to)
			}
			points++
		}
	}
	if points == 0 {
		t.Fatal("no points inside the day")
	}
}
