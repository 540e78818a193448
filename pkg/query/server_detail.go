package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// serverDetail is a selected server read with its live info. One call carries state,
// disks, interfaces and monthly traffic, so serverStatus, disks, interfaces and traffic
// each cost one call per server.
type serverDetail struct {
	Target
	server api.Server
	// live is zero when SCP sent no live info; its fields then read as null.
	live api.ServerInfo
}

func readDetail(ctx context.Context, client *scp.Client, t Target) (serverDetail, error) {
	s, err := client.Server(ctx, t.ID, true)
	if err != nil {
		return serverDetail{}, err
	}
	return serverDetail{Target: t, server: s, live: api.Value(s.ServerLiveInfo)}, nil
}

// inventory is a query type that reads rows per selected server and answers with one table
// over all of them, or, when the query picks a numeric field, one numeric-multi frame per row.
type inventory[R any] struct {
	queryType string
	fields    []answer.Field[R]
	// labels name a row's numeric frame: the server's labels, plus the device where rows are devices.
	labels func(R) data.Labels
	// read returns one server's rows; field is the picked field's name, "" for the table,
	// so reads only the table needs can be skipped.
	read func(ctx context.Context, client *scp.Client, t Target, field string) ([]R, error)
}

// collected is what an inventory read across the selection: the rows of the servers that
// answered, how many did, and the ones that failed.
type collected[R any] struct {
	rows     []R
	answered int
	failures []answer.Failure[Target]
}

func (inv inventory[R]) collect(ctx context.Context, client *scp.Client, req answer.Request, field string) (collected[R], error) {
	targets, err := SelectServers(ctx, client, req.Query)
	if err != nil {
		return collected[R]{}, err
	}
	perTarget, failures := answer.PerTarget(ctx, targets, req.Concurrency, func(ctx context.Context, t Target) ([]R, error) {
		return inv.read(ctx, client, t, field)
	})
	out := collected[R]{answered: len(perTarget), failures: failures}
	for _, rows := range perTarget {
		out.rows = append(out.rows, rows...)
	}
	return out, nil
}

// respond answers with frames built from the servers that could be read, or with the
// failure when none could (an empty table would hide it).
func (c collected[R]) respond(frames data.Frames) backend.DataResponse {
	if c.answered == 0 && len(c.failures) > 0 {
		frames = nil
	}
	return answer.Respond(frames, c.failures)
}

// run answers a query: the table, or numeric frames for the picked field. Types without
// numeric fields ignore Field, which the editor may keep from another query type.
func (inv inventory[R]) run(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	if req.Query.Field == "" || !hasNumbers(inv.fields) {
		c, err := inv.collect(ctx, client, req, "")
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		return c.respond(data.Frames{answer.TableOf(inv.queryType, inv.fields, c.rows)})
	}
	field, err := answer.Pick(inv.fields, inv.queryType, req.Query.Field)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	c, err := inv.collect(ctx, client, req, field.Name())
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	return c.respond(answer.NumericOf(field, c.rows, inv.labels))
}
