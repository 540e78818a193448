// Package harness runs the compiled plugin executable the way Grafana does: a hashicorp
// go-plugin handshake over gRPC with the SDK's protocol version, magic cookie and plugin set.
// Tests, the artefact checks and the benchmark all talk to the plugin through it.
package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// PluginID is the id Grafana passes in every plugin context.
const PluginID = "vpsfleet-netcupscp-datasource"

// Build compiles the plugin's main package into dir and returns the executable's path.
// flags go to `go build`, e.g. -race.
func Build(dir string, flags ...string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "gpx_netcupscp")
	cmd := exec.Command("go", append(append([]string{"build"}, flags...), "-o", bin, "./pkg")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// Plugin is a running plugin process.
type Plugin struct {
	client      *goplugin.Client
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
	stream      grpcplugin.StreamClient
}

// Start launches the executable; its log output goes to logs (may be nil).
func Start(bin string, logs io.Writer) (*Plugin, error) {
	if logs == nil {
		logs = io.Discard
	}
	cmd := exec.Command(bin)
	cmd.Env = os.Environ()
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		Plugins: map[string]goplugin.Plugin{
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
			"data":        &grpcplugin.DataGRPCPlugin{},
			"stream":      &grpcplugin.StreamGRPCPlugin{},
		},
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		// go-plugin re-logs the plugin's stderr through this logger; keep it with the rest.
		Logger:       hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug}),
		SyncStderr:   logs,
		SyncStdout:   logs,
		StartTimeout: 30 * time.Second,
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("starting plugin: %w", err)
	}
	p := &Plugin{client: client}
	for name, target := range map[string]any{"data": &p.data, "diagnostics": &p.diagnostics, "resource": &p.resource, "stream": &p.stream} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			client.Kill()
			return nil, fmt.Errorf("dispensing %s: %w", name, err)
		}
		switch t := target.(type) {
		case *grpcplugin.DataClient:
			*t = raw.(grpcplugin.DataClient)
		case *grpcplugin.DiagnosticsClient:
			*t = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.ResourceClient:
			*t = raw.(grpcplugin.ResourceClient)
		case *grpcplugin.StreamClient:
			*t = raw.(grpcplugin.StreamClient)
		}
	}
	return p, nil
}

// Close stops the plugin process.
func (p *Plugin) Close() { p.client.Kill() }

// Pid is the plugin process id, for resource measurements.
func (p *Plugin) Pid() int { return p.client.ReattachConfig().Pid }

// DataSource is one configured data source, as Grafana stores it.
type DataSource struct {
	// ID is Grafana's numeric id; the plugin protocol keys instances by UID.
	ID       int64
	UID      string
	JSONData map[string]any
	Secure   map[string]string
	// Updated changes the instance key; Grafana bumps it on every save.
	Updated time.Time
	// Role is the Grafana org role of the calling user; empty means Admin.
	Role string
	// OrgID is the Grafana organization the data source belongs to; 0 means 1.
	OrgID int64
	// NoUser sends no user, as Grafana does for alert rules and as older releases do elsewhere.
	NoUser bool
}

var nextID atomic.Int64

// NewDataSource returns a data source with a fresh id, so instances never collide across tests.
func NewDataSource(jsonData map[string]any, secure map[string]string) DataSource {
	id := nextID.Add(1)
	return DataSource{ID: id, UID: fmt.Sprintf("ds-%d", id), JSONData: jsonData, Secure: secure, Updated: time.Now()}
}

func (ds DataSource) pluginContext() (*pluginv2.PluginContext, error) {
	jsonData, err := json.Marshal(ds.JSONData)
	if err != nil {
		return nil, err
	}
	role := ds.Role
	if role == "" {
		role = "Admin"
	}
	user := &pluginv2.User{Login: "admin", Name: "admin", Role: role}
	if ds.NoUser {
		user = nil
	}
	return &pluginv2.PluginContext{
		OrgId:    max(ds.OrgID, 1),
		PluginId: PluginID,
		User:     user,
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Uid:                     ds.UID,
			Name:                    "netcup SCP",
			JsonData:                jsonData,
			DecryptedSecureJsonData: ds.Secure,
			LastUpdatedMS:           ds.Updated.UnixMilli(),
		},
	}, nil
}

// CheckHealth calls the plugin's health check.
func (p *Plugin) CheckHealth(ctx context.Context, ds DataSource) (*backend.CheckHealthResult, error) {
	pc, err := ds.pluginContext()
	if err != nil {
		return nil, err
	}
	rsp, err := p.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(rsp), nil
}

// Query is one panel query: its refId, the query JSON and the dashboard time range.
type Query struct {
	RefID         string
	JSON          map[string]any
	From, To      time.Time
	MaxDataPoints int64
	Interval      time.Duration
}

// QueryData sends the queries in one request without Grafana's panel headers, as an alert
// rule or Explore does.
func (p *Plugin) QueryData(ctx context.Context, ds DataSource, queries ...Query) (*backend.QueryDataResponse, error) {
	return p.queryData(ctx, ds, nil, queries)
}

