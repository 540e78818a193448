// Package answertest holds what the tests of both handler packages (pkg/query and
// pkg/nezhaquery) share: the pinned clock and the golden-frame check.
package answertest

import (
	"flag"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
)

// update rewrites the golden files: go test ./pkg/query ./pkg/nezhaquery -update
var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// Now pins both the simulators' clocks and the plugin's, so golden frames are stable.
var Now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// CheckGolden compares a response with testdata/<name>.jsonc of the package under test.
func CheckGolden(t *testing.T, name string, rsp backend.DataResponse) {
	t.Helper()
	if rsp.Error != nil {
		t.Fatalf("%s: unexpected error: %v", name, rsp.Error)
	}
	experimental.CheckGoldenJSONResponse(t, "testdata", name, &rsp, *update)
}
