package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Handler answers one query type.
type Handler func(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse

// Handlers maps every query type to its handler. The plugin registers them on a QueryTypeMux.
func Handlers() map[models.QueryType]Handler {
	return map[models.QueryType]Handler{
		models.QueryTypeServers:      Servers,
		models.QueryTypeServerStatus: ServerStatus,
		models.QueryTypeDisks:        Disks,
		models.QueryTypeInterfaces:   Interfaces,
		models.QueryTypeTraffic:      Traffic,
		models.QueryTypeMetrics:      Metrics,
		models.QueryTypeSnapshots:    Snapshots,
		models.QueryTypeTasks:        Tasks,
		models.QueryTypeMaintenance:  Maintenance,
		models.QueryTypeLogs:         Logs,
		models.QueryTypeIPs:          IPs,
		models.QueryTypeGuestAgent:   GuestAgent,
		models.QueryTypeAPIStatus:    APIStatus,
		models.QueryTypeRaw:          Raw,
		models.QueryTypeVariable:     Variable,
	}
}
