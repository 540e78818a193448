package live

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/query"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// serverStateSource polls one server's state. It reads fresh answers only while a task runs
// on the server, and on the poll that sees the last one end; otherwise the cache's lifetimes
// set the pace, since an idle server's state changes seldom.
type serverStateSource struct {
	client *scp.Client
	id     int32
	// busy says a task ran on the server at the last poll; polled that there was one.
	busy, polled bool
}

func (s *serverStateSource) Poll(ctx context.Context, fresh time.Duration) (*data.Frame, error) {
	read := ctx
	if fresh > 0 {
		watching := s.busy || !s.polled
		busy, err := s.taskRuns(freshIf(ctx, watching, fresh))
		if err != nil {
			return nil, err
		}
		read = freshIf(ctx, watching || busy, fresh)
		s.busy, s.polled = busy, true
	}
	server, err := s.client.Server(read, s.id, true)
	if err != nil {
		return nil, err
	}
	return serverStateFrame(s.id, server), nil
}

// taskRuns reports an ongoing task among the server's newest.
func (s *serverStateSource) taskRuns(ctx context.Context) (bool, error) {
	tasks, err := s.client.Tasks(ctx, scp.TaskFilter{ServerID: s.id, Limit: taskPage})
	return slices.ContainsFunc(tasks, query.TaskOngoing), err
}

// freshIf asks ctx's reads for answers younger than fresh when want is set.
func freshIf(ctx context.Context, want bool, fresh time.Duration) context.Context {
	if !want {
		return ctx
	}
	return upstream.WithMaxAge(ctx, fresh)
}

// serverStateFrame is the channel's one row, named after the server.
func serverStateFrame(id int32, server api.Server) *data.Frame {
	name := api.Value(server.Nickname)
	if name == "" {
		name = api.Value(server.Name)
	}
	info := api.Value(server.ServerLiveInfo)
	var state *string
	var running, uptime *int64
	if info.State != nil {
		s, up := string(*info.State), int64(0)
		state, running = &s, &up
		if *info.State == api.ServerStateRUNNING {
			up = 1
		}
	}
	if info.UptimeInSeconds != nil {
		v := int64(*info.UptimeInSeconds)
		uptime = &v
	}
	return answer.Table(name,
		data.NewField("server_id", nil, []string{strconv.Itoa(int(id))}),
		data.NewField("server", nil, []string{name}),
		data.NewField("state", nil, []*string{state}),
		data.NewField("running", nil, []*int64{running}),
		data.NewField("uptimeSeconds", nil, []*int64{uptime}).SetConfig(answer.Unit("s")),
	)
}
