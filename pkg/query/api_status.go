package query

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// APIStatus answers `apiStatus`: two numeric-multi frames from SCP's unauthenticated ping,
// `up` (1 or 0) and `latency` (wall time of the ping in ms), or only the one `field` names —
// an alert rule needs one series per label set. A failed ping is data, not an error: up=0,
// latency null (a fast refusal says nothing about SCP's speed), and a warning notice with the
// reason.
func APIStatus(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	field := req.Query.Field
	if field != "" && field != "up" && field != "latency" {
		return backend.ErrorResponseWithErrorSource(backend.PluginError(fmt.Errorf("apiStatus has the fields up and latency, not %q", field)))
	}
	start := time.Now()
	err := client.Ping(ctx)
	elapsed := time.Since(start)

	up, latency := 1.0, float64(elapsed.Microseconds())/1000
	latencyValue := &latency
	if err != nil {
		up, latencyValue = 0, nil
	}
	upFrame := answer.Numeric("up", nil, &up, nil)
	if err != nil {
		upFrame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: "SCP is not answering: " + err.Error()})
	}
	latencyFrame := answer.Numeric("latency", nil, latencyValue, answer.Unit("ms"))
	switch field {
	case "up":
		return backend.DataResponse{Frames: data.Frames{upFrame}}
	case "latency":
		return backend.DataResponse{Frames: data.Frames{latencyFrame}}
	}
	return backend.DataResponse{Frames: data.Frames{upFrame, latencyFrame}}
}
