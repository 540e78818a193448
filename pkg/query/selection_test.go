package query

import (
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

func TestNicknameLabelFallsBackToTheName(t *testing.T) {
	name := "v2202511127710100939"
	for _, c := range []struct {
		scp  api.ServerListMinimal
		want string
	}{
		{api.ServerListMinimal{Id: new(int32(1)), Name: &name, Nickname: new("git1")}, "git1"},
		{api.ServerListMinimal{Id: new(int32(1)), Name: &name, Nickname: new("")}, name},
		{api.ServerListMinimal{Id: new(int32(1)), Name: &name}, name},
	} {
		target := targetOf(c.scp)
		labels := target.Labels("device", "vda")
		if labels["nickname"] != c.want || labels["server"] != name || labels["server_id"] != "1" || labels["device"] != "vda" {
			t.Errorf("nickname %v: labels %v, want nickname %q beside server, server_id and device", c.scp.Nickname, labels, c.want)
		}
		if target.Nickname != api.Value(c.scp.Nickname) {
			t.Errorf("the target's own nickname became %q; tables must keep SCP's %q", target.Nickname, api.Value(c.scp.Nickname))
		}
	}
}
