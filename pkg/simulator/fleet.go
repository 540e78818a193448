package simulator

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

var sites = []site{
	{1, "Nuremberg", "NUE"},
	{2, "Vienna", "VIE"},
	{3, "Amsterdam", "AMS"},
	{4, "Manassas", "MAS"},
}

var plans = []plan{
	{101, "VPS 1000 G11", 4, 8, 256, api.AMD64},
	{102, "VPS 2000 G11", 8, 16, 512, api.AMD64},
	{103, "VPS 4000 G11", 12, 32, 1024, api.AMD64},
	{111, "RS 1000 G11", 4, 8, 256, api.AMD64},
	{112, "RS 2000 G11", 8, 16, 512, api.AMD64},
	{113, "RS 4000 G11", 12, 32, 1024, api.AMD64},
	{121, "VPS 2000 ARM G11", 6, 8, 256, api.ARM64},
	{122, "VPS 4000 ARM G11", 10, 16, 512, api.ARM64},
}

var nickRoles = []string{"web", "db", "cache", "mail", "vpn", "ci", "mon", "git", "proxy", "backup", "k8s", "dns"}

// Roles that every fleet of >= 4 servers must show; the first four are
// guaranteed to land on distinct servers.
const (
	roleStopped = iota
	roleRescue
	roleConfigChanged
	roleThrottled
	roleGPU
	roleSnapshots
	roleISO
	roleVLAN
	roleCount
)

const (
	blockSize   = 100000 // server-id range per account
	maxPerBlock = 4096   // servers per account that get unique addresses
)

// buildAccount generates an account and its fleet, deterministically from seed.
func buildAccount(block int, username string, servers int, seed int64, t0 time.Time) *account {
	r := newRNG(uint64(seed), 0xacc)
	a := &account{
		block:    block,
		id:       int32(30000 + block*1000 + r.intn(1000)),
		seed:     uint64(seed),
		username: username,
		first:    []string{"Alex", "Sam", "Jo", "Kim", "Robin"}[r.intn(5)],
		last:     []string{"Muster", "Schmidt", "Berger", "Novak", "Jansen"}[r.intn(5)],
		company:  []string{"", "Example GmbH", "Demo Hosting e.K."}[r.intn(3)],
		t0:       t0,
		byID:     map[int32]*server{},
	}
	a.email = strings.ToLower(a.first+"."+a.last) + "@example.com"
	a.kcUUID = uuidOf(uint64(seed), uint64(block), 0x4c)

	roles := make([]int, roleCount) // role -> server index
	perm := r.perm(max(servers, 1))
	for k := range roles {
		roles[k] = perm[k%len(perm)]
	}
	firstID := int32(blockSize*(block+1)) + int32(r.intn(1000)) + 1
	nickSeq := map[string]int{}
	for i := range servers {
		s := buildServer(a, i, firstID+int32(i*3), r, nickSeq)
		a.servers = append(a.servers, s)
		a.byID[s.id] = s
	}
	for k, idx := range roles {
		if idx < len(a.servers) {
			applyRole(a.servers[idx], k, r)
		}
	}
	buildUserResources(a, r)
	a.tasks = buildTasks(a, r)
	return a
}

func buildServer(a *account, idx int, id int32, r *rng, nickSeq map[string]int) *server {
	p := plans[r.intn(len(plans))]
	st := sites[r.intn(len(sites))]
	if p.arch == api.ARM64 { // ARM plans are only sold in Europe here
		st = sites[r.intn(2)]
	}
	s := &server{
		owner: a, idx: idx, id: id, h: hashOf(a.seed, uint64(id)),
		site: st, plan: p, state: api.ServerStateRUNNING,
		name:            fmt.Sprintf("v22025%02d%05d%07d", 1+r.intn(12), r.intn(100000), int(id)%10000000),
		bootAt:          a.t0.Add(-time.Duration(r.between(3600, 90*86400)) * time.Second),
		cpuBase:         2e5 + r.float()*2.8e6,
		logCount:        5 + r.intn(25),
		autostart:       r.chance(0.9),
		uefi:            r.chance(0.4),
		latestQemu:      r.chance(0.85),
		nested:          r.chance(0.05),
		cloudinit:       r.chance(0.3),
		snapshotAllowed: r.chance(0.9),
		guestAgent:      r.chance(0.7),
		osOpt:           api.LINUX,
		storageOpt:      api.NO,
		keyboard:        []string{"de", "en-us", "fr"}[r.intn(3)],
		bootorder:       []api.Bootorder{api.HDD, api.CDROM, api.NETWORK},
		machine:         "pc-q35-8.2",
	}
	if p.arch == api.ARM64 {
		s.machine = "virt-8.2"
		s.uefi = true
	}
	switch x := r.intn(20); {
	case x == 0:
		s.osOpt = api.WINDOWS
	case x == 1:
		s.osOpt = api.BSD
	}
	if r.chance(0.15) {
		s.storageOpt = []api.StorageOptimization{api.FAST, api.SLOW, api.COMPAT, api.INCONSISTENT}[r.intn(4)]
	}
	if r.chance(0.15) {
		s.bootorder = []api.Bootorder{api.HDD}
	}
	if !r.chance(0.15) { // some servers have no nickname, as netcup allows
		role := nickRoles[r.intn(len(nickRoles))]
		nickSeq[role]++
		s.nickname = fmt.Sprintf("%s%d", role, nickSeq[role])
		s.hostname = s.nickname + ".example.com"
	} else {
		s.hostname = s.name + ".example.net"
	}
	s.disks, s.availMiB = buildDisks(p, r)
	s.ifaces = []iface{buildPublicIface(a, s, r)}
	if r.chance(0.1) {
		s.configChanged = true
	}
	if r.chance(0.04) {
		stopServer(s, r)
	}
	if r.chance(0.25) {
		s.snapshots = buildSnapshots(s, r, 1+r.intn(2))
	}
	if r.chance(0.1) {
		applyRole(s, roleVLAN, r)
	}
	return s
}

