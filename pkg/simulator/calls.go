package simulator

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Call is one request the simulator answered.
type Call struct {
	Method   string
	Path     string // URL path as requested, e.g. /scp-core/api/v1/servers/100001
	RawQuery string
	Status   int
	Time     time.Time // by the simulator's clock
}

// maxCallLog bounds the call log so long benchmarks do not grow without end;
// the oldest half is dropped when it is full. Counts are never dropped.
const maxCallLog = 200000

type callRecorder struct {
	mu     sync.Mutex
	counts map[string]int
	log    []Call
}

func (c *callRecorder) record(key string, call Call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	c.counts[key]++
	if len(c.log) >= maxCallLog {
		c.log = append(c.log[:0], c.log[len(c.log)/2:]...)
	}
	c.log = append(c.log, call)
}

// Calls returns call counts keyed by "METHOD route": for SCP the route template with the
// /scp-core or Keycloak prefix removed ("GET /api/v1/servers/{serverId}/metrics/cpu",
// "POST /token"), for Nezha its API route ("GET /api/v1/monitor/{id}").
func (c *callRecorder) Calls() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// CallLog returns the recorded calls in arrival order.
func (c *callRecorder) CallLog() []Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Call(nil), c.log...)
}

// ResetCalls clears the counts and the log.
func (c *callRecorder) ResetCalls() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts = map[string]int{}
	c.log = nil
}

// routeKey turns the matched mux pattern ("GET /scp-core/api/v1/servers/{serverId}")
// into the call key; unmatched requests are keyed by their raw path.
func routeKey(r *http.Request) string {
	path := r.URL.Path
	if _, p, ok := strings.Cut(r.Pattern, " "); ok && r.Pattern != catchAllPattern {
		path = p
	}
	for _, prefix := range []string{AuthPrefix, realmPrefix, APIPrefix} {
		if rest, ok := strings.CutPrefix(path, prefix); ok && rest != "" {
			path = rest
			break
		}
	}
	return r.Method + " " + path
}

// statusWriter reports the status code once, when it is written.
type statusWriter struct {
	http.ResponseWriter
	status   int
	onStatus func(status int)
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.onStatus(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
