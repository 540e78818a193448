package simulator

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// NezhaOptions configure a NezhaSimulator. The zero value is a v0 dashboard of 6 servers.
type NezhaOptions struct {
	// Version is the API the dashboard speaks: v0 (default) or v2.
	Version string
	// Servers is the fleet size (default 6). The last server has never reported since the
	// dashboard started; with 4 or more servers the one before it stopped reporting 10
	// minutes ago.
	Servers int
	// Seed makes the fleet and its series deterministic (default 1).
	Seed int64
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Token is the valid token: v0's API token, v2's personal access token. The default is
	// derived from the seed; it starts with "sim-nezha-token-" (v0) or "nzp_sim-nezha-token-" (v2).
	Token string
	// FirewallAfter is how many bad-token requests from one IP the firewall lets through
	// before it blocks that IP with its HTML 403 page (default 3; negative turns it off).
	FirewallAfter int
	// FirewallBan is how long a block lasts by the simulator's clock (default 5 minutes).
	FirewallBan time.Duration
	// Names names the first len(Names) servers, e.g. after an SCP fleet so a demo dashboard
	// can join the two; the rest keep generated names.
	Names []string
}

// NezhaFaults make the dashboard misbehave.
type NezhaFaults struct {
	// ErrorBody makes every API call that passed authentication answer HTTP 200 with this
	// error in the body, as Nezha does for database and lookup errors.
	ErrorBody string
}

const (
	defaultNezhaServers  = 6
	defaultFirewallAfter = 3
	defaultFirewallBan   = 5 * time.Minute
)

func (o NezhaOptions) withDefaults() NezhaOptions {
	if o.Version != "v2" {
		o.Version = "v0"
	}
	if o.Servers <= 0 {
		o.Servers = defaultNezhaServers
	}
	if o.Seed == 0 {
		o.Seed = defaultSeed
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Token == "" {
		o.Token = fmt.Sprintf("sim-nezha-token-%016x", hashOf(uint64(o.Seed), 0x7e2a))
		if o.Version == "v2" {
			o.Token = "nzp_" + o.Token
		}
	}
	if o.FirewallAfter == 0 {
		o.FirewallAfter = defaultFirewallAfter
	}
	if o.FirewallBan <= 0 {
		o.FirewallBan = defaultFirewallBan
	}
	return o
}

// NezhaSimulator is a fake Nezha dashboard speaking the v0 or the v2 API. It reproduces
// Nezha's habits: errors in HTTP 200 bodies, v0's code 403 and v2's 401 for bad tokens, and
// the firewall's HTML 403 page for an IP that keeps sending them. All methods are goroutine-safe.
type NezhaSimulator struct {
	opts  NezhaOptions
	now   func() time.Time
	fleet *nezhaFleet
	mux   *http.ServeMux
	callRecorder

	faults atomic.Pointer[NezhaFaults]

	mu        sync.Mutex
	badTokens map[string]int       // bad-token requests per client IP
	blocked   map[string]time.Time // client IP -> block start
}

// NewNezha builds a Nezha dashboard simulator.
func NewNezha(opts NezhaOptions) *NezhaSimulator {
	opts = opts.withDefaults()
	s := &NezhaSimulator{
		opts:      opts,
		now:       func() time.Time { return opts.Now().UTC() },
		badTokens: map[string]int{},
		blocked:   map[string]time.Time{},
	}
	s.fleet = buildNezhaFleet(opts.Servers, opts.Seed, s.now(), opts.Names)
	s.faults.Store(&NezhaFaults{})
	s.mux = http.NewServeMux()
	if opts.Version == "v2" {
		s.routesV2()
	} else {
		s.routesV0()
	}
	s.mux.HandleFunc("/", nezhaNotFound)
	return s
}

// Handler serves the dashboard's API at the root, as Nezha does.
func (s *NezhaSimulator) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		sw := &statusWriter{ResponseWriter: w, onStatus: func(status int) {
			s.record(nezhaRouteKey(r), Call{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Status: status, Time: start})
		}}
		if s.isBlocked(clientIP(r)) {
			// The firewall answers before routing, so r.Pattern is empty: keyed by the raw path.
			showBlockPage(sw)
			return
		}
		s.mux.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.WriteHeader(http.StatusOK)
		}
	})
}

// Version is the API version served, v0 or v2.
func (s *NezhaSimulator) Version() string { return s.opts.Version }

// Token is the valid token.
func (s *NezhaSimulator) Token() string { return s.opts.Token }

// ServerIDs are the fleet's ids in list order.
func (s *NezhaSimulator) ServerIDs() []uint64 {
	ids := make([]uint64, len(s.fleet.servers))
	for i, srv := range s.fleet.servers {
		ids[i] = srv.id
	}
	return ids
}

// NeverReportedIDs are the servers whose agent has not reported since the dashboard started.
func (s *NezhaSimulator) NeverReportedIDs() []uint64 {
	var ids []uint64
	for _, srv := range s.fleet.servers {
		if srv.neverReported {
			ids = append(ids, srv.id)
		}
	}
	return ids
}

// SetFaults replaces the injected faults.
func (s *NezhaSimulator) SetFaults(f NezhaFaults) { s.faults.Store(&f) }

// TotalCalls is the number of requests answered, of any route.
func (s *NezhaSimulator) TotalCalls() int {
	n := 0
	for _, v := range s.Calls() {
		n += v
	}
	return n
}

// Blocked reports whether the firewall currently blocks any IP.
func (s *NezhaSimulator) Blocked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, at := range s.blocked {
		if s.now().Before(at.Add(s.opts.FirewallBan)) {
			return true
		}
	}
	return false
}

// Unblock lifts every firewall block and forgets the bad-token counts.
func (s *NezhaSimulator) Unblock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badTokens = map[string]int{}
	s.blocked = map[string]time.Time{}
}

// nezhaRouteKey is "METHOD pattern-path" for matched routes, else the raw path.
func nezhaRouteKey(r *http.Request) string {
	if _, p, ok := strings.Cut(r.Pattern, " "); ok {
		return r.Method + " " + p
	}
	return r.Method + " " + r.URL.Path
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *NezhaSimulator) isBlocked(ip string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.blocked[ip]
	return ok && s.now().Before(at.Add(s.opts.FirewallBan))
}

// noteBadToken counts a request with a wrong token; the one that reaches the limit is still
// answered normally, the next ones meet the firewall.
func (s *NezhaSimulator) noteBadToken(r *http.Request) {
	if s.opts.FirewallAfter < 0 {
		return
	}
	ip := clientIP(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.badTokens[ip]++
	if s.badTokens[ip] >= s.opts.FirewallAfter {
		s.blocked[ip] = s.now()
		s.badTokens[ip] = 0
	}
}

// fault is the error body to answer with, if one is injected.
func (s *NezhaSimulator) fault() string { return s.faults.Load().ErrorBody }

// nezhaBlockPage is Nezha's firewall page (cmd/dashboard/controller/waf/waf.html).
const nezhaBlockPage = `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <title>Blocked</title>
</head>
<body>
    <main>
        <div class="emoji">🤡</div>
        <h1>Blocked</h1>
        <p>you were blocked by nezha WAF</p>
        <p class="secondary">nezha WAF</p>
    </main>
</body>
</html>`

func showBlockPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(nezhaBlockPage))
}

// nezhaNotFound is the dashboard's HTML 404 for unknown paths.
func nezhaNotFound(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>"))
}
