package query

import (
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
)

// legendName names a series. A legend format fills {{server}}, {{nickname}}, {{server_id}},
// {{device}} and {{direction}} from the series' labels; like Prometheus legends, a label the
// series lacks becomes empty. Without a format: "<server display name> <device> <direction>".
func legendName(format string, t Target, labels data.Labels) string {
	parts := []string{t.DisplayName()}
	for _, l := range []string{"device", "direction"} {
		if v := labels[l]; v != "" {
			parts = append(parts, v)
		}
	}
	return answer.Legend(format, strings.Join(parts, " "), labels)
}
