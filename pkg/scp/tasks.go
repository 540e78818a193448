package scp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// TaskFilter narrows the task list; zero values mean "any".
type TaskFilter struct {
	ServerID int32
	State    api.TaskState
	// Limit caps how many tasks are read, newest first.
	Limit int
}

// Tasks lists tasks, paging until a short page or the limit.
func (c *Client) Tasks(ctx context.Context, filter TaskFilter) ([]api.TaskInfoMinimal, error) {
	var all []api.TaskInfoMinimal
	for page := 0; page < maxPages; page++ {
		limit, offset := int32(c.pageSize), int32(len(all))
		params := &api.GetApiV1TasksParams{Limit: &limit, Offset: &offset}
		if filter.ServerID != 0 {
			params.ServerId = &filter.ServerID
		}
		if filter.State != "" {
			params.State = &filter.State
		}
		batch, err := call[[]api.TaskInfoMinimal](ctx, c, fmt.Sprintf("GET /api/v1/tasks?offset=%d", offset), func(ctx context.Context) (*http.Response, error) {
			return c.api.GetApiV1Tasks(ctx, params)
		})
		if err != nil {
			return nil, err
		}
		all = append(all, batch...)
		if len(batch) < c.pageSize || (filter.Limit > 0 && len(all) >= filter.Limit) {
			break
		}
	}
	if filter.Limit > 0 && len(all) > filter.Limit {
		all = all[:filter.Limit]
	}
	return all, nil
}

// Maintenance reads the announced maintenance window (deprecated by SCP, removed by end of 2026).
//
//lint:ignore SA1019 the endpoint is deprecated upstream but still served; callers handle its 404
func (c *Client) Maintenance(ctx context.Context) (api.Maintenance, error) {
	//lint:ignore SA1019 as above
	return call[api.Maintenance](ctx, c, "GET /api/v1/maintenance", func(ctx context.Context) (*http.Response, error) {
		return c.api.GetApiV1Maintenance(ctx)
	})
}
