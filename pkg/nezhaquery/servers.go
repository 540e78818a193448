package nezhaquery

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// Servers answers `nezhaServers`: the selected servers as a table with their tag,
// addresses, country, last report and online flag.
func Servers(ctx context.Context, client *nezha.Client, req answer.Request) backend.DataResponse {
	servers, err := selectServers(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	n := len(servers)
	ids := make([]int64, n)
	names := make([]string, n)
	tags := make([]string, n)
	ipv4 := make([]string, n)
	ipv6 := make([]string, n)
	countries := make([]string, n)
	lastActive := make([]*time.Time, n)
	online := make([]bool, n)
	for i, s := range servers {
		ids[i], names[i], tags[i] = int64(s.ID), s.Name, s.Tag()
		ipv4[i], ipv6[i], countries[i] = s.IPv4, s.IPv6, s.CountryCode
		lastActive[i], online[i] = s.LastActive, client.Online(s, req.Now)
	}
	return backend.DataResponse{Frames: data.Frames{answer.Table("nezhaServers",
		data.NewField("id", nil, ids),
		data.NewField("name", nil, names),
		data.NewField("tag", nil, tags),
		data.NewField("ipv4", nil, ipv4),
		data.NewField("ipv6", nil, ipv6),
		data.NewField("countryCode", nil, countries),
		data.NewField("lastActive", nil, lastActive),
		data.NewField("online", nil, online),
	)}}
}
