package simulator

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

func TestServerPaging(t *testing.T) {
	e := newEnv(t, Options{Servers: 23})
	tok := e.token(defaultRefreshToken)
	var all []api.ServerListMinimal
	resp := e.getJSON(tok, "/api/v1/servers", 200, &all)
	if len(all) != 23 || resp.Header.Get("X-Total-Count") != "23" {
		t.Fatalf("list: %d items, X-Total-Count %q", len(all), resp.Header.Get("X-Total-Count"))
	}
	for i, id := range e.sim.ServerIDs() {
		if *all[i].Id != id {
			t.Fatalf("ServerIDs()[%d] = %d, list has %d", i, id, *all[i].Id)
		}
	}
	var got []int32
	for off := 0; off < 30; off += 10 {
		var pg []api.ServerListMinimal
		resp := e.getJSON(tok, "/api/v1/servers?limit=10&offset="+itoa32(int32(off)), 200, &pg)
		if resp.Header.Get("X-Total-Count") != "23" {
			t.Errorf("page X-Total-Count %q", resp.Header.Get("X-Total-Count"))
		}
		for _, s := range pg {
			got = append(got, *s.Id)
		}
	}
	if len(got) != 23 || got[0] != *all[0].Id || got[22] != *all[22].Id {
		t.Errorf("paged ids %v", got)
	}
	var empty []api.ServerListMinimal
	e.getJSON(tok, "/api/v1/servers?offset=100", 200, &empty)
	if len(empty) != 0 {
		t.Errorf("offset past end: %d items", len(empty))
	}
	e.getJSON(tok, "/api/v1/servers?limit=-1", 400, nil)
	e.getJSON(tok, "/api/v1/servers?offset=x", 400, nil)
}

func TestServerSearch(t *testing.T) {
	e := newEnv(t, Options{Servers: 40})
	tok := e.token(defaultRefreshToken)
	a := e.sim.defaultAccount()
	var withNick, withIP *server
	for _, s := range a.servers {
		if s.nickname != "" && withNick == nil {
			withNick = s
		}
		if len(s.ipv4s()) > 0 && withIP == nil {
			withIP = s
		}
	}
	var res []api.ServerListMinimal
	e.getJSON(tok, "/api/v1/servers?q="+strings.ToUpper(withNick.nickname), 200, &res)
	if !containsServer(res, withNick.id) {
		t.Errorf("q=%s misses %d", strings.ToUpper(withNick.nickname), withNick.id)
	}
	e.getJSON(tok, "/api/v1/servers?q="+withIP.ipv4s()[0].ip, 200, &res) // substring: .2 also finds .20
	if !containsServer(res, withIP.id) || len(res) == len(a.servers) {
		t.Errorf("q by IPv4: %d results", len(res))
	}
	e.getJSON(tok, "/api/v1/servers?ip="+withIP.ipv4s()[0].ip, 200, &res)
	if len(res) != 1 || *res[0].Id != withIP.id {
		t.Errorf("ip filter: %v", res)
	}
	v6 := withIP.publicIface().ipv6[0].prefix + "abcd:1" // any address inside the /64
	e.getJSON(tok, "/api/v1/servers?ip="+v6, 200, &res)
	if len(res) != 1 || *res[0].Id != withIP.id {
		t.Errorf("ip filter %s: %v", v6, res)
	}
	e.getJSON(tok, "/api/v1/servers?name="+strings.ToUpper(a.servers[3].name), 200, &res)
	if len(res) != 1 || *res[0].Id != a.servers[3].id {
		t.Errorf("name filter: %v", res)
	}
	e.getJSON(tok, "/api/v1/servers?sort=-name", 200, &res)
	for i := 1; i < len(res); i++ {
		if *res[i-1].Name < *res[i].Name {
			t.Fatalf("sort=-name not descending at %d", i)
		}
	}
	e.getJSON(tok, "/api/v1/servers?sort=ip", 400, nil)
}

func containsServer(list []api.ServerListMinimal, id int32) bool {
	for _, s := range list {
		if *s.Id == id {
			return true
		}
	}
	return false
}