// QueryPanel sends a panel's queries in one request with the headers Grafana sets for it.
func (p *Plugin) QueryPanel(ctx context.Context, ds DataSource, panel Panel) (*backend.QueryDataResponse, error) {
	return p.queryData(ctx, ds, panel.Headers(), panel.Queries)
}

func (p *Plugin) queryData(ctx context.Context, ds DataSource, headers map[string]string, queries []Query) (*backend.QueryDataResponse, error) {
	pc, err := ds.pluginContext()
	if err != nil {
		return nil, err
	}
	req := &pluginv2.QueryDataRequest{PluginContext: pc, Headers: headers}
	for _, q := range queries {
		raw, err := json.Marshal(q.JSON)
		if err != nil {
			return nil, err
		}
		queryType, _ := q.JSON["queryType"].(string)
		req.Queries = append(req.Queries, &pluginv2.DataQuery{
			RefId:         q.RefID,
			QueryType:     queryType,
			Json:          raw,
			MaxDataPoints: q.MaxDataPoints,
			IntervalMS:    q.Interval.Milliseconds(),
			TimeRange:     &pluginv2.TimeRange{FromEpochMS: q.From.UnixMilli(), ToEpochMS: q.To.UnixMilli()},
		})
	}
	rsp, err := p.data.QueryData(ctx, req)
	if err != nil {
		return nil, err
	}
	return backend.FromProto().QueryDataResponse(rsp)
}

// CallResource calls a resource route with GET (body nil) or POST.
func (p *Plugin) CallResource(ctx context.Context, ds DataSource, method, path string, body []byte) (*backend.CallResourceResponse, error) {
	pc, err := ds.pluginContext()
	if err != nil {
		return nil, err
	}
	u := strings.SplitN(path, "?", 2)
	req := &pluginv2.CallResourceRequest{PluginContext: pc, Method: method, Path: strings.TrimPrefix(u[0], "/"), Url: path, Body: body}
	stream, err := p.resource.CallResource(ctx, req)
	if err != nil {
		return nil, err
	}
	var out *backend.CallResourceResponse
	for {
		chunk, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		part := backend.FromProto().CallResourceResponse(chunk)
		if out == nil {
			out = part
		} else {
			out.Body = append(out.Body, part.Body...)
		}
	}
	if out == nil {
		return nil, fmt.Errorf("no response from resource %s", path)
	}
	return out, nil
}

// SubscribeStream asks the plugin whether the user may join a Live channel of ds, as Grafana
// does for a channel ds/<uid>/<path> once it has checked that the user may query ds.
func (p *Plugin) SubscribeStream(ctx context.Context, ds DataSource, path string) (*backend.SubscribeStreamResponse, error) {
	pc, err := ds.pluginContext()
	if err != nil {
		return nil, err
	}
	rsp, err := p.stream.SubscribeStream(ctx, &pluginv2.SubscribeStreamRequest{PluginContext: pc, Path: path})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().SubscribeStreamResponse(rsp), nil
}

// PublishStream sends data to a Live channel of ds, as Grafana does for a viewer that publishes.
func (p *Plugin) PublishStream(ctx context.Context, ds DataSource, path string, data []byte) (*backend.PublishStreamResponse, error) {
	pc, err := ds.pluginContext()
	if err != nil {
		return nil, err
	}
	rsp, err := p.stream.PublishStream(ctx, &pluginv2.PublishStreamRequest{PluginContext: pc, Path: path, Data: data})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().PublishStreamResponse(rsp), nil
}

// Stream is a running Live stream of one channel, as Grafana runs it for the channel's viewers.
type Stream struct {
	packets pluginv2.Stream_RunStreamClient
}

// RunStream starts the stream of a Live channel of ds; it runs until ctx ends.
func (p *Plugin) RunStream(ctx context.Context, ds DataSource, path string) (*Stream, error) {
	pc, err := ds.pluginContext()
	if err != nil {
		return nil, err
	}
	packets, err := p.stream.RunStream(ctx, &pluginv2.RunStreamRequest{PluginContext: pc, Path: path})
	if err != nil {
		return nil, err
	}
	return &Stream{packets: packets}, nil
}

// Recv waits for the stream's next frame.
func (s *Stream) Recv() (*data.Frame, error) {
	packet, err := s.packets.Recv()
	if err != nil {
		return nil, err
	}
	var frame data.Frame
	if err := json.Unmarshal(packet.GetData(), &frame); err != nil {
		return nil, fmt.Errorf("a stream packet is no frame: %w", err)
	}
	return &frame, nil
}

// Goroutines reads go_goroutines from the plugin's metrics, as Grafana scrapes them.
func (p *Plugin) Goroutines(ctx context.Context) (int, error) {
	rsp, err := p.diagnostics.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{})
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(rsp.GetMetrics().GetPrometheus()), "\n") {
		if value, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			var n float64
			if _, err := fmt.Sscan(value, &n); err != nil {
				return 0, err
			}
			return int(n), nil
		}
	}
	return 0, fmt.Errorf("the plugin's metrics have no go_goroutines")
}
