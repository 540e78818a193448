package plugin

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/upstream"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"golang.org/x/sync/errgroup"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezhaquery"
	"github.com/vpsfleet/netcupscp/pkg/query"
)

// runner answers one parsed query against the data source's upstream.
type runner func(ctx context.Context, req answer.Request) backend.DataResponse

func (d *Datasource) newQueryMux() *datasource.QueryTypeMux {
	mux := datasource.NewQueryTypeMux()
	for queryType, handle := range query.Handlers() {
		mux.Handle(queryType, d.single(queryType, false, func(ctx context.Context, req answer.Request) backend.DataResponse {
			return handle(ctx, d.client, req)
		}))
	}
	for queryType, handle := range nezhaquery.Handlers() {
		mux.Handle(queryType, d.single(queryType, true, func(ctx context.Context, req answer.Request) backend.DataResponse {
			return handle(ctx, d.nezha, req)
		}))
	}
	return mux
}

// defaultQueryType answers queries that name no type, per provider.
func (d *Datasource) defaultQueryType() models.QueryType {
	if d.isNezha() {
		return models.DefaultNezhaQueryType
	}
	return models.DefaultQueryType
}

// providerMismatch explains a query type the configured provider cannot answer, such as a
// panel copied from an SCP dashboard onto a Nezha data source.
func (d *Datasource) providerMismatch(queryType models.QueryType) error {
	if d.isNezha() {
		return backend.PluginError(fmt.Errorf("query type %q reads netcup SCP, but this data source reads a Nezha dashboard; use %s",
			queryType, strings.Join(models.NezhaQueryTypes, ", ")))
	}
	return backend.PluginError(fmt.Errorf("query type %q reads a Nezha dashboard, but this data source reads netcup SCP; use a data source whose provider is nezha", queryType))
}

// QueryData answers the queries of the request in parallel, at most maxConcurrentQueries of
// the instance at once across all requests, so no request, however many queries it holds,
// grows the process without bound; upstream calls are bounded by the client. Each query gets
// its own response, so one failure never hides the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	out := backend.NewQueryDataResponse()
	var mu sync.Mutex
	var held int64
	// The frames stay in memory until Grafana has the response; the instance holds at most
	// its answer budget of them at once, across requests.
	defer func() { d.answers.Release(held) }()
	// Every query of the request counts from its arrival, however long it waits for a slot:
	// what one refresh fetches then expires together, and never later than its lifetime.
	ctx = upstream.WithAsOf(ctx, d.now())
	panel := forPanel(req)
	var g errgroup.Group
	g.SetLimit(d.settings.MaxConcurrentQueries)
	for _, q := range req.Queries {
		g.Go(func() error {
			res := d.finish(d.queryOne(ctx, req, q))
			if panel {
				res.Frames = packForPanel(res.Frames)
			}
			size := answerBytes(res)
			if !d.answers.TryAcquire(size) {
				res = overBudget(d.answerBudget)
				size = 0
			}
			mu.Lock()
			out.Responses[q.RefID] = res
			held += size
			mu.Unlock()
			return nil
		})
	}
	_ = g.Wait()
	return out, nil
}

// queryOne runs one query once the instance has a free query slot.
func (d *Datasource) queryOne(ctx context.Context, req *backend.QueryDataRequest, q backend.DataQuery) (res backend.DataResponse) {
	if err := d.queries.Acquire(ctx, 1); err != nil {
		return backend.ErrorResponseWithErrorSource(backend.DownstreamError(fmt.Errorf("the query was cancelled while waiting for its turn: %w", err)))
	}
	defer d.queries.Release(1)
	defer func() {
		if r := recover(); r != nil {
			backend.Logger.FromContext(ctx).Error("query panicked", "refId", q.RefID, "panic", d.scrub.String(fmt.Sprint(r)), "stack", string(debug.Stack()))
			res = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, "internal error in the plugin; please report it")
		}
	}()
	if d.configErr != nil {
		return backend.ErrorResponseWithErrorSource(d.configErr)
	}
	// Parsing first gives malformed JSON and unknown types their own message, and lets a
	// query without a type take the default.
	parsed, err := models.ParseQueryWithDefault(q, d.defaultQueryType())
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	q.QueryType = parsed.QueryType
	ctx, stats := upstream.WithStats(ctx)
	start := time.Now()
	defer func() {
		backend.Logger.FromContext(ctx).Debug("query answered", "refId", q.RefID, "queryType", q.QueryType,
			"upstreamCalls", stats.Calls.Load(), "cacheHits", stats.CacheHits.Load(), "cacheMisses", stats.CacheMisses.Load(),
			"shared", stats.Shared.Load(), "retries", stats.Retries.Load(), "duration", time.Since(start), "error", d.scrub.Error(res.Error))
	}()
	sub := &backend.QueryDataRequest{PluginContext: req.PluginContext, Headers: req.Headers, Queries: []backend.DataQuery{q}}
	rsp, err := d.mux.QueryData(ctx, sub)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	return rsp.Responses[q.RefID]
}

// single adapts a one-query handler to the SDK's handler interface. forNezha says which
// provider the query type reads; the other provider's data sources refuse it.
func (d *Datasource) single(queryType models.QueryType, forNezha bool, run runner) backend.QueryDataHandler {
	return backend.QueryDataHandlerFunc(func(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
		out := backend.NewQueryDataResponse()
		for _, q := range req.Queries {
			if forNezha != d.isNezha() {
				out.Responses[q.RefID] = backend.ErrorResponseWithErrorSource(d.providerMismatch(queryType))
				continue
			}
			parsed, err := models.ParseQueryWithDefault(q, d.defaultQueryType())
			if err != nil {
				out.Responses[q.RefID] = backend.ErrorResponseWithErrorSource(err)
				continue
			}
			now := upstream.AsOf(ctx, d.now)
			r := answer.Request{
				RefID:         q.RefID,
				Query:         parsed,
				TimeRange:     q.TimeRange,
				MaxDataPoints: q.MaxDataPoints,
				Interval:      q.Interval,
				Now:           now,
				Concurrency:   d.settings.MaxConcurrency,
				RawAccess:     d.settings.RawAccess,
			}
			if res, ok := d.liveAnswer(ctx, req, r); ok {
				out.Responses[q.RefID] = res
				continue
			}
			out.Responses[q.RefID] = run(ctx, r)
		}
		return out, nil
	})
}
