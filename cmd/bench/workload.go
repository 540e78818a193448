package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/harness"
)

// workload is what one refresh sends: its requests at that refresh's now, since a dashboard's
// relative time range moves with every refresh.
type workload struct {
	name     string
	requests func(now time.Time) ([]harness.Panel, error)
}

// opener opens a workload through send at now, as a browser opens a dashboard.
type opener func(ctx context.Context, send sender, now time.Time) (workload, error)

func openOverviewSet(context.Context, sender, time.Time) (workload, error) {
	return workload{name: "overview set", requests: func(now time.Time) ([]harness.Panel, error) {
		return harness.OverviewSet(now), nil
	}}, nil
}

// dashboardOpener loads dash: its variable queries run first, and their values (for $server at
// All, every server's id) go into every refresh's requests.
func dashboardOpener(dash *harness.Dashboard) opener {
	return func(ctx context.Context, send sender, now time.Time) (workload, error) {
		variables, err := dash.VariableRequests(now)
		if err != nil {
			return workload{}, err
		}
		options := map[string][]string{}
		for _, v := range variables {
			rsp, err := send(ctx, v)
			if err := answerProblem(v, rsp, err); err != nil {
				return workload{}, fmt.Errorf("variable %w", err)
			}
			for _, q := range v.Queries {
				options[v.Title] = append(options[v.Title], harness.VariableValues(rsp.Responses[q.RefID])...)
			}
		}
		return workload{name: "dashboard", requests: func(now time.Time) ([]harness.Panel, error) {
			return dash.Requests(now, options)
		}}, nil
	}
}
