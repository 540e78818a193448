package query

import (
	"regexp"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// legendPlaceholder matches {{label}} and {{ label }}.
var legendPlaceholder = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// legendName names a series. A legend format fills {{server}}, {{nickname}}, {{server_id}},
// {{device}} and {{direction}} from the series' labels; like Prometheus legends, a label the
// series lacks becomes empty. Without a format: "<server display name> <device> <direction>".
func legendName(format string, t Target, labels data.Labels) string {
	if strings.TrimSpace(format) == "" {
		parts := []string{t.DisplayName()}
		for _, l := range []string{"device", "direction"} {
			if v := labels[l]; v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, " ")
	}
	name := legendPlaceholder.ReplaceAllStringFunc(format, func(m string) string {
		return labels[legendPlaceholder.FindStringSubmatch(m)[1]]
	})
	return strings.TrimSpace(name)
}
