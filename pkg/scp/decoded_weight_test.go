package scp

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// TestDecodedWeightCoversTheHeap: the cache charges a memoised decoding decodedWeight times
// its JSON (or what it reports itself); that must be at least what decoding really puts on
// the heap, for every type the client decodes, or the byte budget would not bound memory.
func TestDecodedWeightCoversTheHeap(t *testing.T) {
	sim := simulator.New(simulator.Options{Servers: 30, Seed: 3})
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	client, err := NewClient(models.Settings{
		APIURL: srv.URL + simulator.APIPrefix, AuthURL: srv.URL + simulator.AuthPrefix, RefreshToken: sim.RefreshToken(),
		MaxConcurrency: 4, TimeoutSeconds: 30,
	}, httpclient.Options{}, upstream.NewInstance(64<<20, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.Itoa(int(sim.ServerIDs()[0]))
	user := strconv.Itoa(int(sim.UserID()))
	cases := []struct {
		path   string
		decode func([]byte) any
	}{
		{"/api/v1/servers", decodeAs[[]api.ServerListMinimal]},
		{"/api/v1/servers/" + id, decodeAs[api.Server]},
		{"/api/v1/servers/" + id + "/disks", decodeAs[[]api.Disk]},
		{"/api/v1/servers/" + id + "/interfaces", decodeAs[[]api.Interface]},
		{"/api/v1/servers/" + id + "/snapshots", decodeAs[[]api.SnapshotMinimal]},
		{"/api/v1/servers/" + id + "/logs", decodeAs[[]api.Log]},
		{"/api/v1/servers/" + id + "/guest-agent", decodeAs[api.GuestAgentData]},
		{"/api/v1/servers/" + id + "/guest-agent/status", decodeAs[api.GuestAgentStatus]},
		{"/api/v1/servers/" + id + "/rescuesystem", decodeAs[api.RescueSystemStatus]},
		{"/api/v1/tasks", decodeAs[[]api.TaskInfoMinimal]},
		//lint:ignore SA1019 the plugin reads the maintenance notice until netcup removes it
		{"/api/v1/maintenance", decodeAs[api.Maintenance]},
		{"/api/v1/users/" + user, decodeAs[api.User]},
		{"/api/v1/users/" + user + "/logs", decodeAs[[]api.Log]},
		{"/api/v1/users/" + user + "/failoverips/v4", decodeAs[[]api.FailoverIPv4]},
		{"/api/v1/users/" + user + "/failoverips/v6", decodeAs[[]api.FailoverIPv6]},
	}
	for _, tc := range cases {
		get, err := ResolveGet(context.Background(), tc.path, nil, models.RawAccessAll)
		if err != nil {
			t.Fatal(err)
		}
		body, err := client.Get(context.Background(), get)
		if err != nil {
			t.Fatal(err)
		}
		// An entry's fixed overhead covers what a tiny answer decodes to beyond its size.
		heap := heapPerCopy(body, tc.decode)
		if charged := float64(decodedWeight*len(body) + upstream.EntryOverhead); heap > charged {
			t.Errorf("%s: decoding puts %.0f bytes on the heap for %d bytes of JSON, over the %.0f the cache charges", tc.path, heap, len(body), charged)
		}
		t.Logf("%-45s %6d bytes of JSON, %7.0f on the heap decoded (%.1f×)", tc.path, len(body), heap, heap/float64(len(body)))
	}
	metrics, err := client.Metrics(context.Background(), sim.ServerIDs()[0], MetricNetwork, 240)
	if err != nil {
		t.Fatal(err)
	}
	heap := heapPerCopy(nil, func([]byte) any {
		parsed := ParseMetricMap(toMap(metrics))
		return &parsed
	})
	if reported := float64(metrics.SizeBytes()); heap > reported {
		t.Errorf("parsed metric series weigh %.0f bytes on the heap, SizeBytes reports %.0f", heap, reported)
	}
	t.Logf("parsed network series over 240 h: %.0f bytes on the heap, SizeBytes %d", heap, metrics.SizeBytes())
}

func decodeAs[T any](body []byte) any {
	var out T
	if err := json.Unmarshal(body, &out); err != nil {
		panic(err)
	}
	return &out
}

// heapPerCopy decodes body many times, keeping every result alive, and returns the heap
// growth per copy.
func heapPerCopy(body []byte, decode func([]byte) any) float64 {
	const copies = 1000
	keep := make([]any, copies)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range keep {
		keep[i] = decode(body)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	return (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / copies
}

// toMap turns parsed series back into SCP's metric map, to parse them again from scratch.
func toMap(s MetricSeries) MetricMap {
	m := MetricMap{}
	for key, points := range s.Series {
		for _, p := range points {
			ts := p.T.UTC().Format(time.RFC3339)
			if m[ts] == nil {
				m[ts] = map[string]float64{}
			}
			m[ts][key] = p.V
		}
	}
	return m
}