func buildDisks(p plan, r *rng) ([]disk, int64) {
	total := p.diskGiB * 1024
	n := 1
	switch x := r.intn(20); {
	case x == 0:
		n = 4
	case x <= 2:
		n = 3
	case x <= 7:
		n = 2
	}
	left := total
	if r.chance(0.3) { // part of the storage is not assigned to any disk
		left = total * int64(60+r.intn(35)) / 100
	}
	var disks []disk
	vd, sd := 0, 0
	for i := range n {
		capMiB := left
		if i < n-1 {
			capMiB = left * int64(50+r.intn(30)) / 100
		}
		left -= capMiB
		drv := api.StorageDriverVIRTIO
		if i > 0 {
			switch x := r.intn(10); {
			case x < 2:
				drv = api.StorageDriverVIRTIOSCSI
			case x == 2:
				drv = api.StorageDriverSATA
			}
		}
		var name string
		if drv == api.StorageDriverVIRTIO {
			name = "vd" + string(rune('a'+vd))
			vd++
		} else {
			name = "sd" + string(rune('a'+sd))
			sd++
		}
		fill := 0.05 + r.float()*0.6
		if r.chance(0.2) { // some disks are nearly full, to trip thresholds
			fill = 0.8 + r.float()*0.17
		}
		disks = append(disks, disk{
			name: name, driver: drv, capMiB: capMiB, allocMiB: int64(float64(capMiB) * fill),
			readBase: 1 + r.float()*60, wrtBase: 0.5 + r.float()*40,
		})
	}
	used := int64(0)
	for _, d := range disks {
		used += d.capMiB
	}
	return disks, total - used
}

// addrIndex numbers an account's addresses so accounts never share one.
func addrIndex(a *account, idx, k int) int {
	return (a.block*maxPerBlock*2 + (idx%maxPerBlock)*2 + k) % 129000
}

// ipv4At returns the address for index n inside 198.18.0.0/15 (RFC 2544
// benchmark range, never routed), skipping .0, .1 and .255 of each /24.
func ipv4At(n int) ipv4Addr {
	off := (n/253)*256 + 2 + n%253
	base := off &^ 1023
	q := func(o int) string { return fmt.Sprintf("198.%d.%d.%d", 18+(o>>16), (o>>8)&0xff, o&0xff) }
	return ipv4Addr{id: int32(n + 1), ip: q(off), netmask: "255.255.252.0", gateway: q(base + 1), broadcast: q(base + 1023)}
}

// macOf gives every (account, server, interface) its own QEMU-range MAC;
// multiplying by an odd constant mod 2^24 scrambles the bits bijectively.
func macOf(a *account, idx, k int) string {
	v := ((a.block&0x3f)<<18 | (idx&0xffff)<<2 | k&3) * 0x9e3779b1 & 0xffffff
	return fmt.Sprintf("52:54:00:%02x:%02x:%02x", v>>16&0xff, v>>8&0xff, v&0xff)
}

// linkLocalOf derives the EUI-64 link-local address from a 52:54:00 MAC.
func linkLocalOf(mac string) string {
	var b [6]int
	_, _ = fmt.Sscanf(mac, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5])
	return fmt.Sprintf("fe80::%x:%x:%x:%x", (b[0]^2)<<8|b[1], b[2]<<8|0xff, 0xfe<<8|b[3], b[4]<<8|b[5])
}

