package simulator

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

func TestAddUserIsolation(t *testing.T) {
	e := newEnv(t, Options{Servers: 8, Seed: 4})
	rt := e.sim.AddUser("second", 8, 4) // same seed on purpose: ids must still differ
	mine, theirs := e.sim.ServerIDs(), e.sim.ServerIDsOf("second")
	if len(theirs) != 8 {
		t.Fatalf("second user has %d servers", len(theirs))
	}
	seen := map[int32]bool{}
	for _, id := range mine {
		seen[id] = true
	}
	for _, id := range theirs {
		if seen[id] {
			t.Fatalf("server id %d in both fleets", id)
		}
	}

	tok2 := e.token(rt)
	var list []api.ServerListMinimal
	e.getJSON(tok2, "/api/v1/servers", 200, &list)
	if len(list) != 8 || *list[0].Id != theirs[0] {
		t.Errorf("second user's list: %v", list)
	}
	var nf map[string]string
	e.getJSON(tok2, "/api/v1/servers/"+itoa32(mine[0]), 404, &nf)
	if nf["code"] != "error.notfound" {
		t.Errorf("foreign server body %v", nf)
	}
	e.getJSON(tok2, "/api/v1/servers/"+itoa32(mine[0])+"/metrics/cpu", 404, nil)
	e.getJSON(tok2, "/api/v1/tasks?serverId="+itoa32(mine[0]), 200, &list)
	if len(list) != 0 {
		t.Errorf("foreign tasks visible: %d", len(list))
	}

	tok1 := e.token(defaultRefreshToken)
	e.getJSON(tok1, "/api/v1/users/"+itoa32(e.sim.UserID()), 200, nil)
	e.getJSON(tok2, "/api/v1/users/"+itoa32(e.sim.UserID()), 404, nil)
	e.getJSON(tok1, "/api/v1/users/abc", 400, nil)

	// The interfaces of the two fleets share no MAC or IPv4 either.
	addrs := map[string]bool{}
	for _, user := range []string{e.sim.Username(), "second"} {
		e.sim.mu.RLock()
		a := e.sim.byName[user]
		e.sim.mu.RUnlock()
		for _, s := range a.servers {
			for _, f := range s.ifaces {
				keys := []string{f.mac}
				for _, ip := range f.ipv4 {
					keys = append(keys, ip.ip)
				}
				for _, k := range keys {
					if addrs[k] {
						t.Fatalf("%s used twice", k)
					}
					addrs[k] = true
				}
			}
		}
	}
	if again := e.sim.AddUser("second", 3, 9); again != rt || len(e.sim.ServerIDsOf("second")) != 8 {
		t.Error("AddUser with an existing name must keep the account")
	}
}

func TestUserResources(t *testing.T) {
	e := newEnv(t, Options{Servers: 10})
	tok := e.token(defaultRefreshToken)
	u := "/api/v1/users/" + itoa32(e.sim.UserID())
	var v4 []api.FailoverIPv4
	e.getJSON(tok, u+"/failoverips/v4", 200, &v4)
	if len(v4) == 0 {
		t.Fatal("no failover IPv4")
	}
	var filtered []api.FailoverIPv4
	e.getJSON(tok, u+"/failoverips/v4?ip="+*v4[0].Ip, 200, &filtered)
	if len(filtered) != 1 {
		t.Errorf("ip filter: %d", len(filtered))
	}
	var logs []api.Log
	e.getJSON(tok, u+"/logs?limit=5&offset=1", 200, &logs)
	if len(logs) != 5 {
		t.Errorf("user logs %d", len(logs))
	}
	types := map[api.LogType]bool{}
	var slogs []api.Log
	e.getJSON(tok, "/api/v1/servers/"+itoa32(e.sim.ServerIDs()[0])+"/logs", 200, &slogs)
	for i, l := range slogs {
		types[*l.Type] = true
		if i > 0 && !l.Date.Before(*slogs[i-1].Date) {
			t.Errorf("server logs not newest first at %d", i)
		}
	}
	if len(types) != 3 {
		t.Errorf("server log types %v", types)
	}
}
