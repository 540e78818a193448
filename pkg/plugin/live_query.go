package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/live"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/query"
)

// liveAnswer answers a live query with its channels' frames, each naming its channel in its
// meta, so that Grafana subscribes the panel to it: tasks answers the tasks channel's table,
// serverStatus one state frame per selected server. ok is false where the query is answered
// as it is: not live, Live off, or evaluated on the server (alert rules, expressions), where
// no one could follow a channel.
func (d *Datasource) liveAnswer(ctx context.Context, req *backend.QueryDataRequest, q answer.Request) (res backend.DataResponse, ok bool) {
	if !q.Query.Live || d.live.interval == 0 || forServerSide(req) {
		return res, false
	}
	switch q.Query.QueryType {
	case models.QueryTypeTasks:
		frame, err := d.channelFrame(ctx, live.Tasks)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err), true
		}
		return backend.DataResponse{Frames: data.Frames{frame}}, true
	case models.QueryTypeServerStatus:
		targets, err := query.SelectServers(ctx, d.client, q.Query)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err), true
		}
		frames, failures := answer.PerTarget(ctx, targets, q.Concurrency, func(ctx context.Context, t query.Target) (*data.Frame, error) {
			return d.channelFrame(ctx, live.ServerState(t.ID))
		})
		return answer.Respond(frames, failures), true
	}
	return res, false
}

// channelFrame is a channel's frame for a query: the one its poller read last, else one read
// now through the cache. It names the channel in a copy of its meta; the poller's frame is
// shared, so it is never changed.
func (d *Datasource) channelFrame(ctx context.Context, c live.Channel) (*data.Frame, error) {
	frame := d.live.latest(c)
	if frame == nil {
		var err error
		if frame, err = c.NewSource(d.client, d.settings.MaxConcurrency).Poll(ctx, 0); err != nil {
			return nil, err
		}
	}
	named := *frame
	meta := data.FrameMeta{}
	if frame.Meta != nil {
		meta = *frame.Meta
		meta.Notices = append([]data.Notice(nil), frame.Meta.Notices...)
	}
	meta.Channel = c.Address(d.live.uid)
	named.Meta = &meta
	return &named, nil
}
