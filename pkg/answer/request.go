// Package answer holds what the query handlers of both providers share: the parsed request,
// the dataplane frame builders, the per-server fan-out and how its failures become one
// response. It knows neither SCP nor Nezha; pkg/query and pkg/nezhaquery build on it.
package answer

import (
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
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

// SplitIDs accepts ids as a list, as one comma-separated value, or as Grafana's "{a,b}" form.
func SplitIDs(ids []string) []string {
	var out []string
	for _, v := range ids {
		v = strings.Trim(strings.TrimSpace(v), "{}")
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}
