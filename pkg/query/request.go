package query

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Request is one parsed query with the context Grafana sent it in.
type Request struct {
	RefID         string
	Query         models.Query
	TimeRange     backend.TimeRange
	MaxDataPoints int64
	Interval      time.Duration
	// Now anchors relative values (start time from uptime, "last N hours"); tests pin it.
	Now time.Time
	// Concurrency bounds the per-server fan-out.
	Concurrency int
	// RawAccess is what the Admin lets queries read of the account: raw GETs and user logs.
	RawAccess models.RawAccess
}

// Handler answers one query type.
type Handler func(ctx context.Context, client *scp.Client, req Request) backend.DataResponse

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
