package query

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Target is one selected server and the names its frames carry.
type Target struct {
	ID       int32
	Name     string
	Nickname string
	Hostname string
}

func targetOf(s api.ServerListMinimal) Target {
	return Target{ID: api.Value(s.Id), Name: api.Value(s.Name), Nickname: api.Value(s.Nickname), Hostname: api.Value(s.Hostname)}
}

// Labels are the dimensions every per-server frame carries, so alert rules get one
// instance per server. The nickname label falls back to the name, as DisplayName does, so a
// summary such as "{{ $labels.server }} ({{ $labels.nickname }})" never shows "()"; tables
// keep SCP's nickname as it is.
func (t Target) Labels(extra ...string) data.Labels {
	labels := data.Labels{"server_id": strconv.Itoa(int(t.ID)), "server": t.Name, "nickname": t.DisplayName()}
	for i := 0; i+1 < len(extra); i += 2 {
		labels[extra[i]] = extra[i+1]
	}
	return labels
}

// String names the server in failure notices: "name (id N)".
func (t Target) String() string { return fmt.Sprintf("%s (id %d)", t.Name, t.ID) }

// DisplayName is what users call the server: its nickname, else its name.
func (t Target) DisplayName() string {
	if t.Nickname != "" {
		return t.Nickname
	}
	return t.Name
}

// SelectServers resolves a query's server selection against the fleet list.
func SelectServers(ctx context.Context, client *scp.Client, q models.Query) ([]Target, error) {
	servers, err := client.ListServers(ctx)
	if err != nil {
		return nil, err
	}
	switch q.ServerMode {
	case models.ServerModeIDs:
		return selectByID(servers, q.ServerIDs)
	case models.ServerModeRegex:
		return selectByRegex(servers, q.ServerRegex)
	case models.ServerModeAll:
		targets := make([]Target, len(servers))
		for i, s := range servers {
			targets[i] = targetOf(s)
		}
		return targets, nil
	}
	return nil, backend.PluginError(fmt.Errorf("unknown server mode %q; use all, ids or regex", q.ServerMode))
}

func selectByID(servers []api.ServerListMinimal, ids []string) ([]Target, error) {
	byID := make(map[int32]api.ServerListMinimal, len(servers))
	for _, s := range servers {
		byID[api.Value(s.Id)] = s
	}
	targets := make([]Target, 0, len(ids))
	seen := map[int32]bool{}
	for _, raw := range answer.SplitIDs(ids) {
		id, err := strconv.ParseInt(raw, 10, 32)
		if err != nil {
			return nil, backend.PluginError(fmt.Errorf("server id %q is not a number; pick servers from the list or use a variable whose values are server ids", raw))
		}
		s, ok := byID[int32(id)]
		if !ok {
			return nil, backend.PluginError(fmt.Errorf("server id %d is not in this account's %d servers; it may have been cancelled or belong to another account", id, len(servers)))
		}
		if !seen[int32(id)] {
			seen[int32(id)] = true
			targets = append(targets, targetOf(s))
		}
	}
	return targets, nil
}

func selectByRegex(servers []api.ServerListMinimal, pattern string) ([]Target, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, backend.PluginError(fmt.Errorf("the server regex %q is invalid: %v", pattern, err))
	}
	var targets []Target
	for _, s := range servers {
		t := targetOf(s)
		if re.MatchString(t.Name) || re.MatchString(t.Nickname) || re.MatchString(t.Hostname) {
			targets = append(targets, t)
		}
	}
	return targets, nil
}
