package plugin

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// BenchmarkWarmOverviewRefresh measures one dashboard refresh served from the cache, in process.
func BenchmarkWarmOverviewRefresh(b *testing.B) {
	sim, url := startSimulator(b, simulator.Options{Servers: 200})
	ds := newTestDatasource(b, instanceSettings(url, sim.RefreshToken()))
	var requests []*backend.QueryDataRequest
	for _, panel := range harness.OverviewSet(time.Now()) {
		req := &backend.QueryDataRequest{}
		for _, q := range panel.Queries {
			raw, _ := json.Marshal(q.JSON)
			req.Queries = append(req.Queries, backend.DataQuery{RefID: q.RefID, JSON: raw, TimeRange: backend.TimeRange{From: q.From, To: q.To}, MaxDataPoints: q.MaxDataPoints, Interval: q.Interval})
		}
		requests = append(requests, req)
	}
	refresh := func() {
		for _, req := range requests {
			rsp, _ := ds.QueryData(context.Background(), req)
			for _, r := range rsp.Responses {
				if r.Error != nil {
					b.Fatal(r.Error)
				}
			}
			// Encode as the SDK does before sending the answer to Grafana.
			if _, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW, rsp); err != nil {
				b.Fatal(err)
			}
		}
	}
	refresh() // fill the cache
	b.ResetTimer()
	for b.Loop() {
		refresh()
	}
}
