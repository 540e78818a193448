// Package live is what a data source pushes through Grafana Live: the channels it offers and,
// per channel, a source that polls SCP and builds the frame its subscribers see. pkg/plugin
// runs the sources, one poller per channel, and answers live queries with their frames.
package live

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/live"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Channel is one Live channel of a data source: the account's tasks, or one server's state.
type Channel struct {
	// ServerID is the server of a servers/{id}/state channel, 0 for the tasks channel.
	ServerID int32
}

// Tasks is the channel of the account's running and pending tasks.
var Tasks = Channel{}

// ServerState is the channel of one server's state.
func ServerState(id int32) Channel { return Channel{ServerID: id} }

const tasksPath = "tasks"

var serverStatePath = regexp.MustCompile(`^servers/([1-9][0-9]*)/state$`)

// Parse returns the channel at path, below ds/<uid>/; ok is false for paths no channel has.
func Parse(path string) (c Channel, ok bool) {
	if path == tasksPath {
		return Tasks, true
	}
	m := serverStatePath.FindStringSubmatch(path)
	if m == nil {
		return Channel{}, false
	}
	id, err := strconv.ParseInt(m[1], 10, 32)
	if err != nil {
		return Channel{}, false
	}
	return ServerState(int32(id)), true
}

// Path is where the channel lives below ds/<uid>/.
func (c Channel) Path() string {
	if c.ServerID == 0 {
		return tasksPath
	}
	return fmt.Sprintf("servers/%d/state", c.ServerID)
}

// Address is the channel's id in Grafana Live, as a frame's meta names it.
func (c Channel) Address(datasourceUID string) string {
	return live.Channel{Scope: live.ScopeDatasource, Namespace: datasourceUID, Path: c.Path()}.String()
}

// Source is what one channel polls. A source keeps what it learnt between polls, so one
// poller uses it at a time.
type Source interface {
	// Poll reads the channel's frame. fresh > 0 asks for answers younger than fresh, where
	// the source needs them (a poller); 0 takes the cache's lifetimes (a query's first frame).
	Poll(ctx context.Context, fresh time.Duration) (*data.Frame, error)
}

// NewSource returns what polls the channel through client; concurrency bounds its fan-out.
func (c Channel) NewSource(client *scp.Client, concurrency int) Source {
	if c.ServerID == 0 {
		return &tasksSource{client: client, concurrency: concurrency}
	}
	return &serverStateSource{client: client, id: c.ServerID}
}
