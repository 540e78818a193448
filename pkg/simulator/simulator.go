// Package simulator is a fake netcup SCP REST API plus the Keycloak endpoints
// it authenticates against. It stands in for netcup in demos, tests and
// benchmarks: one http.Handler serves the API under /scp-core and Keycloak
// under /realms/scp. Fleets are deterministic from a seed, responses are
// built from the generated spec models, and faults can be injected at runtime.
package simulator

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Route prefixes, relative to the simulator's base URL.
const (
	APIPrefix   = "/scp-core"
	realmPrefix = "/realms/scp"
	AuthPrefix  = realmPrefix + "/protocol/openid-connect"
)

// Simulator is a fake SCP API and Keycloak realm. All methods are goroutine-safe.
type Simulator struct {
	opts Options
	now  func() time.Time
	mux  *http.ServeMux

	mu       sync.RWMutex
	accounts []*account          // [0] is the default user
	servers  map[int32]*server   // every account's servers by id
	byName   map[string]*account // accounts by username
	auth     authState

	faults atomic.Pointer[Faults]
	apiSeq atomic.Uint64 // SCP API calls, for latency spikes
	v1Seq  atomic.Uint64 // authenticated /api/v1 calls, for 429 bursts and 500s
	inARow faultRuns     // 429s and 500s in a row per request, for Faults.MaxInARow
	callRecorder
}

// New builds a simulator with the default user's fleet.
func New(opts Options) *Simulator {
	opts = opts.withDefaults()
	s := &Simulator{
		opts:    opts,
		now:     func() time.Time { return opts.Now().UTC() },
		servers: map[int32]*server{},
		byName:  map[string]*account{},
	}
	s.auth.init()
	f := opts.Faults
	s.faults.Store(&f)
	username := defaultUsername(opts.Seed)
	s.addAccount(username, opts.Servers, opts.Seed, opts.RefreshToken)
	s.mux = s.routes()
	return s
}

// Handler serves the SCP API (/scp-core/...) and Keycloak (/realms/scp/...).
func (s *Simulator) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		// The call is recorded as the status goes out, before the client can see the answer,
		// so a test reading the log right after its request always finds it.
		sw := &statusWriter{ResponseWriter: w, onStatus: func(status int) {
			s.record(routeKey(r), Call{
				Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Status: status, Time: start,
			})
		}}
		s.mux.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.WriteHeader(http.StatusOK)
		}
	})
}

// defaultUsername looks like a CCP customer number, which SCP uses as username.
func defaultUsername(seed int64) string {
	return strconv.Itoa(100000 + int(hashOf(uint64(seed), 0x05e4)%900000))
}

func (s *Simulator) addAccount(username string, n int, seed int64, refresh string) *account {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.byName[username]; ok {
		return a
	}
	// The fleet's history is anchored at construction time, truncated so
	// that a fixed clock always yields the same timestamps.
	t0 := s.now().Truncate(time.Minute)
	a := buildAccount(len(s.accounts), username, n, seed, t0)
	s.accounts = append(s.accounts, a)
	s.byName[username] = a
	for _, srv := range a.servers {
		s.servers[srv.id] = srv
	}
	s.auth.refresh[refresh] = a
	return a
}

// AddUser adds a second account with its own fleet (ids, MACs and addresses
// never overlap other accounts) and returns its refresh token. Adding an
// existing username returns a valid refresh token for that account.
func (s *Simulator) AddUser(username string, servers int, seed int64) (refreshToken string) {
	if servers <= 0 {
		servers = defaultServers
	}
	token := "sim-refresh-token-" + username
	s.addAccount(username, servers, seed, token)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.refresh[token] = s.byName[username]
	return token
}

// RefreshToken returns the default user's configured refresh token.
func (s *Simulator) RefreshToken() string { return s.opts.RefreshToken }

// UserID returns the default user's SCP user id (userinfo "id").
func (s *Simulator) UserID() int32 { return s.defaultAccount().id }

// Username returns the default user's username.
func (s *Simulator) Username() string { return s.defaultAccount().username }

// ServerIDs returns the default user's server ids in list order.
func (s *Simulator) ServerIDs() []int32 { return s.ServerIDsOf(s.Username()) }

// ServerIDsOf returns a user's server ids in list order (nil if unknown).
func (s *Simulator) ServerIDsOf(username string) []int32 {
	s.mu.RLock()
	a := s.byName[username]
	s.mu.RUnlock()
	if a == nil {
		return nil
	}
	ids := make([]int32, len(a.servers))
	for i, srv := range a.servers {
		ids[i] = srv.id
	}
	return ids
}

// RescuePassword returns the invented rescue-system password of a server
// ("" if unknown). The API only reveals it while the rescue system is
// active; tests use it to prove a client never leaks it.
func (s *Simulator) RescuePassword(serverID int32) string {
	srv := s.server(serverID)
	if srv == nil {
		return ""
	}
	return rescuePassword(srv)
}

// SetFaults replaces the injected faults. The fault sequences (spike, 429
// burst, error rate) restart from call 1.
func (s *Simulator) SetFaults(f Faults) {
	s.faults.Store(&f)
	s.apiSeq.Store(0)
	s.v1Seq.Store(0)
	s.inARow.reset()
}

// CurrentFaults returns the faults in force.
func (s *Simulator) CurrentFaults() Faults { return *s.faults.Load() }

func (s *Simulator) defaultAccount() *account {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.accounts[0]
}

func (s *Simulator) server(id int32) *server {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.servers[id]
}

// ServerNames maps the default user's server ids to names, for demos/logging.
func (s *Simulator) ServerNames() map[int32]string {
	a := s.defaultAccount()
	out := make(map[int32]string, len(a.servers))
	for _, srv := range a.servers {
		out[srv.id] = srv.name
	}
	return out
}
