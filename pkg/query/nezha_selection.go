package query

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/nezha"
)

// selectNezha reads the dashboard's servers and applies the query's selection: the tag (v0
// tag or v2 group) first, then the server mode with the same semantics as SCP's.
func selectNezha(ctx context.Context, client *nezha.Client, q models.Query) ([]nezha.Server, error) {
	servers, err := client.Servers(ctx)
	if err != nil {
		return nil, err
	}
	return selectNezhaServers(servers, q)
}

func selectNezhaServers(servers []nezha.Server, q models.Query) ([]nezha.Server, error) {
	tagged := filterByTag(servers, q.Tag)
	switch q.ServerMode {
	case models.ServerModeAll:
		return tagged, nil
	case models.ServerModeIDs:
		return selectNezhaByID(servers, tagged, q.ServerIDs)
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
	tags := splitIDs([]string{tag})
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

// selectNezhaByID keeps the listed servers, in list order. An id the dashboard does not know
// is an error; a known one outside the tag is left out.
func selectNezhaByID(all, tagged []nezha.Server, ids []string) ([]nezha.Server, error) {
	known := map[uint64]bool{}
	for _, s := range all {
		known[s.ID] = true
	}
	var out []nezha.Server
	seen := map[uint64]bool{}
	for _, raw := range splitIDs(ids) {
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

// nezhaLabels are the dimensions of every per-server Nezha frame.
func nezhaLabels(s nezha.Server, extra ...string) data.Labels {
	labels := data.Labels{"server_id": strconv.FormatUint(s.ID, 10), "server": s.Name, "tag": s.Tag()}
	for i := 0; i+1 < len(extra); i += 2 {
		labels[extra[i]] = extra[i+1]
	}
	return labels
}

// nezhaPerServer runs read for every server in parallel via perServer, keeping going past
// failures. Nezha ids are small auto-increment numbers, so they fit perServer's Target.
func nezhaPerServer[T any](ctx context.Context, servers []nezha.Server, limit int, read func(context.Context, nezha.Server) (T, error)) ([]T, []serverFailure) {
	targets := make([]Target, len(servers))
	byID := make(map[int32]nezha.Server, len(servers))
	for i, s := range servers {
		targets[i] = Target{ID: int32(s.ID), Name: s.Name}
		byID[targets[i].ID] = s
	}
	return perServer(ctx, targets, limit, func(ctx context.Context, t Target) (T, error) {
		return read(ctx, byID[t.ID])
	})
}

// nezhaLegend names a series: the legend format filled from its labels, or def.
func nezhaLegend(format, def string, labels data.Labels) string {
	if strings.TrimSpace(format) == "" {
		return def
	}
	return strings.TrimSpace(legendPlaceholder.ReplaceAllStringFunc(format, func(m string) string {
		return labels[legendPlaceholder.FindStringSubmatch(m)[1]]
	}))
}
