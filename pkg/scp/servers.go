package scp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

const (
	// maxPageSize keeps each list call small; SCP documents no default or maximum.
	maxPageSize = 100
	// maxPages stops a misbehaving server from paging forever (100 × 1000 servers).
	maxPages = 1000
)

// ListServers returns the whole fleet, paging with limit/offset until a short page comes back.
func (c *Client) ListServers(ctx context.Context) ([]api.ServerListMinimal, error) {
	var all []api.ServerListMinimal
	for page := 0; page < maxPages; page++ {
		limit, offset := int32(c.pageSize), int32(len(all))
		params := &api.GetApiV1ServersParams{Limit: &limit, Offset: &offset}
		op := fmt.Sprintf("GET /api/v1/servers?offset=%d", offset)
		batch, err := call[[]api.ServerListMinimal](ctx, c, op, func(ctx context.Context) (*http.Response, error) {
			return c.api.GetApiV1Servers(ctx, params)
		})
		if err != nil {
			return nil, err
		}
		all = append(all, batch...)
		if len(batch) < c.pageSize {
			return all, nil
		}
	}
	return nil, fmt.Errorf("SCP: the server list did not end after %d pages", maxPages)
}
