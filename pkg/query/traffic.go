package query

import (
	"context"
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Frame names: distinct for servers and interfaces, so a stat panel summing the fleet can
// pick the per-server frames by name and not count single-interface servers twice.
const (
	serverTrafficName    = "monthlyTrafficBytes"
	interfaceTrafficName = "interfaceMonthlyTrafficBytes"
)

var trafficDirections = []string{"in", "out", "total"}

// trafficRow is one server's monthly traffic (device "") or one of its interfaces'.
type trafficRow struct {
	Target
	device  string
	in, out *int64
}

// Traffic answers `traffic`: the current month's traffic in bytes as numeric-multi frames,
// per server (summed over interfaces, as the exporter) and per interface, for each
// direction, or only the direction Field names.
func Traffic(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	directions, err := pickDirections(req.Query.Field)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	c, err := trafficInventory.collect(ctx, client, req, "")
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	var frames data.Frames
	for _, r := range c.rows {
		name, labels := serverTrafficName, []string{}
		if r.device != "" {
			name, labels = interfaceTrafficName, []string{"device", r.device}
		}
		for _, dir := range directions {
			frames = append(frames, answer.Numeric(name, r.Labels(append(labels, "direction", dir)...), r.bytes(dir), answer.Unit("bytes")))
		}
	}
	return c.respond(frames)
}

// trafficInventory only reads; its rows become frames per direction, not table columns.
var trafficInventory = inventory[trafficRow]{queryType: models.QueryTypeTraffic, read: readTraffic}

func readTraffic(ctx context.Context, client *scp.Client, t Target, _ string) ([]trafficRow, error) {
	d, err := readDetail(ctx, client, t)
	if err != nil {
		return nil, err
	}
	server := trafficRow{Target: t}
	rows := []trafficRow{server}
	if d.live.Interfaces == nil {
		return rows, nil // no live info: the server's values stay null
	}
	server.in, server.out = new(int64), new(int64)
	for _, i := range *d.live.Interfaces {
		row := trafficRow{Target: t, device: api.Value(i.Mac), in: bytesFromMiB(i.RxMonthlyInMiB), out: bytesFromMiB(i.TxMonthlyInMiB)}
		server.in, server.out = addBytes(server.in, row.in), addBytes(server.out, row.out)
		rows = append(rows, row)
	}
	rows[0] = server
	return rows, nil
}

func (r trafficRow) bytes(direction string) *float64 {
	v := r.in
	switch direction {
	case "out":
		v = r.out
	case "total":
		v = addBytes(r.in, r.out)
	}
	if v == nil {
		return nil
	}
	f := float64(*v)
	return &f
}

// addBytes is null if either side is: a partial sum would understate the traffic.
func addBytes(a, b *int64) *int64 {
	if a == nil || b == nil {
		return nil
	}
	v := *a + *b
	return &v
}

func pickDirections(field string) ([]string, error) {
	if field == "" {
		return trafficDirections, nil
	}
	for _, dir := range trafficDirections {
		if strings.EqualFold(field, dir) {
			return []string{dir}, nil
		}
	}
	return nil, backend.PluginError(fmt.Errorf("traffic has no direction %q; use in, out or total, or leave the field empty for all three", field))
}
