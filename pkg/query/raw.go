package query

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Raw answers `raw`: any GET of the SCP spec, checked against the spec, its JSON answer
// flattened into a table with secrets redacted. This gives the read coverage of the
// netcup CLI for endpoints no other query type covers.
func Raw(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	params := maps.Clone(req.Query.Params)
	// The user-scoped GETs need the account's SCP user id, which users rarely know; they read
	// account data, so the id is only looked up where the Admin allows that.
	if strings.Contains(req.Query.Path, "{userId}") && strings.TrimSpace(params["userId"]) == "" {
		if err := scp.CheckAccess(req.RawAccess, "GET "+req.Query.Path, models.RawAccessAll); err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		user, err := client.CurrentUser(ctx)
		if err != nil {
			return backend.ErrorResponseWithErrorSource(err)
		}
		if params == nil {
			params = map[string]string{}
		}
		params["userId"] = strconv.Itoa(int(user.ID))
	}
	get, err := scp.ResolveGet(ctx, req.Query.Path, params, req.RawAccess)
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
