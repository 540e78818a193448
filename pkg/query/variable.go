package query

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Variable kinds a `variable` query lists.
const (
	VariableServers    = "servers"
	VariableDisks      = "disks"
	VariableInterfaces = "interfaces"
	VariableSites      = "sites"
	VariableStates     = "states"
)

// VariableKinds lists the kinds in the order the variable editor offers them.
var VariableKinds = []string{VariableServers, VariableDisks, VariableInterfaces, VariableSites, VariableStates}

// option is one template-variable choice.
type option struct{ text, value string }

// perServerOptions reads one selected server's choices.
type perServerOptions func(ctx context.Context, client *scp.Client, t Target) ([]option, error)

var variableReaders = map[string]perServerOptions{
	VariableDisks:      diskOptions,
	VariableInterfaces: interfaceOptions,
	VariableSites:      siteOptions,
	VariableStates:     stateOptions,
}

// Variable answers `variable`: one frame with string fields text and value, which
// Grafana's variable support turns into choices. Every kind but servers reads the
// servers the query selects (e.g. ids from $server); choices are de-duplicated.
func Variable(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	kind := req.Query.VariableKind
	if kind == "" {
		kind = VariableServers
	}
	if !slices.Contains(VariableKinds, kind) {
		return backend.ErrorResponseWithErrorSource(backend.PluginError(
			fmt.Errorf("unknown variable kind %q; use one of %s", kind, strings.Join(VariableKinds, ", "))))
	}
	targets, err := SelectServers(ctx, client, req.Query)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	if kind == VariableServers {
		options := make([]option, len(targets))
		for i, t := range targets {
			options[i] = option{text: t.DisplayName(), value: strconv.Itoa(int(t.ID))}
		}
		return backend.DataResponse{Frames: data.Frames{optionsFrame(kind, options)}}
	}
	read := variableReaders[kind]
	perTarget, failures := answer.PerTarget(ctx, targets, req.Concurrency, func(ctx context.Context, t Target) ([]option, error) {
		return read(ctx, client, t)
	})
	options := distinct(slices.Concat(perTarget...))
	switch kind {
	case VariableSites:
		slices.SortFunc(options, func(a, b option) int { return strings.Compare(a.text, b.text) })
	case VariableStates:
		slices.SortFunc(options, func(a, b option) int { return stateRank(a.value) - stateRank(b.value) })
	}
	var frames data.Frames
	if len(perTarget) > 0 || len(failures) == 0 {
		frames = data.Frames{optionsFrame(kind, options)}
	}
	return answer.Respond(frames, failures)
}

func diskOptions(ctx context.Context, client *scp.Client, t Target) ([]option, error) {
	disks, err := client.Disks(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	options := make([]option, 0, len(disks))
	for _, d := range disks {
		if name := api.Value(d.Name); name != "" {
			options = append(options, option{name, name})
		}
	}
	return options, nil
}

func interfaceOptions(ctx context.Context, client *scp.Client, t Target) ([]option, error) {
	ifaces, err := client.Interfaces(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	options := make([]option, 0, len(ifaces))
	for _, iface := range ifaces {
		if mac := api.Value(iface.Mac); mac != "" {
			options = append(options, option{mac, mac})
		}
	}
	return options, nil
}

// siteOptions reads the server without live info: the site is static and the cheap read suffices.
func siteOptions(ctx context.Context, client *scp.Client, t Target) ([]option, error) {
	server, err := client.Server(ctx, t.ID, false)
	if err != nil || server.Site == nil || server.Site.City == "" {
		return nil, err
	}
	return []option{{server.Site.City, server.Site.City}}, nil
}

// stateOptions lists the live states servers are in now, not the whole enum: a choice no
// server has would select nothing.
func stateOptions(ctx context.Context, client *scp.Client, t Target) ([]option, error) {
	server, err := client.Server(ctx, t.ID, true)
	if err != nil || server.ServerLiveInfo == nil || server.ServerLiveInfo.State == nil {
		return nil, err
	}
	state := string(*server.ServerLiveInfo.State)
	return []option{{state, state}}, nil
}

// serverStates orders states for a dropdown: running first, then stopped, then the rare ones.
var serverStates = []api.ServerState{
	api.ServerStateRUNNING, api.ServerStateSHUTOFF, api.ServerStateSHUTDOWN, api.ServerStatePAUSED,
	api.ServerStatePMSUSPENDED, api.ServerStateBLOCKED, api.ServerStateCRASHED,
	api.ServerStateDISKSNAPSHOT, api.ServerStateNOSTATE,
}

func stateRank(state string) int {
	if i := slices.Index(serverStates, api.ServerState(state)); i >= 0 {
		return i
	}
	return len(serverStates) // states newer than the spec sort last
}

// distinct keeps the first option per value.
func distinct(options []option) []option {
	seen := map[string]bool{}
	out := options[:0]
	for _, o := range options {
		if !seen[o.value] {
			seen[o.value] = true
			out = append(out, o)
		}
	}
	return out
}

func optionsFrame(kind string, options []option) *data.Frame {
	texts := make([]string, len(options))
	values := make([]string, len(options))
	for i, o := range options {
		texts[i], values[i] = o.text, o.value
	}
	return answer.Table(kind, data.NewField("text", nil, texts), data.NewField("value", nil, values))
}
