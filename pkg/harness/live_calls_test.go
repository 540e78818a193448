package harness

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestLiveUpstreamCallsPerMinute measures what Live costs in SCP calls with 1 and with 10
// streams of each channel: the tasks channel and the state channel of a server a task runs on.
// Every account-wide task list moves the simulator's clock a second, which moves the task
// 0.1 %: the progress one stream sees counts the task lists made between two of its frames,
// whoever made them. Over 10 frames of one stream (10 Live intervals) that gives the calls per
// interval, and at the default interval, per minute. Viewers share the pollers, so the figures
// must not grow with the streams.
func TestLiveUpstreamCallsPerMinute(t *testing.T) {
	p, _ := startPlugin(t)
	const intervals = 10
	perMinute := float64(time.Minute / models.DefaultLiveInterval)
	for _, streams := range []int{1, 10} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		clock := newSimClock()
		sim := simulator.New(simulator.Options{Servers: 5, Seed: 6, Now: clock.Now})
		url := serveSimulator(t, sim, tickingTaskList(clock, time.Second))
		ds := liveDataSource(url, sim.RefreshToken())
		id := sim.ServerIDs()[2]
		uuid, err := sim.StartTask(id, simulator.TaskReboot, 1000*time.Second, false)
		if err != nil {
			t.Fatal(err)
		}
		var tasks []*watched
		for range streams {
			tasks = append(tasks, watch(t, ctx, p, ds, "tasks"))
			watch(t, ctx, p, ds, fmt.Sprintf("servers/%d/state", id)).next(t)
		}
		// Once the task has its server, every poll is steady: no task is new to the channel.
		for _, s := range tasks {
			s.waitFor(t, "the task on its server", func(f *data.Frame) bool {
				row, ok := taskIn(f, uuid)
				return ok && row.serverID != ""
			})
		}
		progress := func(f *data.Frame) float64 {
			row, _ := taskIn(f, uuid)
			return row.progress
		}
		start := progress(tasks[0].next(t))
		onServer, all := countCalls(sim, serverCall(id)), len(sim.CallLog())
		for range intervals - 1 {
			tasks[0].next(t)
		}
		end := progress(tasks[0].next(t))
		serverCalls := countCalls(sim, serverCall(id)) - onServer
		taskLists := int(math.Round((end - start) * 10))
		others := len(sim.CallLog()) - all - serverCalls - taskLists
		tasksPerMinute := float64(taskLists) / intervals * perMinute
		serverPerMinute := float64(serverCalls) / intervals * perMinute
		t.Logf("%2d stream(s) per channel: tasks channel %.0f SCP calls/min, servers/{id}/state channel while a task runs %.0f calls/min "+
			"(default %s interval; measured over %d intervals of 1 s: %d task lists, %d server calls, %d others)",
			streams, tasksPerMinute, serverPerMinute, models.DefaultLiveInterval, intervals, taskLists, serverCalls, others)
		// One task list per interval; the server's tasks and detail once per interval each,
		// give or take a poll where the two channels' tickers drift apart on a loaded machine.
		if taskLists != intervals || serverCalls > 2*(intervals+2) || others > 1 {
			t.Errorf("%d streams per channel: %d task lists and %d server calls in %d intervals, %d others",
				streams, taskLists, serverCalls, intervals, others)
		}
		cancel()
	}
}
