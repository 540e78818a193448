package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/plugin"
)

// instance is one data-source instance made by the plugin's own factory in this process, so
// that its caches, token source and queries read the virtual clock. It is called as Grafana's
// host calls the plugin: a QueryDataRequest whose plugin context carries the instance settings.
type instance struct {
	handler  backend.QueryDataHandler
	settings backend.DataSourceInstanceSettings
	dispose  func()
}

func newInstance(clock func() time.Time, jsonData map[string]any, secure map[string]string) (*instance, error) {
	raw, err := json.Marshal(jsonData)
	if err != nil {
		return nil, err
	}
	settings := backend.DataSourceInstanceSettings{Type: harness.PluginID, UID: "bench-day", Name: "netcup SCP", JSONData: raw,
		DecryptedSecureJSONData: secure, Updated: clock()}
	made, err := plugin.NewFactory(plugin.Options{Now: clock})(context.Background(), settings)
	if err != nil {
		return nil, err
	}
	handler, ok := made.(backend.QueryDataHandler)
	if !ok {
		return nil, fmt.Errorf("the plugin's instance %T does not answer QueryData", made)
	}
	dispose := func() {}
	if d, ok := made.(instancemgmt.InstanceDisposer); ok {
		dispose = d.Dispose
	}
	return &instance{handler: handler, settings: settings, dispose: dispose}, nil
}

// sender sends requests as user; alert rules send none (nil).
func (i *instance) sender(user *backend.User) sender {
	return func(ctx context.Context, r harness.Panel) (*backend.QueryDataResponse, error) {
		req := &backend.QueryDataRequest{Headers: r.Headers(), PluginContext: backend.PluginContext{
			Namespace: "default", PluginID: harness.PluginID, User: user, DataSourceInstanceSettings: &i.settings,
		}}
		for _, q := range r.Queries {
			raw, err := json.Marshal(q.JSON)
			if err != nil {
				return nil, err
			}
			queryType, _ := q.JSON["queryType"].(string)
			req.Queries = append(req.Queries, backend.DataQuery{
				RefID: q.RefID, QueryType: queryType, JSON: raw, MaxDataPoints: q.MaxDataPoints,
				Interval: q.Interval, TimeRange: backend.TimeRange{From: q.From, To: q.To},
			})
		}
		return i.handler.QueryData(ctx, req)
	}
}
