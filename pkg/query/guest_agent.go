package query

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// agentRow is one flattened key of a server's guest-agent data.
type agentRow struct {
	Target
	key, value string
}

// GuestAgent answers `guestAgent`: each server's QEMU guest-agent data as key/value rows,
// nested keys joined with "." (fsinfo.0.mountpoint). SCP promises no stable shape for this
// data, so it is shown as it comes. A server without an agent gives one row saying so.
func GuestAgent(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	return agentInventory.run(ctx, client, req)
}

var agentInventory = inventory[agentRow]{
	queryType: models.QueryTypeGuestAgent,
	fields: append(serverColumns(func(r agentRow) Target { return r.Target }),
		answer.Column("key", "", func(r agentRow) string { return r.key }),
		answer.Column("value", "", func(r agentRow) string { return r.value }),
	),
	read: readGuestAgent,
}

func readGuestAgent(ctx context.Context, client *scp.Client, t Target, _ string) ([]agentRow, error) {
	agent, err := client.GuestAgent(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	available := api.Value(agent.GuestAgentAvailable)
	rows := []agentRow{{Target: t, key: "guestAgentAvailable", value: strconv.FormatBool(available)}}
	if !available {
		return rows, nil
	}
	flatten("", api.Value(agent.GuestAgentData), func(key, value string) {
		rows = append(rows, agentRow{Target: t, key: key, value: value})
	})
	return rows, nil
}

// flatten visits every leaf of decoded JSON: object keys sorted, array items in order.
func flatten(key string, v any, emit func(key, value string)) {
	join := func(child string) string {
		if key == "" {
			return child
		}
		return key + "." + child
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 && key != "" {
			emit(key, "{}")
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			flatten(join(k), x[k], emit)
		}
	case []any:
		if len(x) == 0 {
			emit(key, "[]")
		}
		for i, item := range x {
			flatten(join(strconv.Itoa(i)), item, emit)
		}
	case nil:
		emit(key, "null")
	case string:
		emit(key, x)
	case float64:
		emit(key, strconv.FormatFloat(x, 'f', -1, 64))
	default:
		emit(key, fmt.Sprint(x))
	}
}
