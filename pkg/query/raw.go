package query

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Raw answers `raw`: any GET of the SCP spec, checked against the spec, its JSON answer
// flattened into a table with secrets redacted. This gives the read coverage of the
// netcup CLI for endpoints no other query type covers.
func Raw(ctx context.Context, client *scp.Client, req Request) backend.DataResponse {
	params := maps.Clone(req.Query.Params)
	// The user-scoped GETs need the account's SCP user id, which users rarely know.
	if strings.Contains(req.Query.Path, "{userId}") && strings.TrimSpace(params["userId"]) == "" {
		user, err := client.CurrentUser(ctx)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		if params == nil {
			params = map[string]string{}
		}
		params["userId"] = strconv.Itoa(int(user.ID))
	}
	get, err := scp.ResolveGet(ctx, req.Query.Path, params)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	body, err := client.Get(ctx, get)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(err)
	}
	decoded, err := decodeJSON(body)
	if err != nil {
		return backend.ErrorResponseWithErrorSource(backend.DownstreamError(fmt.Errorf("SCP answered %s with unreadable JSON: %v", get, err)))
	}
	frame := flattenJSON(get.Path(), decoded)
	frame.Meta.ExecutedQueryString = get.String()
	return backend.DataResponse{Frames: data.Frames{frame}}
}
