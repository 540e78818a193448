package query

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Log sources.
const (
	logSourceServer = "server"
	logSourceUser   = "user"
)

// logLinesVersion is the version of the dataplane logs contract (LogLines 0.0).
var logLinesVersion = data.FrameTypeVersion{0, 0}

// logEntry is one SCP log entry and where it came from.
type logEntry struct {
	log api.Log
	// scope identifies the log ("server-<id>" or "user-<id>"), for line ids.
	scope  string
	labels map[string]string
}

// Logs answers `logs`: the newest server logs of the selected servers (source "server", the
// default) or the account's user log (source "user"), within the dashboard range, as one
// dataplane log-lines frame (timestamp, body, severity, id, labels) for Explore and logs
// panels. Its first time and string fields also make it an annotation query.
func Logs(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	var entries []logEntry
	var failures []answer.Failure[Target]
	switch source := strings.ToLower(strings.TrimSpace(req.Query.LogSource)); source {
	case "", logSourceServer:
		targets, err := SelectServers(ctx, client, req.Query)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		var perTarget [][]logEntry
		perTarget, failures = answer.PerTarget(ctx, targets, req.Concurrency, func(ctx context.Context, t Target) ([]logEntry, error) {
			logs, err := client.ServerLogs(ctx, t.ID, int32(req.Query.Limit))
			scope := "server-" + strconv.Itoa(int(t.ID))
			return logEntries(logs, scope, t.Labels()), err
		})
		if len(targets) > 0 && len(failures) == len(targets) {
			return answer.Respond(nil, failures)
		}
		entries = slices.Concat(perTarget...)
	case logSourceUser:
		if err := scp.CheckAccess(req.RawAccess, "the user log", models.RawAccessAll); err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		user, err := client.CurrentUser(ctx)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		logs, err := client.UserLogs(ctx, user.ID, int32(req.Query.Limit))
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		entries = logEntries(logs, "user-"+strconv.Itoa(int(user.ID)), nil)
	default:
		return backend.ErrorResponseWithErrorSource(backend.PluginError(fmt.Errorf("unknown log source %q; use server or user", source)))
	}
	return answer.Respond(data.Frames{logsFrame(selectLogs(entries, req))}, failures)
}

func logEntries(logs []api.Log, scope string, labels map[string]string) []logEntry {
	out := make([]logEntry, len(logs))
	for i, l := range logs {
		out[i] = logEntry{log: l, scope: scope, labels: labels}
	}
	return out
}

// selectLogs keeps the entries inside the range (entries without a date cannot be placed and
// are dropped), newest first, up to the limit.
func selectLogs(entries []logEntry, req answer.Request) []logEntry {
	kept := slices.DeleteFunc(entries, func(e logEntry) bool {
		d := e.log.Date
		return d == nil || d.Before(req.TimeRange.From) || d.After(req.TimeRange.To)
	})
	slices.SortStableFunc(kept, func(a, b logEntry) int { return newestFirst(a.log.Date, b.log.Date) })
	return kept[:min(len(kept), req.Query.Limit)]
}

func logsFrame(entries []logEntry) *data.Frame {
	n := len(entries)
	times := make([]time.Time, n)
	bodies, severities, ids := make([]string, n), make([]string, n), make([]string, n)
	labels := make([]json.RawMessage, n)
	seen := map[string]int{}
	for i, e := range entries {
		l := e.log
		times[i] = *l.Date
		key := api.Value(l.LogKey)
		bodies[i] = cmp.Or(api.Value(l.Message), key)
		severities[i] = logSeverity(api.Value(l.Type))
		// SCP log entries have no id; time, scope and key identify one stably across refreshes.
		id := fmt.Sprintf("%s_%d_%s", e.scope, l.Date.UnixNano(), key)
		if seen[id]++; seen[id] > 1 {
			id += "_" + strconv.Itoa(seen[id])
		}
		ids[i] = id
		labels[i] = logLabels(e.labels, key, userName(l.ExecutingUser))
	}
	frame := data.NewFrame("logs",
		data.NewField("timestamp", nil, times),
		data.NewField("body", nil, bodies),
		data.NewField("severity", nil, severities),
		data.NewField("id", nil, ids),
		data.NewField("labels", nil, labels),
	)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeLogLines, TypeVersion: logLinesVersion, PreferredVisualization: data.VisTypeLogs}
	return frame
}

// logSeverity maps SCP's log types onto Grafana's log levels.
func logSeverity(t api.LogType) string {
	switch t {
	case api.LogTypeERROR:
		return "error"
	case api.LogTypeWARNING:
		return "warning"
	case api.LogTypeINFO:
		return "info"
	}
	return "unknown"
}

// logLabels is the labels field: the source's labels plus the entry's key and user, without
// empty values.
func logLabels(base map[string]string, key, user string) json.RawMessage {
	labels := map[string]string{"logKey": key, "user": user}
	for k, v := range base {
		labels[k] = v
	}
	maps.DeleteFunc(labels, func(_, v string) bool { return v == "" })
	raw, _ := json.Marshal(labels) // a map of strings always marshals
	return raw
}
