package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// deviceCaller calls the device routes of one data source as a user with the given org role.
type deviceCaller struct {
	t        *testing.T
	ds       *Datasource
	settings backend.DataSourceInstanceSettings
	role     string
}

func newDeviceCaller(t *testing.T, settings backend.DataSourceInstanceSettings) *deviceCaller {
	return &deviceCaller{t: t, ds: newTestDatasource(t, settings), settings: settings, role: "Admin"}
}

func (c *deviceCaller) call(path string, body any) (int, map[string]any, string) {
	c.t.Helper()
	mux := http.NewServeMux()
	c.ds.registerDeviceRoutes(mux)
	raw, _ := json.Marshal(body)
	settings := c.settings
	req := &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{Namespace: "default", User: &backend.User{Login: "u", Role: c.role}, DataSourceInstanceSettings: &settings},
		Method:        http.MethodPost,
		Path:          path,
		URL:           path,
		Body:          raw,
	}
	var rsp *backend.CallResourceResponse
	err := httpadapter.New(mux).CallResource(context.Background(), req, backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
		rsp = r
		return nil
	}))
	if err != nil || rsp == nil {
		c.t.Fatalf("%s: %v", path, err)
	}
	var out map[string]any
	if err := json.Unmarshal(rsp.Body, &out); err != nil {
		c.t.Fatalf("%s: body %q: %v", path, rsp.Body, err)
	}
	return rsp.Status, out, string(rsp.Body)
}

func (c *deviceCaller) start() (sessionID, userCode string) {
	c.t.Helper()
	status, body, raw := c.call("device/start", nil)
	if status != http.StatusOK {
		c.t.Fatalf("start: %d %s", status, raw)
	}
	if strings.Contains(raw, "sim-dc-") {
		c.t.Fatalf("start leaks the device code to the browser: %s", raw)
	}
	return body["sessionId"].(string), body["userCode"].(string)
}

func (c *deviceCaller) poll(sessionID, wantStatus string) map[string]any {
	c.t.Helper()
	status, body, raw := c.call("device/poll", map[string]string{"sessionId": sessionID})
	if status != http.StatusOK || body["status"] != wantStatus {
		c.t.Fatalf("poll: %d %s, want status %q", status, raw, wantStatus)
	}
	if wantStatus != pollSuccess && strings.Contains(raw, "sim-rt-") {
		c.t.Fatalf("a %s poll carries a token: %s", wantStatus, raw)
	}
	return body
}

