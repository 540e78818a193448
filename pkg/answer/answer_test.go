package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

type server struct {
	id   int
	name string
}

func (s server) String() string { return fmt.Sprintf("%s (id %d)", s.name, s.id) }

var errTimeout = errors.New("timeout")

// read fails for even ids and answers odd ones with their id.
func read(_ context.Context, s server) (int, error) {
	if s.id%2 == 0 {
		return 0, errTimeout
	}
	return s.id, nil
}

func TestPerTargetKeepsOrderAndGoesPastFailures(t *testing.T) {
	servers := []server{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}, {5, "e"}}
	got, failures := PerTarget(context.Background(), servers, 2, read)
	if fmt.Sprint(got) != "[1 3 5]" {
		t.Errorf("results %v, want [1 3 5] in target order", got)
	}
	if len(failures) != 2 {
		t.Fatalf("%d failures, want 2", len(failures))
	}
	for _, f := range failures {
		if f.Target.id%2 != 0 || !errors.Is(f.Err, errTimeout) {
			t.Errorf("failure %v: %v", f.Target, f.Err)
		}
	}
}

func TestRespond(t *testing.T) {
	one := []Failure[server]{{Target: server{2, "b"}, Err: errTimeout}}

	all := Respond(nil, one)
	if all.Error == nil || all.ErrorSource != backend.ErrorSourceDownstream || !errors.Is(all.Error, errTimeout) {
		t.Fatalf("nothing read: got %v (%s), want a downstream error wrapping the first failure", all.Error, all.ErrorSource)
	}
	if want := "1 of the selected servers failed: b (id 2): timeout"; all.Error.Error() != want {
		t.Errorf("error %q, want %q", all.Error, want)
	}

	bad := Respond(nil, []Failure[server]{{Target: server{2, "b"}, Err: backend.PluginError(errTimeout)}})
	if bad.ErrorSource != backend.ErrorSourcePlugin {
		t.Errorf("a plugin error's source became %s", bad.ErrorSource)
	}

	some := Respond(data.Frames{Table("t")}, one)
	if some.Error != nil || len(some.Frames) != 1 {
		t.Fatalf("some read: %v, %d frames", some.Error, len(some.Frames))
	}
	if n := some.Frames[0].Meta.Notices; len(n) != 1 || n[0].Severity != data.NoticeSeverityWarning || !strings.Contains(n[0].Text, "b (id 2)") {
		t.Errorf("notices %v, want one warning naming the failed server", n)
	}
}

func TestSplitIDs(t *testing.T) {
	got := SplitIDs([]string{"1", " 2,3 ", "{4,5}", "", ","})
	if strings.Join(got, " ") != "1 2 3 4 5" {
		t.Errorf("SplitIDs = %q", got)
	}
}

func TestLegend(t *testing.T) {
	labels := data.Labels{"server": "web1", "device": "eth0"}
	for format, want := range map[string]string{
		"":                            "default",
		"  ":                          "default",
		"{{server}} {{ device }}":     "web1 eth0",
		"{{server}} {{missing}}":      "web1",
		"in {{server}} (literal {x})": "in web1 (literal {x})",
	} {
		if got := Legend(format, "default", labels); got != want {
			t.Errorf("Legend(%q) = %q, want %q", format, got, want)
		}
	}
}
