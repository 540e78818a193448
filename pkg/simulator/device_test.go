package simulator

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startDevice begins a device authorization and returns device_code, user_code.
func (e *env) startDevice() (string, string, map[string]any) {
	e.t.Helper()
	st, m := e.form("/auth/device", url.Values{"client_id": {"scp"}, "scope": {"offline_access openid"}})
	if st != http.StatusOK {
		e.t.Fatalf("auth/device: %d %v", st, m)
	}
	return m["device_code"].(string), m["user_code"].(string), m
}

func (e *env) poll(deviceCode string) (int, map[string]any) {
	e.t.Helper()
	return e.form("/token", url.Values{"client_id": {"scp"}, "grant_type": {deviceGrantType}, "device_code": {deviceCode}})
}

func wantPoll(t *testing.T, st int, m map[string]any, wantErr string) {
	t.Helper()
	if wantErr == "" {
		if st != 200 {
			t.Fatalf("poll: %d %v, want 200", st, m)
		}
		return
	}
	if st != 400 || m["error"] != wantErr {
		t.Fatalf("poll: %d %v, want 400 %s", st, m, wantErr)
	}
}

func TestDeviceFlowApproved(t *testing.T) {
	e := newEnv(t, Options{})
	dc, uc, m := e.startDevice()
	if !regexp.MustCompile(`^[A-Z]{4}-[A-Z]{4}$`).MatchString(uc) {
		t.Errorf("user_code %q", uc)
	}
	if m["expires_in"] != 600.0 || m["interval"] != 5.0 {
		t.Errorf("expires_in/interval %v %v", m["expires_in"], m["interval"])
	}
	page := e.srv.URL + "/realms/scp/device"
	if m["verification_uri"] != page || m["verification_uri_complete"] != page+"?user_code="+uc {
		t.Errorf("verification uris %v %v", m["verification_uri"], m["verification_uri_complete"])
	}

	st, r := e.poll(dc)
	wantPoll(t, st, r, "authorization_pending")
	e.clock.Advance(2 * time.Second) // faster than the 5 s interval
	st, r = e.poll(dc)
	wantPoll(t, st, r, "slow_down")
	e.clock.Advance(6 * time.Second) // the interval is now 10 s
	st, r = e.poll(dc)
	wantPoll(t, st, r, "slow_down")
	e.clock.Advance(16 * time.Second) // 15 s after two slow_downs
	st, r = e.poll(dc)
	wantPoll(t, st, r, "authorization_pending")

	e.sim.ApproveDevice(strings.ToLower(uc)) // codes are case-insensitive
	e.clock.Advance(16 * time.Second)
	st, r = e.poll(dc)
	wantPoll(t, st, r, "")
	rt, _ := r["refresh_token"].(string)
	if rt == "" || rt == defaultRefreshToken {
		t.Fatalf("want a new refresh token, got %q", rt)
	}
	e.getJSON(e.token(rt), "/api/v1/servers", 200, nil) // valid thereafter, for the default user

	e.clock.Advance(16 * time.Second)
	st, r = e.poll(dc)
	wantPoll(t, st, r, "invalid_grant") // single use
}

func TestDeviceFlowDeniedAndExpired(t *testing.T) {
	e := newEnv(t, Options{})
	dc, uc, _ := e.startDevice()
	e.sim.DenyDevice(uc)
	st, r := e.poll(dc)
	wantPoll(t, st, r, "access_denied")

	dc, _, _ = e.startDevice()
	e.clock.Advance(599 * time.Second)
	st, r = e.poll(dc)
	wantPoll(t, st, r, "authorization_pending")
	e.clock.Advance(time.Second)
	st, r = e.poll(dc)
	wantPoll(t, st, r, "expired_token")
}

func TestDeviceAutoApprove(t *testing.T) {
	e := newEnv(t, Options{DeviceAutoApprove: 2, DeviceInterval: 1})
	dc, _, _ := e.startDevice()
	st, r := e.poll(dc)
	wantPoll(t, st, r, "authorization_pending")
	e.clock.Advance(time.Second)
	st, r = e.poll(dc)
	wantPoll(t, st, r, "")
}

func TestDevicePage(t *testing.T) {
	e := newEnv(t, Options{})
	dc, uc, m := e.startDevice()
	resp, err := http.Get(m["verification_uri_complete"].(string))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `value="`+uc+`"`) || !strings.Contains(string(body), "Approve") {
		t.Fatalf("device page %d: %s", resp.StatusCode, body)
	}
	if got := e.sim.PendingUserCodes(); len(got) != 1 || got[0] != uc {
		t.Errorf("PendingUserCodes %v", got)
	}
	resp, err = http.PostForm(e.srv.URL+"/realms/scp/device", url.Values{"user_code": {uc}, "action": {"approve"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "approved") {
		t.Fatalf("approve %d: %s", resp.StatusCode, body)
	}
	st, r := e.poll(dc)
	wantPoll(t, st, r, "")

	resp, err = http.PostForm(e.srv.URL+"/realms/scp/device", url.Values{"user_code": {"NOPE-NOPE"}, "action": {"deny"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("unknown code: %d", resp.StatusCode)
	}
}
