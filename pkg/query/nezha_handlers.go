package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// NezhaHandler answers one Nezha query type.
type NezhaHandler func(ctx context.Context, client *nezha.Client, req Request) backend.DataResponse

// NezhaHandlers maps every Nezha query type to its handler.
func NezhaHandlers() map[models.QueryType]NezhaHandler {
	return map[models.QueryType]NezhaHandler{
		models.QueryTypeNezhaServers:  NezhaServers,
		models.QueryTypeNezhaStatus:   NezhaStatus,
		models.QueryTypeNezhaMetrics:  NezhaMetrics,
		models.QueryTypeNezhaMonitors: NezhaMonitors,
	}
}
