package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestSubscribeStreamAcceptsOnlyTheDataSourcesChannels(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 3})
	sim.AddUser("other", 1, 3)
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken()))
	ctx := context.Background()
	cases := map[string]backend.SubscribeStreamStatus{
		"tasks": backend.SubscribeStreamStatusOK,
		fmt.Sprintf("servers/%d/state", sim.ServerIDs()[1]):          backend.SubscribeStreamStatusOK,
		fmt.Sprintf("servers/%d/state", sim.ServerIDsOf("other")[0]): backend.SubscribeStreamStatusNotFound,
		"servers/0/state":           backend.SubscribeStreamStatusNotFound,
		"servers/abc/state":         backend.SubscribeStreamStatusNotFound,
		"servers/99999999999/state": backend.SubscribeStreamStatusNotFound,
		"servers":                   backend.SubscribeStreamStatusNotFound,
		"tasks/extra":               backend.SubscribeStreamStatusNotFound,
	}
	for path, want := range cases {
		rsp, err := ds.SubscribeStream(ctx, &backend.SubscribeStreamRequest{Path: path})
		if err != nil || rsp.Status != want {
			t.Errorf("%s: %+v, %v; want status %v", path, rsp, err, want)
		}
	}
	pub, err := ds.PublishStream(ctx, &backend.PublishStreamRequest{Path: "tasks", Data: json.RawMessage(`{}`)})
	if err != nil || pub.Status != backend.PublishStreamStatusPermissionDenied {
		t.Errorf("publish: %+v, %v; want permission denied", pub, err)
	}

	nezha := newTestDatasource(t, backend.DataSourceInstanceSettings{UID: "nezha", JSONData: []byte(`{"provider":"nezha","nezhaUrl":"http://127.0.0.1:1"}`),
		DecryptedSecureJSONData: map[string]string{"nezhaToken": "t"}})
	if rsp, err := nezha.SubscribeStream(ctx, &backend.SubscribeStreamRequest{Path: "tasks"}); err != nil || rsp.Status != backend.SubscribeStreamStatusNotFound {
		t.Errorf("a Nezha data source offered tasks: %+v, %v", rsp, err)
	}
}

func TestLiveIntervalSetting(t *testing.T) {
	for setting, want := range map[string]time.Duration{`{}`: 5 * time.Second, `{"liveIntervalSeconds":2}`: 2 * time.Second, `{"liveIntervalSeconds":0}`: 0} {
		settings, err := models.LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(setting)})
		if err != nil || settings.LiveInterval() != want {
			t.Errorf("%s: interval %s (%v), want %s", setting, settings.LiveInterval(), err, want)
		}
	}
}

func TestLiveOffRefusesStreamsAndLeavesQueriesStatic(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 2})
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken(), map[string]any{"liveIntervalSeconds": 0}))
	ctx := context.Background()
	_, err := ds.SubscribeStream(ctx, &backend.SubscribeStreamRequest{Path: "tasks"})
	if err == nil || !strings.Contains(err.Error(), "liveIntervalSeconds") {
		t.Errorf("subscribing with Live off: %v, want an error naming liveIntervalSeconds", err)
	}
	if err := ds.RunStream(ctx, &backend.RunStreamRequest{Path: "tasks"}, nil); err == nil || !strings.Contains(err.Error(), "liveIntervalSeconds") {
		t.Errorf("running a stream with Live off: %v", err)
	}
	res := queryOne(t, ds, nil, `{"queryType":"tasks","live":true}`)
	if len(res.Frames) != 1 || res.Frames[0].Meta.Channel != "" {
		t.Fatalf("a live query with Live off: %d frames, channel %q", len(res.Frames), res.Frames[0].Meta.Channel)
	}
	if _, i := res.Frames[0].FieldByName("title"); i < 0 {
		t.Error("a live query with Live off is not the tasks table")
	}
}

