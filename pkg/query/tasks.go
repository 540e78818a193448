package query

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// taskStates are the TaskState enum values, in the order the editor offers them.
var taskStates = []api.TaskState{
	api.TaskStatePENDING, api.TaskStateRUNNING, api.TaskStateFINISHED, api.TaskStateERROR,
	api.TaskStateWAITINGFORCANCEL, api.TaskStateCANCELED, api.TaskStateROLLBACK,
}

// taskColors tint task annotations by state.
var taskColors = map[api.TaskState]string{
	api.TaskStatePENDING:          "yellow",
	api.TaskStateRUNNING:          "blue",
	api.TaskStateFINISHED:         "green",
	api.TaskStateERROR:            "red",
	api.TaskStateWAITINGFORCANCEL: "orange",
	api.TaskStateCANCELED:         "gray",
	api.TaskStateROLLBACK:         "purple",
}

// ongoing states have no end yet; their annotation region runs to now.
var ongoingTaskStates = []api.TaskState{api.TaskStatePENDING, api.TaskStateRUNNING, api.TaskStateWAITINGFORCANCEL, api.TaskStateROLLBACK}

// TaskOngoing reports whether a task has no end yet.
func TaskOngoing(t api.TaskInfoMinimal) bool {
	return slices.Contains(ongoingTaskStates, api.Value(t.State))
}

// TaskProgress is a task's progress in percent, nil when SCP sends none.
func TaskProgress(t api.TaskInfoMinimal) *float64 {
	if t.TaskProgress == nil || t.TaskProgress.ProgressInPercent == nil {
		return nil
	}
	p := float64(*t.TaskProgress.ProgressInPercent)
	return &p
}

// taskRow is one task and the server it was read for (zero Target when read account-wide).
type taskRow struct {
	task   api.TaskInfoMinimal
	target Target
}

// Tasks answers `tasks`: one table, newest first, of the tasks that overlap the dashboard range
// (tasks without a start time are kept, with empty time columns). Its time, timeEnd, title,
// text, tags and color columns make it usable as an annotation query.
func Tasks(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	states, err := parseTaskStates(req.Query.TaskStates)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	counting := req.Query.Field == taskCountField
	if req.Query.Field != "" && !counting {
		return backend.ErrorResponseWithErrorSource(backend.PluginError(fmt.Errorf("tasks has one numeric field, %q, not %q", taskCountField, req.Query.Field)))
	}
	if counting {
		req.Query.Limit = models.MaxLimit // a count must not stop at the table's row limit
	}
	filters := taskFilters(states, req.Query.Limit)
	var rows []taskRow
	var failures []answer.Failure[Target]
	var targets []Target
	// SCP's task list does not say which server a task ran on, so per-server answers (picked
	// servers, or counts for alerting) read each server's tasks.
	if req.Query.ServerMode == models.ServerModeAll && !counting {
		tasks, err := readTasks(ctx, client, filters, 0)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		for _, task := range tasks {
			rows = append(rows, taskRow{task: task})
		}
	} else {
		if targets, err = SelectServers(ctx, client, req.Query); err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		var perTarget [][]taskRow
		perTarget, failures = answer.PerTarget(ctx, targets, req.Concurrency, func(ctx context.Context, t Target) ([]taskRow, error) {
			tasks, err := readTasks(ctx, client, filters, t.ID)
			rows := make([]taskRow, len(tasks))
			for i, task := range tasks {
				rows[i] = taskRow{task: task, target: t}
			}
			return rows, err
		})
		rows = slices.Concat(perTarget...)
		if len(failures) > 0 && len(failures) == len(targets) {
			return answer.Respond(nil, failures)
		}
	}
	rows = selectTasks(rows, states, req)
	if counting {
		return answer.Respond(taskCountFrames(targets, rows, failures), failures)
	}
	return answer.Respond(data.Frames{tasksFrame(rows, req.Now)}, failures)
}

// taskCountField turns tasks into one number per server: how many tasks in the chosen states
// overlap the range. Zero is a value, so a "task in ERROR" alert resolves.
const taskCountField = "count"

func taskCountFrames(targets []Target, rows []taskRow, failures []answer.Failure[Target]) data.Frames {
	counts := map[int32]float64{}
	for _, r := range rows {
		counts[r.target.ID]++
	}
	var frames data.Frames
	for _, t := range targets {
		if slices.ContainsFunc(failures, func(f answer.Failure[Target]) bool { return f.Target.ID == t.ID }) {
			continue // unknown, not zero
		}
		n := counts[t.ID]
		frames = append(frames, answer.Numeric("tasks", t.Labels(), &n, nil))
	}
	return frames
}

// parseTaskStates validates the state filter; values may come as a list, comma-separated or
// as a multi-value variable ("{RUNNING,ERROR}"). "All" means no filter.
func parseTaskStates(values []string) ([]api.TaskState, error) {
	var states []api.TaskState
	for _, v := range answer.SplitIDs(values) {
		v = strings.ToUpper(v)
		if v == "ALL" || v == "$__ALL" || v == "*" {
			return nil, nil
		}
		state := api.TaskState(v)
		if !slices.Contains(taskStates, state) {
			valid := make([]string, len(taskStates))
			for i, s := range taskStates {
				valid[i] = string(s)
			}
			return nil, backend.PluginError(fmt.Errorf("unknown task state %q; use any of %s", v, strings.Join(valid, ", ")))
		}
		if !slices.Contains(states, state) {
			states = append(states, state)
		}
	}
	return states, nil
}

