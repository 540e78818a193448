package simulator

import (
	"crypto/rand"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

type deviceState int

const (
	devicePending deviceState = iota
	deviceApproved
	deviceDenied
)

// deviceGrant is one RFC 8628 device authorization; guarded by Simulator.mu.
type deviceGrant struct {
	deviceCode, userCode string
	created              time.Time
	interval             time.Duration // grows by 5 s on every slow_down
	lastPoll             time.Time
	polls                int // paced polls, for DeviceAutoApprove
	state                deviceState
}

// userCodeAlphabet avoids vowels and look-alikes, as Keycloak does.
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

func newUserCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = userCodeAlphabet[int(b[i])%len(userCodeAlphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// normUserCode lets people type the code in any case, with or without the dash.
func normUserCode(c string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(strings.ToUpper(strings.TrimSpace(c)))
}

func (s *Simulator) handleDeviceAuth(w http.ResponseWriter, r *http.Request) {
	if !s.clientOK(w, r) {
		return
	}
	g := &deviceGrant{
		deviceCode: randomToken("sim-dc-", 24),
		created:    s.now(),
		interval:   time.Duration(s.opts.DeviceInterval) * time.Second,
	}
	s.mu.Lock()
	for {
		g.userCode = newUserCode()
		if _, dup := s.auth.userCodes[normUserCode(g.userCode)]; !dup {
			break
		}
	}
	s.auth.devices[g.deviceCode] = g
	s.auth.userCodes[normUserCode(g.userCode)] = g
	s.mu.Unlock()
	page := baseURL(r) + realmPrefix + "/device"
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code":               g.deviceCode,
		"user_code":                 g.userCode,
		"verification_uri":          page,
		"verification_uri_complete": page + "?user_code=" + url.QueryEscape(g.userCode),
		"expires_in":                int(s.opts.DeviceExpiresIn / time.Second),
		"interval":                  s.opts.DeviceInterval,
	})
}

// deviceToken answers a device_code grant poll (RFC 8628 §3.5).
func (s *Simulator) deviceToken(w http.ResponseWriter, r *http.Request) {
	code := r.PostForm.Get("device_code")
	now := s.now()
	s.mu.Lock()
	g := s.auth.devices[code]
	var errCode, desc string
	switch {
	case g == nil:
		errCode, desc = "invalid_grant", "Device code not valid"
	case now.Sub(g.created) >= deviceCodeTTL:
		errCode, desc = "expired_token", "Device code is expired"
		s.forgetDevice(g)
	case !g.lastPoll.IsZero() && now.Sub(g.lastPoll) < g.interval:
		g.lastPoll = now
		g.interval += 5 * time.Second
		errCode, desc = "slow_down", "Slow down"
	default:
		g.lastPoll = now
		g.polls++
		if g.state == devicePending && s.opts.DeviceAutoApprove > 0 && g.polls >= s.opts.DeviceAutoApprove {
			g.state = deviceApproved
		}
		switch g.state {
		case devicePending:
			errCode, desc = "authorization_pending", "The authorization request is still pending"
		case deviceDenied:
			errCode, desc = "access_denied", "The end user denied the authorization request"
		}
	}
	if errCode != "" {
		s.mu.Unlock()
		oauthErr(w, http.StatusBadRequest, errCode, desc)
		return
	}
	// Approved: the code is single-use; the default user gets a new offline token.
	s.forgetDevice(g)
	acct := s.accounts[0]
	rt := randomToken("sim-rt-", 32)
	s.auth.refresh[rt] = acct
	s.mu.Unlock()
	s.writeTokens(w, acct, rt)
}

// forgetDevice drops a grant; caller holds s.mu.
func (s *Simulator) forgetDevice(g *deviceGrant) {
	delete(s.auth.devices, g.deviceCode)
	delete(s.auth.userCodes, normUserCode(g.userCode))
}

// setDevice changes a pending grant's state; false if the code is unknown,
// expired or already decided.
func (s *Simulator) setDevice(userCode string, st deviceState) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.auth.userCodes[normUserCode(userCode)]
	if g == nil || g.state != devicePending || s.now().Sub(g.created) >= deviceCodeTTL {
		return false
	}
	g.state = st
	return true
}

// ApproveDevice approves a pending device sign-in for the default user.
func (s *Simulator) ApproveDevice(userCode string) { s.setDevice(userCode, deviceApproved) }

// DenyDevice denies a pending device sign-in.
func (s *Simulator) DenyDevice(userCode string) { s.setDevice(userCode, deviceDenied) }

// PendingUserCodes lists user codes awaiting a decision, sorted (for browser tests).
func (s *Simulator) PendingUserCodes() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, g := range s.auth.devices {
		if g.state == devicePending {
			out = append(out, g.userCode)
		}
	}
	sort.Strings(out)
	return out
}

var devicePage = template.Must(template.New("device").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SCP simulator – device sign-in</title>
<style>body{font-family:sans-serif;max-width:32em;margin:4em auto}input{font-size:1.4em;letter-spacing:.1em}
button{font-size:1.1em;margin:.5em .5em 0 0}.msg{padding:.6em;background:#eef}</style></head>
<body><h1>Device sign-in</h1>
<p>Simulated netcup SCP login for user <b>{{.User}}</b>.</p>
{{if .Msg}}<p class="msg" id="result">{{.Msg}}</p>{{end}}
{{if not .Done}}<form method="post">
<label>Code <input name="user_code" id="user_code" value="{{.Code}}" autocomplete="off"></label><br>
<button type="submit" name="action" value="approve" id="approve">Approve</button>
<button type="submit" name="action" value="deny" id="deny">Deny</button>
</form>{{end}}
</body></html>`))

// handleDevicePage is the human side of the device flow, for demos and browser tests.
func (s *Simulator) handleDevicePage(w http.ResponseWriter, r *http.Request) {
	data := struct {
		User, Code, Msg string
		Done            bool
	}{User: s.Username(), Code: r.URL.Query().Get("user_code")}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		_ = r.ParseForm()
		data.Code = r.PostForm.Get("user_code")
		st, verb := deviceApproved, "approved"
		if r.PostForm.Get("action") == "deny" {
			st, verb = deviceDenied, "denied"
		}
		if s.setDevice(data.Code, st) {
			data.Msg, data.Done = "Device "+verb+". You can close this window.", true
		} else {
			data.Msg, status = "Invalid or expired code.", http.StatusBadRequest
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = devicePage.Execute(w, data)
}
