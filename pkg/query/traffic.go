package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// Traffic is being implemented (issue 3); TEMPORARY placeholder, replaced by its real handler.
func Traffic(_ context.Context, _ *scp.Client, _ Request) backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusNotImplemented, backend.ErrorSourcePlugin, "not implemented yet")
}
