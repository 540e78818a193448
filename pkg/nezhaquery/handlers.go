// Package nezhaquery turns parsed Nezha queries into Nezha reads and data frames, one file per
// query type; what it shares with the SCP handlers (pkg/query) lives in pkg/answer.
package nezhaquery

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// Handler answers one Nezha query type.
type Handler func(ctx context.Context, client *nezha.Client, req answer.Request) backend.DataResponse

// Handlers maps every Nezha query type to its handler.
func Handlers() map[models.QueryType]Handler {
	return map[models.QueryType]Handler{
		models.QueryTypeNezhaServers:  Servers,
		models.QueryTypeNezhaStatus:   Status,
		models.QueryTypeNezhaMetrics:  Metrics,
		models.QueryTypeNezhaMonitors: Monitors,
	}
}
