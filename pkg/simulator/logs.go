package simulator

import (
	"net/http"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Logs are generated on request: entry i is a pure function of (seed, i),
// newest first, so large fleets cost no memory and paging is stable.

type logText struct{ key, msg string }

type logCatalog struct{ info, warn, err []logText }

var serverLogs = logCatalog{
	info: []logText{
		{"server.start", "Server started"}, {"server.shutdown", "Server was shut down by ACPI"},
		{"server.snapshot.create", "Snapshot created"}, {"server.rdns.update", "rDNS entry updated"},
		{"server.hostname.update", "Hostname changed"}, {"server.iso.attach", "ISO image attached"},
	},
	warn: []logText{
		{"server.disk.usage.high", "Disk usage above 90 %"},
		{"server.traffic.throttled", "Traffic throttled after exceeding the fair-use limit"},
		{"server.config.changed", "Configuration changed, a reboot is recommended"},
	},
	err: []logText{
		{"server.task.failed", "Task failed: snapshot creation"},
		{"server.guestagent.unreachable", "Guest agent not reachable"},
	},
}

var userLogs = logCatalog{
	info: []logText{
		{"user.login", "Login via API"}, {"user.sshkey.create", "SSH key added"},
		{"user.password.change", "Password changed"}, {"user.login.device", "Device login approved"},
	},
	warn: []logText{{"user.login.failed", "Failed login attempt"}},
	err:  []logText{{"user.api.ip.denied", "API login from a non-allowed IP address refused"}},
}

// logEntry: entries 1 and 3 are always WARNING and ERROR so every log shows
// all three types; entry i lies 4-7 h before entry i-1.
func logEntry(cat logCatalog, h uint64, i int, t0 time.Time, who *api.UserMinimal) api.Log {
	x := hashOf(h, uint64(i), 0x10)
	date := t0.Add(-time.Duration(i)*4*time.Hour - time.Duration(x%uint64(3*time.Hour/time.Second))*time.Second)
	typ, list := api.LogTypeINFO, cat.info
	switch p := unit(mix64(x)); {
	case i == 3 || (i != 1 && p < 0.08):
		typ, list = api.LogTypeERROR, cat.err
	case i == 1 || p < 0.2:
		typ, list = api.LogTypeWARNING, cat.warn
	}
	t := list[(x>>20)%uint64(len(list))]
	return api.Log{Type: ptr(typ), ExecutingUser: who, Date: ptr(date), LogKey: ptr(t.key), Message: ptr(t.msg)}
}

func writeLogs(w http.ResponseWriter, r *http.Request, cat logCatalog, h uint64, n int, t0 time.Time, who *api.UserMinimal) {
	from, to, ok := page(w, r, n)
	if !ok {
		return
	}
	out := make([]api.Log, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, logEntry(cat, h, i, t0, who))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Simulator) getServerLogs(w http.ResponseWriter, r *http.Request, sv *server) {
	writeLogs(w, r, serverLogs, sv.h, sv.logCount, sv.owner.t0, sv.owner.minimal())
}

func (s *Simulator) getUserLogs(w http.ResponseWriter, r *http.Request, acct *account) {
	writeLogs(w, r, userLogs, hashOf(acct.seed, 0x05e), 40, acct.t0, acct.minimal())
}
