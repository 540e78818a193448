package plugin

import (
	"context"
	"errors"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/live"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/query"
)

// errNoChannel answers a path that is none of the data source's channels.
var errNoChannel = errors.New("no such Live channel")

// errLiveOff answers a subscription while the Admin has turned Live off.
var errLiveOff = backend.PluginError(errors.New("the data source's liveIntervalSeconds setting is 0, which turns Live off; " +
	"set it to the seconds between polls (5 by default) to let panels follow tasks and server states"))

// channelAt resolves a stream's path to one of the data source's channels: tasks, or
// servers/{id}/state, on an SCP data source whose settings are usable and whose Live is on.
func (d *Datasource) channelAt(path string) (live.Channel, error) {
	switch {
	case d.isNezha():
		return live.Channel{}, errNoChannel
	case d.configErr != nil:
		return live.Channel{}, d.configErr
	case d.live.interval == 0:
		return live.Channel{}, errLiveOff
	}
	c, ok := live.Parse(path)
	if !ok {
		return live.Channel{}, errNoChannel
	}
	return c, nil
}

// SubscribeStream lets a viewer join a channel. Grafana calls it only for a user who may
// query the data source (it looks ds/<uid> up as that user first), so it checks what the
// path names: one of the data source's channels, for a server, one of the account's.
func (d *Datasource) SubscribeStream(ctx context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	c, err := d.channelAt(req.Path)
	if errors.Is(err, errNoChannel) {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
	}
	if err != nil {
		return nil, d.scrub.Error(err)
	}
	if c.ServerID != 0 {
		pick := models.Query{ServerMode: models.ServerModeIDs, ServerIDs: []string{strconv.Itoa(int(c.ServerID))}}
		if _, err := query.SelectServers(ctx, d.client, pick); backend.IsPluginError(err) {
			return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
		} else if err != nil {
			return nil, d.scrub.Error(err)
		}
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK}, nil
}

// RunStream pushes a channel's frames until Grafana ends the stream (its last viewer left)
// or the instance is disposed. Streams of one channel share its poller.
func (d *Datasource) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	c, err := d.channelAt(req.Path)
	if err != nil {
		return d.scrub.Error(err)
	}
	newSource := func() live.Source { return c.NewSource(d.client, d.settings.MaxConcurrency) }
	return d.live.listen(ctx, c, newSource, sender.SendJSON)
}

// PublishStream refuses every publication: the channels carry what SCP says, not what viewers send.
func (d *Datasource) PublishStream(context.Context, *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
}
