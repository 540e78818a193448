// Package plugin is the Grafana-facing side: instance lifecycle, query dispatch, health and resources.
package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"golang.org/x/sync/semaphore"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.StreamHandler         = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured data source. Grafana creates a new instance whenever its
// settings change, so everything cached here belongs to exactly one configuration.
type Datasource struct {
	settings models.Settings
	// configErr is what the user must fix before any query can run.
	configErr error
	// client reads netcup SCP; nil when the provider is nezha.
	client *scp.Client
	// nezha reads a Nezha dashboard; nil when the provider is scp.
	nezha *nezha.Client
	mux   *datasource.QueryTypeMux
	// now is the instance's clock: queries, caches and tokens read it.
	now func() time.Time
	// scrub removes the instance's secrets from every message that leaves the plugin.
	scrub *upstream.Scrubber
	// queries bounds the queries of this instance that run at once, across requests.
	queries *semaphore.Weighted
	// answers bounds the bytes of frames held for requests not yet answered.
	answers      *semaphore.Weighted
	answerBudget int64
	// memory is what the instance may hold: its cache and answer budgets.
	memory int64
	// live runs the instance's Live channels (stream.go).
	live *liveHub
}

// Options are what a host may change about every instance it creates. Grafana's host, the
// plugin's main, uses the zero value.
type Options struct {
	// Now is the clock (time.Now when nil). The benchmark runs a day of alert rules on a
	// virtual clock, so that a day's SCP calls can be counted in minutes.
	Now func() time.Time
}

// NewFactory returns the instance factory for opts.
func NewFactory(opts Options) datasource.InstanceFactoryFunc {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return func(ctx context.Context, instance backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
		return newDatasource(ctx, instance, now)
	}
}

// NewDatasource is the instance factory Grafana's host uses.
func NewDatasource(ctx context.Context, instance backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return newDatasource(ctx, instance, time.Now)
}

// newDatasource builds one instance. Bad settings do not fail it: they are reported per
// query and by the health check, where the user sees them.
func newDatasource(ctx context.Context, instance backend.DataSourceInstanceSettings, now func() time.Time) (instancemgmt.Instance, error) {
	settings, err := models.LoadSettings(instance)
	if err == nil {
		err = settings.Validate()
	}
	inst := upstream.NewInstance(settings.CacheMaxBytes(), now, settings.RefreshToken, settings.NezhaToken)
	ds := &Datasource{
		settings: settings, now: now, scrub: inst.Scrub,
		queries:      semaphore.NewWeighted(int64(settings.MaxConcurrentQueries)),
		answerBudget: settings.AnswerBudgetBytes(),
		live:         newLiveHub(instance.UID, settings.LiveInterval(), now, inst.Scrub),
	}
	ds.answers = semaphore.NewWeighted(ds.answerBudget)
	ds.memory = settings.CacheMaxBytes() + ds.answerBudget
	processMemory.add(ds.memory)
	ds.mux = ds.newQueryMux()
	if err != nil {
		ds.configErr = backend.PluginError(err)
		return ds, nil
	}
	opts, err := instance.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading HTTP client options: %w", err)
	}
	if settings.Provider == models.ProviderNezha {
		if ds.nezha, err = nezha.NewClient(settings, opts, inst); err != nil {
			return nil, err
		}
		return ds, nil
	}
	if ds.client, err = scp.NewClient(settings, opts, inst); err != nil {
		return nil, err
	}
	return ds, nil
}

// isNezha reports a data source configured for a Nezha dashboard.
func (d *Datasource) isNezha() bool { return d.settings.Provider == models.ProviderNezha }

// Dispose releases the instance when Grafana replaces it after a settings change.
func (d *Datasource) Dispose() {
	d.live.close()
	processMemory.add(-d.memory)
}