func startDeviceSimulator(t *testing.T, autoApprove int) (*simulator.Simulator, *simulator.Clock, string) {
	clock := simulator.NewClock(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	sim, url := startSimulator(t, simulator.Options{Servers: 3, DeviceInterval: 1, DeviceAutoApprove: autoApprove, Now: clock.Now})
	return sim, clock, url
}

func TestDeviceSignInWithoutStoredToken(t *testing.T) {
	sim, clock, url := startDeviceSimulator(t, 3)
	c := newDeviceCaller(t, instanceSettings(url, ""))
	if c.ds.configErr == nil {
		t.Fatal("a data source without a token should have a config error")
	}

	status, started, raw := c.call("device/start", nil)
	if status != http.StatusOK || started["interval"] != 1.0 || started["expiresIn"].(float64) < 590 ||
		!strings.HasPrefix(started["verificationUriComplete"].(string), url+"/realms/scp/device?user_code=") {
		t.Fatalf("start: %d %s", status, raw)
	}
	id := started["sessionId"].(string)

	c.poll(id, pollPending)
	// Polling faster than the interval earns slow_down and a 5 s longer interval.
	if got := c.poll(id, pollSlowDown); got["interval"] != 6.0 {
		t.Fatalf("slow_down interval = %v, want 6", got["interval"])
	}
	clock.Advance(7 * time.Second)
	if got := c.poll(id, pollPending); got["interval"] != 6.0 {
		t.Fatalf("interval after slow_down = %v, want 6", got["interval"])
	}
	clock.Advance(7 * time.Second)
	before := sim.Calls()["POST /token"]
	token := c.poll(id, pollSuccess)["refreshToken"].(string)
	if calls := sim.Calls()["POST /token"] - before; calls != 1 {
		t.Fatalf("one poll made %d token requests, want 1", calls)
	}

	// The code is single-use: the session is gone, and the token works for the data source.
	c.poll(id, pollExpired)
	if res := checkHealth(t, newTestDatasource(t, instanceSettings(url, token))); res.Status != backend.HealthStatusOk {
		t.Fatalf("health with the signed-in token: %v %s", res.Status, res.Message)
	}
}

func TestDeviceSignInDeniedExpiredCancelled(t *testing.T) {
	sim, clock, url := startDeviceSimulator(t, 0)
	c := newDeviceCaller(t, instanceSettings(url, ""))

	id, userCode := c.start()
	sim.DenyDevice(userCode)
	if got := c.poll(id, pollDenied); !strings.Contains(got["message"].(string), "denied") {
		t.Fatalf("denied message: %v", got["message"])
	}

	id, _ = c.start()
	c.poll(id, pollPending)
	clock.Advance(601 * time.Second)
	if got := c.poll(id, pollExpired); !strings.Contains(got["message"].(string), "expired") {
		t.Fatalf("expired message: %v", got["message"])
	}

	id, _ = c.start()
	if status, _, raw := c.call("device/cancel", map[string]string{"sessionId": id}); status != http.StatusOK {
		t.Fatalf("cancel: %d %s", status, raw)
	}
	before := sim.Calls()["POST /token"]
	c.poll(id, pollExpired)
	if sim.Calls()["POST /token"] != before {
		t.Fatal("a poll of a cancelled sign-in reached netcup")
	}
}

func TestDeviceSessionBelongsToItsDataSource(t *testing.T) {
	_, _, url := startDeviceSimulator(t, 1)
	c := newDeviceCaller(t, instanceSettings(url, ""))
	id, _ := c.start()

	other := newDeviceCaller(t, instanceSettings(url, ""))
	other.settings.UID = "another-data-source"
	other.poll(id, pollExpired)
}

func TestDeviceRoutesNeedAdmin(t *testing.T) {
	sim, _, url := startDeviceSimulator(t, 1)
	for _, role := range []string{"Viewer", "Editor", ""} {
		c := newDeviceCaller(t, instanceSettings(url, sim.RefreshToken()))
		c.role = role
		for _, path := range []string{"device/start", "device/poll", "device/cancel", "device/revoke"} {
			status, body, _ := c.call(path, map[string]string{"sessionId": "x"})
			if status != http.StatusForbidden || !strings.Contains(body["message"].(string), "Admin") {
				t.Fatalf("role %q %s: %d %v, want 403", role, path, status, body)
			}
		}
	}
	for key, n := range sim.Calls() {
		if n > 0 && !strings.HasPrefix(key, "GET /api/") {
			t.Fatalf("a non-Admin request reached netcup: %s", key)
		}
	}
}

func TestDeviceRevoke(t *testing.T) {
	sim, _, url := startDeviceSimulator(t, 1)
	token := sim.AddUser("revoking-user", 1, 7)
	c := newDeviceCaller(t, instanceSettings(url, token))

	status, body, raw := c.call("device/revoke", nil)
	if status != http.StatusOK || strings.Contains(raw, token) || sim.Calls()["POST /revoke"] != 1 {
		t.Fatalf("revoke: %d %s, %d revoke calls", status, raw, sim.Calls()["POST /revoke"])
	}
	t.Log(body["message"])
	if res := checkHealth(t, newTestDatasource(t, instanceSettings(url, token))); res.Status != backend.HealthStatusError {
		t.Fatalf("the revoked token still works: %s", res.Message)
	}

	empty := newDeviceCaller(t, instanceSettings(url, ""))
	if status, _, raw := empty.call("device/revoke", nil); status != http.StatusBadRequest {
		t.Fatalf("revoke without a token: %d %s, want 400", status, raw)
	}
}

func TestDeviceSignInServiceUnreachable(t *testing.T) {
	c := newDeviceCaller(t, instanceSettings("http://127.0.0.1:1", ""))
	status, body, _ := c.call("device/start", nil)
	if status != http.StatusBadGateway || !strings.Contains(body["message"].(string), "Cannot reach netcup's sign-in service at http://127.0.0.1:1/realms/scp/protocol/openid-connect/auth/device") {
		t.Fatalf("start: %d %v", status, body)
	}
	if status, _, raw := c.call("device/poll", map[string]string{}); status != http.StatusBadRequest {
		t.Fatalf("poll without a session id: %d %s, want 400", status, raw)
	}
}