// taskFilters turns a state filter into SCP reads: one per state, since SCP filters by one
// state at a time. SCP rejects ROLLBACK as a filter, so asking for it reads unfiltered and
// the states are picked out here.
func taskFilters(states []api.TaskState, limit int) []scp.TaskFilter {
	if len(states) == 0 || slices.Contains(states, api.TaskStateROLLBACK) {
		return []scp.TaskFilter{{Limit: limit}}
	}
	filters := make([]scp.TaskFilter, len(states))
	for i, s := range states {
		filters[i] = scp.TaskFilter{State: s, Limit: limit}
	}
	return filters
}

func readTasks(ctx context.Context, client *scp.Client, filters []scp.TaskFilter, serverID int32) ([]api.TaskInfoMinimal, error) {
	var all []api.TaskInfoMinimal
	for _, f := range filters {
		f.ServerID = serverID
		tasks, err := client.Tasks(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, tasks...)
	}
	return all, nil
}

// selectTasks drops duplicates, unwanted states and tasks outside the range, sorts newest
// first (tasks without a start last) and keeps the limit.
func selectTasks(rows []taskRow, states []api.TaskState, req answer.Request) []taskRow {
	seen := map[string]bool{}
	kept := rows[:0]
	for _, r := range rows {
		uuid := api.Value(r.task.Uuid)
		if (uuid != "" && seen[uuid]) || (len(states) > 0 && !slices.Contains(states, api.Value(r.task.State))) {
			continue
		}
		seen[uuid] = true
		if start, end := taskSpan(r.task, req.Now); start != nil && (start.After(req.TimeRange.To) || end.Before(req.TimeRange.From)) {
			continue
		}
		kept = append(kept, r)
	}
	slices.SortStableFunc(kept, func(a, b taskRow) int { return newestFirst(a.task.StartedAt, b.task.StartedAt) })
	return kept[:min(len(kept), req.Query.Limit)]
}

// newestFirst orders times descending, missing times last.
func newestFirst(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return b.Compare(*a)
}

// taskSpan is a task's annotation region: started..finished, ..now while ongoing, or just the
// start when SCP gives no end. Both are nil without a start.
func taskSpan(t api.TaskInfoMinimal, now time.Time) (start, end *time.Time) {
	if t.StartedAt == nil {
		return nil, nil
	}
	switch {
	case t.FinishedAt != nil:
		return t.StartedAt, t.FinishedAt
	case TaskOngoing(t):
		return t.StartedAt, &now
	}
	return t.StartedAt, t.StartedAt
}

func tasksFrame(rows []taskRow, now time.Time) *data.Frame {
	n := len(rows)
	var (
		starts, ends            = make([]*time.Time, n), make([]*time.Time, n)
		titles, texts, tags     = make([]string, n), make([]string, n), make([]string, n)
		colors, uuids, names    = make([]string, n), make([]string, n), make([]string, n)
		states, users, messages = make([]string, n), make([]string, n), make([]string, n)
		servers, serverIDs      = make([]string, n), make([]string, n)
		progress                = make([]*float64, n)
	)
	for i, r := range rows {
		t := r.task
		state := api.Value(t.State)
		starts[i], ends[i] = taskSpan(t, now)
		names[i], states[i], messages[i], uuids[i] = api.Value(t.Name), string(state), api.Value(t.Message), api.Value(t.Uuid)
		titles[i] = names[i]
		texts[i] = fmt.Sprintf("%s: %s", names[i], state)
		if messages[i] != "" {
			texts[i] += " – " + messages[i]
		}
		tags[i] = string(state)
		if r.target.ID != 0 {
			servers[i], serverIDs[i] = r.target.Name, r.target.Labels()["server_id"]
			tags[i] += "," + r.target.Name
		}
		colors[i] = taskColors[state]
		users[i] = userName(t.ExecutingUser)
		progress[i] = TaskProgress(t)
	}
	return answer.Table("tasks",
		data.NewField("time", nil, starts),
		data.NewField("timeEnd", nil, ends),
		data.NewField("title", nil, titles),
		data.NewField("text", nil, texts),
		data.NewField("tags", nil, tags),
		data.NewField("color", nil, colors),
		data.NewField("uuid", nil, uuids),
		data.NewField("name", nil, names),
		data.NewField("state", nil, states),
		data.NewField("progress", nil, progress).SetConfig(answer.Unit("percent")),
		data.NewField("user", nil, users),
		data.NewField("message", nil, messages),
		data.NewField("server", nil, servers),
		data.NewField("server_id", nil, serverIDs),
	)
}

// userName is how SCP users read a user: the username, else the full name.
func userName(u *api.UserMinimal) string {
	if u == nil {
		return ""
	}
	if name := api.Value(u.Username); name != "" {
		return name
	}
	return strings.TrimSpace(api.Value(u.Firstname) + " " + api.Value(u.Lastname))
}
