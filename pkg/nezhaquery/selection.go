package nezhaquery

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// selectServers reads the dashboard's servers and applies the query's selection: the tag (v0
// tag or v2 group) first, then the server mode with the same semantics as SCP's.
func selectServers(ctx context.Context, client *nezha.Client, q models.Query) ([]nezha.Server, error) {
	servers, err := client.Servers(ctx)
	if err != nil {
		return nil, err
	}
	return selectAmong(servers, q)
}

func selectAmong(servers []nezha.Server, q models.Query) ([]nezha.Server, error) {
	tagged := filterByTag(servers, q.Tag)
	switch q.ServerMode {
	case models.ServerModeAll:
		return tagged, nil
	case models.ServerModeIDs:
		return selectByID(servers, tagged, q.ServerIDs)
	case models.ServerModeRegex:
		re, err := regexp.Compile(q.ServerRegex)
		if err != nil {
			return nil, backend.PluginError(fmt.Errorf("the server regex %q is invalid: %v", q.ServerRegex, err))
		}
		var out []nezha.Server
		for _, s := range tagged {
			if re.MatchString(s.Name) {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return nil, backend.PluginError(fmt.Errorf("unknown server mode %q; use all, ids or regex", q.ServerMode))
}

// filterByTag keeps the servers carrying one of the tags; none or "All" keeps every server.
func filterByTag(servers []nezha.Server, tag string) []nezha.Server {
	tags := answer.SplitIDs([]string{tag})
	if len(tags) == 0 || slices.ContainsFunc(tags, models.IsAllValue) {
		return servers
	}
	var out []nezha.Server
	for _, s := range servers {
		if slices.ContainsFunc(s.Tags, func(t string) bool { return slices.Contains(tags, t) }) {
			out = append(out, s)
		}
	}
	return out
}

// selectByID keeps the listed servers, in list order. An id the dashboard does not know
// is an error; a known one outside the tag is left out.
func selectByID(all, tagged []nezha.Server, ids []string) ([]nezha.Server, error) {
	known := map[uint64]bool{}
	for _, s := range all {
		known[s.ID] = true
	}
	var out []nezha.Server
	seen := map[uint64]bool{}
	for _, raw := range answer.SplitIDs(ids) {
		id, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			return nil, backend.PluginError(fmt.Errorf("server id %q is not a number; pick servers from the list or use a variable whose values are Nezha server ids", raw))
		}
		if !known[id] {
			return nil, backend.PluginError(fmt.Errorf("server id %d is not among this Nezha dashboard's %d servers; it may have been deleted, or the token's server whitelist hides it", id, len(all)))
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if i := slices.IndexFunc(tagged, func(s nezha.Server) bool { return s.ID == id }); i >= 0 {
			out = append(out, tagged[i])
		}
	}
	return out, nil
}

// serverLabels are the dimensions of every per-server Nezha frame.
func serverLabels(s nezha.Server, extra ...string) data.Labels {
	labels := data.Labels{"server_id": strconv.FormatUint(s.ID, 10), "server": s.Name, "tag": s.Tag()}
	for i := 0; i+1 < len(extra); i += 2 {
		labels[extra[i]] = extra[i+1]
	}
	return labels
}

// server is a selected server as the fan-out sees it; String names it in failure notices.
type server struct{ nezha.Server }

func (s server) String() string { return fmt.Sprintf("%s (id %d)", s.Name, s.ID) }

// perServer runs read for every server in parallel via answer.PerTarget, keeping going past
// failures.
func perServer[T any](ctx context.Context, servers []nezha.Server, limit int, read func(context.Context, nezha.Server) (T, error)) ([]T, []answer.Failure[server]) {
	targets := make([]server, len(servers))
	for i, s := range servers {
		targets[i] = server{s}
	}
	return answer.PerTarget(ctx, targets, limit, func(ctx context.Context, s server) (T, error) {
		return read(ctx, s.Server)
	})
}
