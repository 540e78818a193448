package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// TestPanelsGetTheSameSeriesInFewerFrames: every panel of the bundled dashboard, asked as
// Grafana asks for a panel (X-Panel-Id), gets the same values under the same frame names,
// field names, labels and display names as an alert rule asking the same queries, in -wide
// frames instead of one -multi frame per series or value.
func TestPanelsGetTheSameSeriesInFewerFrames(t *testing.T) {
	env := startArtifactEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dash, err := ReadDashboard(repoPath(t, dashboardPath))
	if err != nil {
		t.Fatal(err)
	}
	panels, err := dash.Requests(env.now, map[string][]string{"server": env.ids})
	if err != nil {
		t.Fatal(err)
	}
	multiFrames, panelFrames := 0, 0
	for _, panel := range panels {
		if panel.ID == 0 {
			continue // annotations are no panel
		}
		asPanel, err := env.plugin.QueryPanel(ctx, env.ds, panel)
		if err != nil {
			t.Fatal(err)
		}
		asRule, err := env.plugin.QueryData(ctx, env.ds, panel.Queries...)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range panel.Queries {
			packed, multi := asPanel.Responses[q.RefID], asRule.Responses[q.RefID]
			where := fmt.Sprintf("panel %q %s", panel.Title, q.RefID)
			if packed.Error != nil || multi.Error != nil {
				t.Errorf("%s: %v / %v", where, packed.Error, multi.Error)
				continue
			}
			if got, want := valuesOf(t, packed.Frames), valuesOf(t, multi.Frames); !slices.Equal(got, want) {
				t.Errorf("%s: the panel got\n%s\nan alert rule got\n%s", where, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, f := range packed.Frames {
				if f.Meta != nil && (f.Meta.Type == data.FrameTypeNumericMulti || f.Meta.Type == data.FrameTypeTimeSeriesMulti) && len(packed.Frames) > 1 && sameNameCount(packed.Frames, f.Name) > 1 {
					t.Errorf("%s: %d %s frames named %q were left unpacked", where, sameNameCount(packed.Frames, f.Name), f.Meta.Type, f.Name)
				}
			}
			multiFrames += len(multi.Frames)
			panelFrames += len(packed.Frames)
		}
	}
	t.Logf("the dashboard's panels: %d frames as -multi, %d as panels get them", multiFrames, panelFrames)
	if panelFrames >= multiFrames {
		t.Errorf("panels got %d frames, no fewer than the %d -multi frames", panelFrames, multiFrames)
	}
}

func sameNameCount(frames data.Frames, name string) int {
	n := 0
	for _, f := range frames {
		if f.Name == name {
			n++
		}
	}
	return n
}

// valuesOf lists every value field as "frame/field {labels} display name: values", sorted, the
// identity Grafana names a field by in a panel, with its values.
func valuesOf(t *testing.T, frames data.Frames) []string {
	var out []string
	for _, f := range frames {
		for _, field := range f.Fields {
			if field.Type().Time() {
				continue
			}
			display := ""
			if field.Config != nil {
				display = field.Config.DisplayNameFromDS
			}
			values := make([]any, field.Len())
			for i := range values {
				values[i], _ = field.ConcreteAt(i)
			}
			raw, err := json.Marshal(values)
			if err != nil {
				t.Fatal(err)
			}
			if field.Name == "latency" {
				raw = []byte("(measured anew by every query)")
			}
			out = append(out, fmt.Sprintf("%s/%s %s %q: %s", f.Name, field.Name, field.Labels, display, raw))
		}
	}
	slices.Sort(out)
	return out
}