// TestSpecialServers: every fleet of >= 4 servers shows a stopped server, an
// active rescue system, a pending reboot and a throttled interface.
func TestSpecialServers(t *testing.T) {
	for _, n := range []int{4, 5, 50, 500} {
		for _, seed := range []int64{1, 2, 99} {
			e := newEnv(t, Options{Servers: n, Seed: seed})
			tok := e.token(defaultRefreshToken)
			var stopped, rescue, changed, throttled int
			for _, id := range e.sim.ServerIDs()[:min(n, 60)] { // API check on a sample
				var s api.Server
				e.getJSON(tok, "/api/v1/servers/"+itoa32(id), 200, &s)
				li := s.ServerLiveInfo
				if *li.State == api.ServerStateSHUTOFF {
					stopped++
				}
				if *s.RescueSystemActive {
					rescue++
					var rs api.RescueSystemStatus
					e.getJSON(tok, "/api/v1/servers/"+itoa32(id)+"/rescuesystem", 200, &rs)
					if !*rs.Active || rs.Password == nil || *rs.Password != e.sim.RescuePassword(id) {
						t.Errorf("rescue status %+v", rs)
					}
				}
				if *li.ConfigChanged {
					changed++
				}
				for _, f := range *li.Interfaces {
					if *f.TrafficThrottled {
						throttled++
					}
				}
			}
			if n <= 60 && (stopped == 0 || rescue == 0 || changed == 0 || throttled == 0) {
				t.Errorf("n=%d seed=%d: stopped=%d rescue=%d configChanged=%d throttled=%d", n, seed, stopped, rescue, changed, throttled)
			}
			a := e.sim.defaultAccount() // whole fleet via the model for big n
			var sv [4]int
			for _, s := range a.servers {
				sv[0] += b2i(s.state == api.ServerStateSHUTOFF)
				sv[1] += b2i(s.rescue)
				sv[2] += b2i(s.configChanged)
				sv[3] += b2i(s.publicIface().throttled)
			}
			if sv[0] == 0 || sv[1] == 0 || sv[2] == 0 || sv[3] == 0 {
				t.Errorf("n=%d seed=%d model: %v", n, seed, sv)
			}
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestServerDetail(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	id := itoa32(e.sim.ServerIDs()[0])
	_, body := e.get(tok, "/api/v1/servers/"+id+"?loadServerLiveInfo=false")
	if bytes.Contains(body, []byte("serverLiveInfo")) {
		t.Errorf("loadServerLiveInfo=false still sends live info: %s", body)
	}
	var s api.Server
	e.getJSON(tok, "/api/v1/servers/"+id, 200, &s)
	if s.ServerLiveInfo == nil || len(*s.ServerLiveInfo.Disks) == 0 || *(*s.ServerLiveInfo.Disks)[0].Driver != strings.ToLower(*(*s.ServerLiveInfo.Disks)[0].Driver) {
		t.Errorf("live info %+v", s.ServerLiveInfo)
	}
	var nf map[string]string
	e.getJSON(tok, "/api/v1/servers/1", 404, &nf)
	if nf["code"] != "error.notfound" || nf["message"] != "Resource not found" {
		t.Errorf("404 body %v", nf)
	}
	e.getJSON(tok, "/api/v1/servers/abc", 400, nil)
	e.getJSON(tok, "/api/v1/servers/"+id+"/disks/nope", 404, nil)
	e.getJSON(tok, "/api/v1/servers/"+id+"?loadServerLiveInfo=maybe", 400, nil)
}

func TestFleetDeterministic(t *testing.T) {
	body := func(seed int64) []byte {
		e := newEnv(t, Options{Servers: 12, Seed: seed})
		tok := e.token(defaultRefreshToken)
		var out bytes.Buffer
		for _, p := range []string{"/api/v1/servers", "/api/v1/tasks"} {
			_, b := e.get(tok, p)
			out.Write(b)
		}
		for _, id := range e.sim.ServerIDs() {
			for _, p := range []string{"", "/interfaces", "/snapshots", "/logs", "/metrics/disk"} {
				_, b := e.get(tok, "/api/v1/servers/"+itoa32(id)+p)
				out.Write(b)
			}
		}
		return out.Bytes()
	}
	if !bytes.Equal(body(5), body(5)) {
		t.Error("same seed, different fleet")
	}
	if bytes.Equal(body(5), body(6)) {
		t.Error("different seeds, same fleet")
	}
}

func TestPing(t *testing.T) {
	e := newEnv(t, Options{})
	for accept, want := range map[string]int{"": 200, "text/plain": 200, "*/*": 200, "application/json": 406} {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/scp-core/api/ping", nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != want || (want == 200 && b.String() != "OK") {
			t.Errorf("Accept %q: %d %q", accept, resp.StatusCode, b.String())
		}
	}
}

func TestUnknownRoutes(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(defaultRefreshToken)
	var m map[string]string
	e.getJSON(tok, "/api/v1/nothing-here", 404, &m)
	if m["code"] != "error.notfound" {
		t.Errorf("unknown route body %v", m)
	}
	resp, err := http.Post(e.srv.URL+"/scp-core/api/v1/servers", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST servers: %d", resp.StatusCode)
	}
}
