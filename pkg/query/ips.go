package query

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// ipRow is one address of a server interface; an IPv6 network with reverse DNS entries
// gives one row per entry, so each named address shows its name.
type ipRow struct {
	Target
	mac, ipType, address, cidr, gateway, rdns, destination string
	version                                                int64
}

// IPs answers `ips`: a table of the selected servers' addresses with rDNS (from
// /interfaces), and a table of the account's failover IPs, routed or not.
func IPs(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	c, err := ipInventory.collect(ctx, client, req, "")
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	frames := data.Frames{answer.TableOf(ipInventory.queryType, ipInventory.fields, c.rows)}
	failovers, err := readFailovers(ctx, client)
	if err != nil {
		return withWarning(c.respond(frames), fmt.Sprintf("The account's failover IPs could not be read: %v", err))
	}
	return c.respond(append(frames, failovers))
}

var ipInventory = inventory[ipRow]{
	queryType: models.QueryTypeIPs,
	fields: append(serverColumns(func(r ipRow) Target { return r.Target }),
		answer.Column("mac", "", func(r ipRow) string { return r.mac }),
		answer.Column("version", "", func(r ipRow) int64 { return r.version }),
		answer.Column("type", "", func(r ipRow) string { return r.ipType }),
		answer.Column("address", "", func(r ipRow) string { return r.address }),
		answer.Column("cidr", "", func(r ipRow) string { return r.cidr }),
		answer.Column("gateway", "", func(r ipRow) string { return r.gateway }),
		answer.Column("rdns", "", func(r ipRow) string { return r.rdns }),
		answer.Column("destinationIp", "", func(r ipRow) string { return r.destination }),
	),
	read: readIPs,
}

func readIPs(ctx context.Context, client *scp.Client, t Target, _ string) ([]ipRow, error) {
	interfaces, err := client.Interfaces(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	var rows []ipRow
	for _, i := range interfaces {
		mac := api.Value(i.Mac)
		for _, a := range api.Value(i.Ipv4Addresses) {
			rows = append(rows, ipRow{
				Target: t, mac: mac, version: 4, ipType: string(api.Value(a.Type)), address: api.Value(a.Ip),
				cidr: api.Value(a.Cidr), gateway: api.Value(a.Gateway), rdns: api.Value(a.Rdns), destination: api.Value(a.DestinationIp),
			})
		}
		for _, a := range api.Value(i.Ipv6Addresses) {
			if api.Value(a.LinkLocal) {
				continue // fe80::/64 on every interface, no address of its own
			}
			row := ipRow{
				Target: t, mac: mac, version: 6, ipType: string(api.Value(a.Type)), address: api.Value(a.NetworkPrefix),
				cidr: ipv6Network(a), gateway: api.Value(a.Gateway), destination: api.Value(a.DestinationIp),
			}
			names := api.Value(a.Rdns)
			if len(names) == 0 {
				rows = append(rows, row)
			}
			for _, addr := range slices.Sorted(maps.Keys(names)) {
				row.address, row.rdns = addr, names[addr]
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// readFailovers lists the account's failover IPv4 addresses and IPv6 networks in one table.
func readFailovers(ctx context.Context, client *scp.Client) (*data.Frame, error) {
	user, err := client.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	v4, err := client.FailoverIPv4(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	v6, err := client.FailoverIPv6(ctx, user.ID)
	if err != nil {
		return nil, err
	}
	var rows []failoverRow
	for _, f := range v4 {
		rows = append(rows, failoverRow{id: f.Id, version: 4, address: api.Value(f.Ip), length: f.CidrSuffix, server: f.Server, site: f.Site})
	}
	for _, f := range v6 {
		rows = append(rows, failoverRow{id: f.Id, version: 6, address: api.Value(f.NetworkPrefix), length: f.NetworkPrefixLength, server: f.Server, site: f.Site})
	}
	return answer.TableOf("failoverIps", failoverFields, rows), nil
}

type failoverRow struct {
	id      *int32
	version int64
	address string
	length  *int32
	server  *api.ServerMinimal
	site    *api.Site
}

var failoverFields = []answer.Field[failoverRow]{
	answer.Column("id", "", func(r failoverRow) *int64 { return optInt(r.id) }),
	answer.Column("version", "", func(r failoverRow) int64 { return r.version }),
	answer.Column("address", "", func(r failoverRow) string { return r.address }),
	answer.Column("cidr", "", func(r failoverRow) string {
		if r.length == nil {
			return r.address
		}
		return fmt.Sprintf("%s/%d", r.address, *r.length)
	}),
	// A failover IP that is not routed anywhere has no server.
	answer.Column("serverId", "", func(r failoverRow) *int64 {
		if r.server == nil {
			return nil
		}
		return optInt(r.server.Id)
	}),
	answer.Column("server", "", func(r failoverRow) *string {
		if r.server == nil {
			return nil
		}
		return r.server.Name
	}),
	answer.Column("site", "", func(r failoverRow) *string { return siteCity(r.site) }),
}

// withWarning adds a notice to a successful response's first frame.
func withWarning(rsp backend.DataResponse, text string) backend.DataResponse {
	if rsp.Error != nil || len(rsp.Frames) == 0 {
		return rsp
	}
	frame := rsp.Frames[0]
	if frame.Meta == nil {
		frame.Meta = &data.FrameMeta{}
	}
	frame.Meta.Notices = append(frame.Meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: text})
	return rsp
}
