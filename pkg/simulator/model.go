package simulator

import (
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// The internal model is built once per account and never mutated afterwards,
// so request handlers read it without locks. Time-dependent values (uptime,
// monthly traffic, metrics, logs) are derived from it at request time.

type site struct {
	id         int32
	city, name string
}

// plan is a netcup-like product; it fixes CPU, memory and storage.
type plan struct {
	id      int32
	name    string
	cpus    int32
	memGiB  int64
	diskGiB int64
	arch    api.Architecture
}

type ipv4Addr struct {
	id                              int32
	ip, netmask, gateway, broadcast string
}

type ipv6Net struct {
	id      int32
	prefix  string // e.g. "2001:db8:0:1a::"
	length  int32
	gateway string
}

type iface struct {
	mac       string
	speed     int32
	mtu       int32
	ipv4      []ipv4Addr
	ipv6      []ipv6Net
	linkLocal string
	throttled bool
	vlanID    int32 // 0 for the public interface
	// rxPerDay/txPerDay (MiB) drive the monthly counters and the network metrics,
	// so both views of the traffic agree.
	rxPerDay, txPerDay float64
	policyIDs          []int32
}

type disk struct {
	name              string
	driver            api.StorageDriver
	capMiB, allocMiB  int64
	readBase, wrtBase float64 // metric scale
}

type snapshot struct {
	uuid, name, desc string
	disks            []string
	created          time.Time
	state            api.ServerState
	exported         bool
	sizeKiB          int64
}

type server struct {
	owner *account
	idx   int
	id    int32
	h     uint64 // per-server seed for lazily generated data (logs, metrics)

	name, nickname, hostname string
	site                     site
	plan                     plan
	state                    api.ServerState
	bootAt                   time.Time // when a running server started (uptime)
	stoppedAt                time.Time // when a SHUTOFF server stopped (metrics end there)

	disks      []disk
	ifaces     []iface
	snapshots  []snapshot
	isoName    string // attached ISO, "" if none
	availMiB   int64
	cpuBase    float64
	logCount   int
	osOpt      api.OsOptimization
	storageOpt api.StorageOptimization
	machine    string
	keyboard   string
	bootorder  []api.Bootorder

	rescue, configChanged, gpu, guestAgent, snapshotAllowed bool
	autostart, uefi, latestQemu, nested, cloudinit          bool
}

// publicIface is the interface carrying the server's public addresses.
func (s *server) publicIface() *iface { return &s.ifaces[0] }

func (s *server) ipv4s() []ipv4Addr { return s.publicIface().ipv4 }

type failover struct {
	id       int32
	addr     string // IPv4 address or IPv6 network prefix
	length   int32  // CIDR suffix / prefix length
	v6       bool
	serverID int32
}

type vlan struct {
	id      int32
	name    string
	site    site
	servers []int32
}

type sshKey struct {
	id        int32
	name, key string
	created   time.Time
}

type s3Object struct {
	key      string
	size     int64
	modified time.Time
}

// account is one SCP user with its own fleet and user-level resources.
type account struct {
	block    int // allocation block: keeps ids, MACs and addresses disjoint between accounts
	id       int32
	seed     uint64
	username string
	first    string
	last     string
	email    string
	company  string
	kcUUID   string    // Keycloak federated user id, part of userinfo "sub"
	t0       time.Time // anchor for generated history (tasks, logs, snapshots)

	servers   []*server
	byID      map[int32]*server
	tasks     []*task
	failovers []failover
	vlans     []vlan
	policies  []api.FirewallPolicy
	sshKeys   []sshKey
	isos      []s3Object
	images    []s3Object
}

func (a *account) minimal() *api.UserMinimal {
	return &api.UserMinimal{
		Id: ptr(a.id), Username: ptr(a.username), Firstname: ptr(a.first),
		Lastname: ptr(a.last), Email: ptr(a.email), Company: optStr(a.company),
	}
}

func ptr[T any](v T) *T { return &v }

// optStr maps "" to an absent (nil) value.
func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
