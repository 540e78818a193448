package plugin

import (
	"context"
	"runtime/debug"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/query"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

func (d *Datasource) newQueryMux() *datasource.QueryTypeMux {
	mux := datasource.NewQueryTypeMux()
	for queryType, handle := range query.Handlers() {
		mux.Handle(queryType, d.single(handle))
	}
	return mux
}

// QueryData answers every query of the request in parallel; upstream calls are bounded by the
// client. Each query gets its own response, so one failure never hides the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	out := backend.NewQueryDataResponse()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, q := range req.Queries {
		wg.Go(func() {
			res := d.queryOne(ctx, req, q)
			mu.Lock()
			out.Responses[q.RefID] = res
			mu.Unlock()
		})
	}
	wg.Wait()
	return out, nil
}

func (d *Datasource) queryOne(ctx context.Context, req *backend.QueryDataRequest, q backend.DataQuery) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			backend.Logger.FromContext(ctx).Error("query panicked", "refId", q.RefID, "panic", r, "stack", string(debug.Stack()))
			res = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, "internal error in the plugin; please report it")
		}
	}()
	if d.configErr != nil {
		return backend.ErrorResponseWithErrorSource(d.configErr)
	}
	// Parsing first gives malformed JSON and unknown types their own message, and lets a
	// query without a type take the default.
	parsed, err := models.ParseQuery(q)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	q.QueryType = parsed.QueryType
	ctx, stats := scp.WithStats(ctx)
	start := time.Now()
	defer func() {
		backend.Logger.FromContext(ctx).Debug("query answered", "refId", q.RefID, "queryType", q.QueryType,
			"upstreamCalls", stats.Upstream.Load(), "cacheHits", stats.CacheHits.Load(), "cacheMisses", stats.CacheMisses.Load(),
			"shared", stats.Shared.Load(), "retries", stats.Retries.Load(), "duration", time.Since(start), "error", res.Error)
	}()
	sub := &backend.QueryDataRequest{PluginContext: req.PluginContext, Headers: req.Headers, Queries: []backend.DataQuery{q}}
	rsp, err := d.mux.QueryData(ctx, sub)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	return rsp.Responses[q.RefID]
}

// single adapts a one-query handler to the SDK's handler interface.
func (d *Datasource) single(handle query.Handler) backend.QueryDataHandler {
	return backend.QueryDataHandlerFunc(func(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
		out := backend.NewQueryDataResponse()
		for _, q := range req.Queries {
			parsed, err := models.ParseQuery(q)
			if err != nil {
				out.Responses[q.RefID] = backend.ErrorResponseWithErrorSource(err)
				continue
			}
			out.Responses[q.RefID] = handle(ctx, d.client, query.Request{
				RefID:         q.RefID,
				Query:         parsed,
				TimeRange:     q.TimeRange,
				MaxDataPoints: q.MaxDataPoints,
				Interval:      q.Interval,
				Now:           time.Now(),
				Concurrency:   d.settings.MaxConcurrency,
			})
		}
		return out, nil
	})
}
