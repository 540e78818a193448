// Package query turns parsed queries into SCP reads and data frames, one file per query type.
package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Servers answers `servers`: the fleet as a table.
func Servers(ctx context.Context, client *scp.Client, _ answer.Request) backend.DataResponse {
	servers, err := client.ListServers(ctx)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	return backend.DataResponse{Frames: data.Frames{serversFrame(servers)}}
}

func serversFrame(servers []api.ServerListMinimal) *data.Frame {
	ids := make([]int64, len(servers))
	names := make([]string, len(servers))
	nicknames := make([]string, len(servers))
	hostnames := make([]string, len(servers))
	disabled := make([]bool, len(servers))
	templates := make([]string, len(servers))
	for i, s := range servers {
		ids[i] = int64(api.Value(s.Id))
		names[i] = api.Value(s.Name)
		nicknames[i] = api.Value(s.Nickname)
		hostnames[i] = api.Value(s.Hostname)
		disabled[i] = api.Value(s.Disabled)
		if s.Template != nil {
			templates[i] = s.Template.Name
		}
	}
	frame := data.NewFrame("servers",
		data.NewField("id", nil, ids),
		data.NewField("name", nil, names),
		data.NewField("nickname", nil, nicknames),
		data.NewField("hostname", nil, hostnames),
		data.NewField("disabled", nil, disabled),
		data.NewField("template", nil, templates),
	)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: data.FrameTypeVersion{0, 1}}
	return frame
}