func buildPublicIface(a *account, s *server, r *rng) iface {
	mac := macOf(a, s.idx, 0)
	f := iface{
		mac: mac, speed: 2500, mtu: 1500, linkLocal: linkLocalOf(mac),
		rxPerDay: 20 + r.float()*4000, txPerDay: 10 + r.float()*2500,
	}
	if r.chance(0.3) {
		f.speed = 1000
	}
	if !r.chance(0.05) { // a few servers are IPv6-only (seen live: ipv4Addresses [])
		f.ipv4 = append(f.ipv4, ipv4At(addrIndex(a, s.idx, 0)))
		if r.chance(0.1) {
			f.ipv4 = append(f.ipv4, ipv4At(addrIndex(a, s.idx, 1)))
		}
	}
	f.ipv6 = []ipv6Net{{
		id:      int32(a.block*maxPerBlock + s.idx%maxPerBlock + 1),
		prefix:  ipv6Prefix(a.block+1, s.idx),
		length:  64,
		gateway: "fe80::1",
	}}
	return f
}

func stopServer(s *server, r *rng) {
	s.state = api.ServerStateSHUTOFF
	s.guestAgent = false
	s.stoppedAt = s.owner.t0.Add(-time.Duration(r.between(2*3600, 10*86400)) * time.Second)
}

func buildSnapshots(s *server, r *rng, n int) []snapshot {
	names := []string{"pre-upgrade", "before-migration", "weekly", "golden-image", "pre-kernel-update"}
	var out []snapshot
	for k := range n {
		created := s.owner.t0.Add(-time.Duration(r.between(3600, 60*86400)) * time.Second).Truncate(time.Second)
		sn := snapshot{
			uuid:    uuidOf(s.h, uint64(k), 0x5a),
			name:    fmt.Sprintf("%s-%d", names[r.intn(len(names))], k+1),
			disks:   []string{s.disks[0].name},
			created: created,
			state:   api.ServerStateRUNNING,
		}
		if r.chance(0.5) {
			sn.desc = "Created from the control panel"
		}
		if r.chance(0.3) {
			sn.state = api.ServerStateSHUTOFF
		}
		if r.chance(0.3) {
			sn.exported = true
			sn.sizeKiB = s.disks[0].allocMiB * 1024 / 2
		}
		out = append(out, sn)
	}
	return out
}

func applyRole(s *server, role int, r *rng) {
	switch role {
	case roleStopped:
		stopServer(s, r)
	case roleRescue:
		s.state, s.stoppedAt = api.ServerStateRUNNING, time.Time{} // booted into the rescue system
		s.rescue = true
		s.guestAgent = false
	case roleConfigChanged:
		s.configChanged = true
		s.latestQemu = false
	case roleThrottled:
		s.publicIface().throttled = true
		s.publicIface().rxPerDay *= 8 // throttled because it used a lot
	case roleGPU:
		s.gpu = true
	case roleSnapshots:
		if len(s.snapshots) < 2 {
			s.snapshots = buildSnapshots(s, r, 3)
		}
		s.snapshotAllowed = true
	case roleISO:
		s.isoName = "debian-13.0.0-amd64-netinst.iso"
		if s.plan.arch == api.ARM64 {
			s.isoName = "debian-13.0.0-arm64-netinst.iso"
		}
	case roleVLAN:
		if len(s.ifaces) > 1 {
			return
		}
		mac := macOf(s.owner, s.idx, 1)
		s.ifaces = append(s.ifaces, iface{
			mac: mac, speed: 1000, mtu: 1500, linkLocal: linkLocalOf(mac),
			vlanID: vlanIDOf(s.owner), rxPerDay: 5 + r.float()*500, txPerDay: 5 + r.float()*500,
		})
	}
}

func vlanIDOf(a *account) int32 { return int32(2000 + a.block*10) }

// ipv6Prefix is 2001:db8:<block>:<idx>::/64 (documentation range) in the
// canonical text form, so clients can compare it with parsed addresses.
func ipv6Prefix(block, idx int) string {
	var b [16]byte
	copy(b[:], []byte{0x20, 0x01, 0x0d, 0xb8, byte(block >> 8), byte(block), byte(idx >> 8), byte(idx)})
	return netip.AddrFrom16(b).String()
}

// inPrefix reports whether ip lies in prefix/length (both IPv6 text).
func inPrefix(ip, prefix string, length int32) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	p, err := netip.ParsePrefix(prefix + "/" + strconv.Itoa(int(length)))
	return err == nil && p.Contains(addr)
}
