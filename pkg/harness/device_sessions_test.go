package harness

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// TestDeviceSignInsAreCountedPerOwner: one org filling its own quota of running sign-ins does
// not stop a second org's sign-in (even with the same data source UID), nor another data
// source of the same org; and however long the sign-in service says its codes live, a
// sign-in lasts at most 15 minutes.
func TestDeviceSignInsAreCountedPerOwner(t *testing.T) {
	p, _ := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Ten years, as a hostile or broken auth URL might announce.
	sim, url := startSimulator(t, simulator.Options{Servers: 1, DeviceExpiresIn: 315360000 * time.Second})
	start := func(ds DataSource) (int, map[string]any) {
		res, err := p.CallResource(ctx, ds, http.MethodPost, "device/start", []byte("{}"))
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		if err := json.Unmarshal(res.Body, &body); err != nil {
			t.Fatalf("device/start answered %d %s", res.Status, res.Body)
		}
		return res.Status, body
	}

	orgOne := dataSourceFor(url, sim.RefreshToken())
	orgOne.OrgID = 1
	for i := range 3 {
		status, body := start(orgOne)
		if status != http.StatusOK {
			t.Fatalf("sign-in %d of org 1 answered %d %v", i+1, status, body)
		}
		if expires, _ := body["expiresIn"].(float64); expires <= 0 || expires > 15*60 {
			t.Errorf("a sign-in announced for ten years expires in %v s, want at most 900", body["expiresIn"])
		}
	}
	status, body := start(orgOne)
	if status != http.StatusTooManyRequests || !strings.Contains(body["message"].(string), "already running for this data source") {
		t.Errorf("a 4th sign-in of the same data source answered %d %v, want 429 naming the data source's quota", status, body)
	}

	orgTwo := orgOne // the same data source UID, in another org
	orgTwo.OrgID = 2
	if status, body := start(orgTwo); status != http.StatusOK {
		t.Errorf("org 2 could not sign in while org 1 had its quota full: %d %v", status, body)
	}
	sibling := dataSourceFor(url, sim.RefreshToken())
	sibling.OrgID = 1
	if status, body := start(sibling); status != http.StatusOK {
		t.Errorf("another data source of org 1 could not sign in: %d %v", status, body)
	}
}