// queryOne runs one query of the given JSON with the request headers Grafana would set.
func queryOne(t *testing.T, ds *Datasource, headers map[string]string, query string) backend.DataResponse {
	t.Helper()
	var model struct {
		QueryType string `json:"queryType"`
	}
	if err := json.Unmarshal([]byte(query), &model); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	rsp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{
		PluginContext: backend.PluginContext{DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: "scp"}},
		Headers:       headers,
		Queries: []backend.DataQuery{{RefID: "A", QueryType: model.QueryType, JSON: []byte(query),
			TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	res := rsp.Responses["A"]
	if res.Error != nil {
		t.Fatalf("%s: %v", query, res.Error)
	}
	return res
}

func TestLiveQueriesNameTheirChannels(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 4})
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken()))
	ids := sim.ServerIDs()

	tasks := queryOne(t, ds, nil, `{"queryType":"tasks","live":true}`)
	if len(tasks.Frames) != 1 || tasks.Frames[0].Meta.Channel != "ds/scp/tasks" {
		t.Fatalf("live tasks: %d frames, channel %q", len(tasks.Frames), tasks.Frames[0].Meta.Channel)
	}
	if rows, _ := tasks.Frames[0].RowLen(); rows != 2 {
		t.Errorf("live tasks list %d tasks, want the simulator's pending and running one", rows)
	}

	status := queryOne(t, ds, map[string]string{"http_X-Panel-Id": "2"},
		fmt.Sprintf(`{"queryType":"serverStatus","live":true,"serverIds":["%d","%d"]}`, ids[0], ids[2]))
	if len(status.Frames) != 2 {
		t.Fatalf("live serverStatus of 2 servers: %d frames", len(status.Frames))
	}
	for i, f := range status.Frames {
		if want := fmt.Sprintf("ds/scp/servers/%d/state", ids[2*i]); f.Meta.Channel != want {
			t.Errorf("frame %d: channel %q, want %q", i, f.Meta.Channel, want)
		}
		if _, at := f.FieldByName("state"); at < 0 {
			t.Errorf("frame %d has no state", i)
		}
	}

	for name, headers := range map[string]map[string]string{
		"alert rule": {backend.FromAlertHeaderName: "true"},
		"expression": {"http_X-Grafana-From-Expr": "true"},
	} {
		res := queryOne(t, ds, headers, `{"queryType":"serverStatus","live":true,"field":"running"}`)
		if len(res.Frames) != len(ids) {
			t.Errorf("%s: %d frames, want one numeric frame per server", name, len(res.Frames))
		}
		for _, f := range res.Frames {
			if f.Meta.Channel != "" {
				t.Errorf("%s: frame %q names channel %q", name, f.Name, f.Meta.Channel)
			}
		}
	}
}

// packets collects what RunStream sends.
type packets chan *backend.StreamPacket

func (p packets) Send(packet *backend.StreamPacket) error {
	p <- packet
	return nil
}

func TestLiveQueryTakesTheRunningPollersFrame(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 3})
	// An hour between polls: the poller's one poll is the first frame, and no later one can
	// fall into the query below. Without a cache for tasks, any read of the query would call SCP.
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken(), map[string]any{
		"liveIntervalSeconds": 3600, "cacheTtlSeconds": map[string]any{"tasks": 0},
	}))
	ctx, cancel := context.WithCancel(context.Background())
	sent := make(packets, 100)
	ended := make(chan error, 1)
	go func() {
		ended <- ds.RunStream(ctx, &backend.RunStreamRequest{Path: "tasks"}, backend.NewStreamSender(sent))
	}()
	select {
	case <-sent:
	case <-time.After(eventTimeout):
		t.Fatal("the stream sent no frame")
	}

	calls := len(sim.CallLog())
	res := queryOne(t, ds, nil, `{"queryType":"tasks","live":true}`)
	if more := len(sim.CallLog()) - calls; more != 0 {
		t.Errorf("a live query beside its channel's poller made %d calls", more)
	}
	if len(res.Frames) != 1 || res.Frames[0].Meta.Channel != "ds/scp/tasks" {
		t.Errorf("live tasks beside the poller: %d frames", len(res.Frames))
	}
	cancel()
	if err := <-ended; err != nil {
		t.Errorf("the stream ended with %v", err)
	}
}
