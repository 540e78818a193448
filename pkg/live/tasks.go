package live

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/query"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// taskPage is how many of the newest tasks one call reads, account-wide or per server. A task
// still running behind that many newer ones drops out of the channel.
const taskPage = 100

// endedTaskRetention is how long a task that ended while the channel watched it stays listed,
// in the state it ended in, so a panel shows how it ended.
const endedTaskRetention = 10 * time.Minute

// tasksSource polls the tasks channel: one read of the newest tasks, plus the servers of tasks
// it sees for the first time.
type tasksSource struct {
	client      *scp.Client
	concurrency int
	// endedAt holds the tasks the channel lists: zero while ongoing, else when a poll first
	// saw them ended.
	endedAt map[string]time.Time
	// servers remembers the server of each listed task; a zero Target where none was found.
	servers map[string]query.Target
}

func (s *tasksSource) Poll(ctx context.Context, fresh time.Duration) (*data.Frame, error) {
	page, err := s.client.Tasks(freshIf(ctx, fresh > 0, fresh), scp.TaskFilter{Limit: taskPage})
	if err != nil {
		return nil, err
	}
	listed := s.pick(page, upstream.AsOf(ctx, time.Now))
	s.place(ctx, fresh, listed)
	return tasksFrame(listed, s.servers), nil
}

// pick keeps the ongoing tasks, and those that ended since a poll saw them ongoing, for
// endedTaskRetention.
func (s *tasksSource) pick(page []api.TaskInfoMinimal, now time.Time) []api.TaskInfoMinimal {
	endedAt := map[string]time.Time{}
	var listed []api.TaskInfoMinimal
	for _, t := range page {
		uuid := api.Value(t.Uuid)
		ended, watched := s.endedAt[uuid]
		switch {
		case query.TaskOngoing(t):
			endedAt[uuid] = time.Time{}
		case !watched:
			continue // it ended before the channel saw it run
		case ended.IsZero():
			endedAt[uuid] = now
		case now.Sub(ended) < endedTaskRetention:
			endedAt[uuid] = ended
		default:
			continue
		}
		listed = append(listed, t)
	}
	s.endedAt = endedAt
	return listed
}

// place finds the servers of listed tasks not placed yet. SCP's task list does not name a
// task's server, but it filters by one: a task new to the channel costs one read per server
// (as fresh as the poll's; the server list at the cache's pace), once. A task found on no
// server, or whose server could not be read, stays without one.
func (s *tasksSource) place(ctx context.Context, fresh time.Duration, listed []api.TaskInfoMinimal) {
	servers := map[string]query.Target{}
	var unplaced []string
	for _, t := range listed {
		uuid := api.Value(t.Uuid)
		if target, ok := s.servers[uuid]; ok {
			servers[uuid] = target
		} else {
			unplaced = append(unplaced, uuid)
		}
	}
	s.servers = servers
	if len(unplaced) == 0 {
		return
	}
	for _, uuid := range unplaced {
		servers[uuid] = query.Target{}
	}
	targets, err := query.SelectServers(ctx, s.client, models.Query{ServerMode: models.ServerModeAll})
	if err != nil {
		return
	}
	type found struct {
		target query.Target
		tasks  []api.TaskInfoMinimal
	}
	perServer, _ := answer.PerTarget(freshIf(ctx, fresh > 0, fresh), targets, s.concurrency, func(ctx context.Context, t query.Target) (found, error) {
		tasks, err := s.client.Tasks(ctx, scp.TaskFilter{ServerID: t.ID, Limit: taskPage})
		return found{t, tasks}, err
	})
	for _, f := range perServer {
		for _, t := range f.tasks {
			if uuid := api.Value(t.Uuid); slices.Contains(unplaced, uuid) {
				servers[uuid] = f.target
			}
		}
	}
}

// tasksFrame is the channel's table, newest first as SCP lists them.
func tasksFrame(tasks []api.TaskInfoMinimal, servers map[string]query.Target) *data.Frame {
	n := len(tasks)
	var (
		starts                 = make([]*time.Time, n)
		uuids, names, states   = make([]string, n), make([]string, n), make([]string, n)
		progress               = make([]*float64, n)
		messages               = make([]string, n)
		serverNames, serverIDs = make([]string, n), make([]string, n)
	)
	for i, t := range tasks {
		starts[i] = t.StartedAt
		uuids[i], names[i], states[i], messages[i] = api.Value(t.Uuid), api.Value(t.Name), string(api.Value(t.State)), api.Value(t.Message)
		progress[i] = query.TaskProgress(t)
		if target := servers[uuids[i]]; target.ID != 0 {
			serverNames[i], serverIDs[i] = target.DisplayName(), strconv.Itoa(int(target.ID))
		}
	}
	return answer.Table("tasks",
		data.NewField("time", nil, starts),
		data.NewField("uuid", nil, uuids),
		data.NewField("name", nil, names),
		data.NewField("state", nil, states),
		data.NewField("progress", nil, progress).SetConfig(answer.Unit("percent")),
		data.NewField("message", nil, messages),
		data.NewField("server", nil, serverNames),
		data.NewField("server_id", nil, serverIDs),
	)
}
