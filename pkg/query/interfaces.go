package query

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// interfaceRow is one network interface of one server: live info (traffic, throttling,
// VLAN) and, in table mode, its addresses with rDNS from /interfaces.
type interfaceRow struct {
	Target
	mac   string
	live  api.ServerInterface
	addrs api.Interface
}

// Interfaces answers `interfaces`: per server and interface, as a table or as one
// numeric-multi frame per interface (label device = MAC) for a picked field.
func Interfaces(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	return interfaceInventory.run(ctx, client, req)
}

var interfaceInventory = inventory[interfaceRow]{
	queryType: models.QueryTypeInterfaces,
	fields: append(serverColumns(func(r interfaceRow) Target { return r.Target }),
		answer.Column("mac", "", func(r interfaceRow) string { return r.mac }),
		answer.Column("driver", "", func(r interfaceRow) *string { return firstText(r.live.Driver, r.addrs.Driver) }),
		answer.Column("mtu", "", func(r interfaceRow) *int64 { return optInt(r.live.Mtu) }),
		answer.CountField("speedMbits", "Mbits", func(r interfaceRow) *int64 { return interfaceSpeed(r) }),
		answer.FlagField("throttled", func(r interfaceRow) *bool { return r.live.TrafficThrottled }),
		answer.Column("vlan", "", func(r interfaceRow) *bool { return r.live.VlanInterface }),
		answer.Column("vlanId", "", func(r interfaceRow) *int64 { return optInt(r.live.VlanId) }),
		answer.Column("ipv4", "", func(r interfaceRow) string { return interfaceIPv4(r.addrs) }),
		answer.Column("ipv6", "", func(r interfaceRow) string { return interfaceIPv6(r.addrs) }),
		answer.Column("rdns", "", func(r interfaceRow) string { return interfaceRdns(r.addrs) }),
		answer.CountField("rxMonthlyBytes", "bytes", func(r interfaceRow) *int64 { return bytesFromMiB(r.live.RxMonthlyInMiB) }),
		answer.CountField("txMonthlyBytes", "bytes", func(r interfaceRow) *int64 { return bytesFromMiB(r.live.TxMonthlyInMiB) }),
	),
	labels: func(r interfaceRow) data.Labels { return r.Labels("device", r.mac) },
	read:   readInterfaces,
}

// readInterfaces joins live info and /interfaces on the MAC. /interfaces (with rDNS) is a
// second call per server, so numeric frames, which show none of its columns, skip it.
func readInterfaces(ctx context.Context, client *scp.Client, t Target, field string) ([]interfaceRow, error) {
	d, err := readDetail(ctx, client, t)
	if err != nil {
		return nil, err
	}
	var rows []interfaceRow
	for _, live := range api.Value(d.live.Interfaces) {
		rows = append(rows, interfaceRow{Target: t, mac: api.Value(live.Mac), live: live})
	}
	if field != "" {
		return rows, nil
	}
	listed, err := client.Interfaces(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range listed {
		if i := rowByMAC(rows, api.Value(l.Mac)); i >= 0 {
			rows[i].addrs = l
		} else {
			rows = append(rows, interfaceRow{Target: t, mac: api.Value(l.Mac), addrs: l})
		}
	}
	return rows, nil
}

func rowByMAC(rows []interfaceRow, mac string) int {
	for i, r := range rows {
		if strings.EqualFold(r.mac, mac) {
			return i
		}
	}
	return -1
}

func interfaceSpeed(r interfaceRow) *int64 {
	if r.live.SpeedInMBits != nil {
		return optInt(r.live.SpeedInMBits)
	}
	return optInt(r.addrs.SpeedInMBits)
}

func firstText(values ...*string) *string {
	for _, v := range values {
		if v != nil {
			return v
		}
	}
	return nil
}

// interfaceIPv4 lists the interface's IPv4 addresses, routed failover IPs included.
func interfaceIPv4(i api.Interface) string {
	var out []string
	for _, a := range api.Value(i.Ipv4Addresses) {
		out = append(out, api.Value(a.Ip))
	}
	return strings.Join(out, ", ")
}

// interfaceIPv6 lists the interface's IPv6 networks; link-local ones carry no address of their own.
func interfaceIPv6(i api.Interface) string {
	var out []string
	for _, a := range api.Value(i.Ipv6Addresses) {
		if !api.Value(a.LinkLocal) {
			out = append(out, ipv6Network(a))
		}
	}
	return strings.Join(out, ", ")
}

// interfaceRdns lists "address=name" for every address that has a reverse DNS entry.
func interfaceRdns(i api.Interface) string {
	var out []string
	for _, a := range api.Value(i.Ipv4Addresses) {
		if api.Value(a.Rdns) != "" {
			out = append(out, api.Value(a.Ip)+"="+*a.Rdns)
		}
	}
	for _, a := range api.Value(i.Ipv6Addresses) {
		for _, addr := range slices.Sorted(maps.Keys(api.Value(a.Rdns))) {
			out = append(out, addr+"="+(*a.Rdns)[addr])
		}
	}
	return strings.Join(out, ", ")
}

// ipv6Network is the network in CIDR form; SCP sends cidr, else prefix alone.
func ipv6Network(a api.ServerIpv6) string {
	if a.Cidr != nil {
		return *a.Cidr
	}
	return api.Value(a.NetworkPrefix)
}
