package query

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/scp"
)

// APIStatus answers `apiStatus`: two numeric-multi frames from SCP's unauthenticated ping,
// `up` (1 or 0) and `latency` (wall time of the ping in ms). A failed ping is data, not an
// error: up=0, latency null (a fast refusal says nothing about SCP's speed), and a warning
// notice with the reason.
func APIStatus(ctx context.Context, client *scp.Client, _ Request) backend.DataResponse {
	start := time.Now()
	err := client.Ping(ctx)
	elapsed := time.Since(start)

	up, latency := 1.0, float64(elapsed.Microseconds())/1000
	latencyValue := &latency
	if err != nil {
		up, latencyValue = 0, nil
	}
	upFrame := numericFrame("up", nil, &up, nil)
	if err != nil {
		upFrame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: "SCP is not answering: " + err.Error()})
	}
	return backend.DataResponse{Frames: data.Frames{upFrame, numericFrame("latency", nil, latencyValue, unit("ms"))}}
}
