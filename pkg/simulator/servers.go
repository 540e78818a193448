package simulator

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// siteJSON adds "name": the spec marks Site.name as required but never
// defines it, so the generated api.Site lacks the field.
type siteJSON struct {
	api.Site
	Name string `json:"name"`
}

func siteOf(st site) *siteJSON {
	return &siteJSON{Site: api.Site{Id: ptr(st.id), City: st.city}, Name: st.name}
}

// serverJSON is api.Server with a spec-complete site (the outer field wins).
type serverJSON struct {
	api.Server
	Site *siteJSON `json:"site,omitempty"`
}

func (s *server) template() *api.ServerTemplateMinimal {
	return &api.ServerTemplateMinimal{Id: ptr(s.plan.id), Name: s.plan.name}
}

func (s *server) listItem() api.ServerListMinimal {
	return api.ServerListMinimal{
		Id: ptr(s.id), Name: ptr(s.name), Hostname: ptr(s.hostname),
		Nickname: ptr(s.nickname), Disabled: ptr(false), Template: s.template(),
	}
}

func (s *Simulator) listServers(w http.ResponseWriter, r *http.Request, acct *account) {
	q := r.URL.Query()
	var fwID int32
	if raw := q.Get("firewallPolicyId"); raw != "" {
		id, ok := intParam(w, r, "firewallPolicyId", 0, math.MinInt32, math.MaxInt32)
		if !ok {
			return
		}
		fwID = int32(id)
	}
	match := func(sv *server) bool {
		if v := strings.ToLower(q.Get("q")); v != "" {
			hit := strings.Contains(strings.ToLower(sv.name), v) || strings.Contains(strings.ToLower(sv.nickname), v)
			for _, a := range sv.ipv4s() {
				hit = hit || strings.Contains(a.ip, v)
			}
			if !hit {
				return false
			}
		}
		if v := q.Get("name"); v != "" && !strings.EqualFold(sv.name, v) {
			return false
		}
		if v := q.Get("ip"); v != "" && !sv.hasIP(v) {
			return false
		}
		if fwID != 0 && !sv.hasPolicy(fwID) {
			return false
		}
		return true
	}
	var list []*server
	for _, sv := range acct.servers {
		if match(sv) {
			list = append(list, sv)
		}
	}
	if !sortServers(w, q["sort"], list) {
		return
	}
	from, to, ok := page(w, r, len(list))
	if !ok {
		return
	}
	out := make([]api.ServerListMinimal, 0, to-from)
	for _, sv := range list[from:to] {
		out = append(out, sv.listItem())
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(len(list)))
	writeJSON(w, http.StatusOK, out)
}

// sortServers applies ?sort=name&sort=-nickname (stable, so ties keep list order).
func sortServers(w http.ResponseWriter, keys []string, list []*server) bool {
	type key struct {
		get  func(*server) string
		desc bool
	}
	var ks []key
	for _, k := range keys {
		desc := strings.HasPrefix(k, "-")
		switch strings.TrimPrefix(k, "-") {
		case "name":
			ks = append(ks, key{func(s *server) string { return s.name }, desc})
		case "nickname":
			ks = append(ks, key{func(s *server) string { return s.nickname }, desc})
		default:
			validationErr(w, http.StatusBadRequest, "sort", "allowed fields: name, nickname")
			return false
		}
	}
	slices.SortStableFunc(list, func(a, b *server) int {
		for _, k := range ks {
			if c := strings.Compare(k.get(a), k.get(b)); c != 0 {
				if k.desc {
					return -c
				}
				return c
			}
		}
		return 0
	})
	return true
}

func (s *server) hasIP(ip string) bool {
	for _, a := range s.ipv4s() {
		if a.ip == ip {
			return true
		}
	}
	for _, n := range s.publicIface().ipv6 {
		if inPrefix(ip, n.prefix, n.length) {
			return true
		}
	}
	return false
}

func (s *server) hasPolicy(id int32) bool {
	for _, f := range s.ifaces {
		if slices.Contains(f.policyIDs, id) {
			return true
		}
	}
	return false
}

func (s *Simulator) getServer(w http.ResponseWriter, r *http.Request, sv *server) {
	live, ok := boolParam(w, r, "loadServerLiveInfo", true)
	if !ok {
		return
	}
	now := s.now()
	out := sv.detail(live, now)
	s.applyTasks(out.ServerLiveInfo, sv, now) // started tasks change the server's state
	writeJSON(w, http.StatusOK, out)
}

func (s *server) detail(live bool, now time.Time) serverJSON {
	var v4 []api.IPv4AddressMinimal
	for _, a := range s.ipv4s() {
		v4 = append(v4, api.IPv4AddressMinimal{
			Id: ptr(a.id), Ip: ptr(a.ip), Netmask: ptr(a.netmask), Gateway: ptr(a.gateway), Broadcast: ptr(a.broadcast),
		})
	}
	if v4 == nil {
		v4 = []api.IPv4AddressMinimal{} // IPv6-only servers send [] (seen live)
	}
	var v6 []api.IPv6AddressMinimal
	for _, n := range s.publicIface().ipv6 {
		v6 = append(v6, api.IPv6AddressMinimal{
			Id: ptr(n.id), NetworkPrefix: ptr(n.prefix), NetworkPrefixLength: ptr(n.length), Gateway: ptr(n.gateway),
		})
	}
	out := serverJSON{
		Server: api.Server{
			Id: ptr(s.id), Name: ptr(s.name), Hostname: ptr(s.hostname), Nickname: ptr(s.nickname),
			Disabled: ptr(false), Template: s.template(), Ipv4Addresses: &v4, Ipv6Addresses: &v6,
			SnapshotCount: ptr(int32(len(s.snapshots))), MaxCpuCount: ptr(s.plan.cpus),
			DisksAvailableSpaceInMiB: ptr(s.availMiB), RescueSystemActive: ptr(s.rescue),
			SnapshotAllowed: ptr(s.snapshotAllowed), Architecture: ptr(s.plan.arch), GpuDriverAvailable: ptr(s.gpu),
		},
		Site: siteOf(s.site),
	}
	if live {
		out.ServerLiveInfo = s.liveInfo(now)
	}
	return out
}

func (s *server) liveInfo(now time.Time) *api.ServerInfo {
	mem := s.plan.memGiB * 1024
	cur, uptime := mem, now.Sub(s.bootAt)
	if s.state != api.ServerStateRUNNING {
		cur, uptime = 0, 0
	}
	var disks []api.ServerDisk
	for _, d := range s.disks {
		disks = append(disks, api.ServerDisk{
			Dev: ptr(d.name), Driver: ptr(strings.ToLower(string(d.driver))),
			CapacityInMiB: ptr(d.capMiB), AllocationInMiB: ptr(d.allocMiB),
		})
	}
	var ifs []api.ServerInterface
	for _, f := range s.ifaces {
		rx, tx := s.monthly(f, now)
		si := api.ServerInterface{
			Mac: ptr(f.mac), Driver: ptr("virtio"), Mtu: ptr(f.mtu), SpeedInMBits: ptr(f.speed),
			RxMonthlyInMiB: ptr(rx), TxMonthlyInMiB: ptr(tx), TrafficThrottled: ptr(f.throttled),
			VlanInterface: ptr(f.vlanID != 0), Ipv4Addresses: &[]string{},
			Ipv6LinkLocalAddresses: &[]string{f.linkLocal}, Ipv6NetworkPrefixes: &[]string{},
		}
		for _, a := range f.ipv4 {
			*si.Ipv4Addresses = append(*si.Ipv4Addresses, a.ip)
		}
		for _, n := range f.ipv6 {
			*si.Ipv6NetworkPrefixes = append(*si.Ipv6NetworkPrefixes, n.prefix+"/"+strconv.Itoa(int(n.length)))
		}
		if f.vlanID != 0 {
			si.VlanId = ptr(f.vlanID)
		}
		ifs = append(ifs, si)
	}
	return &api.ServerInfo{
		State: ptr(s.state), Autostart: ptr(s.autostart), Uefi: ptr(s.uefi),
		Interfaces: &ifs, Disks: &disks, Bootorder: ptr(s.bootorder),
		RequiredStorageOptimization: ptr(s.storageOpt), Template: ptr(s.plan.name),
		UptimeInSeconds:          ptr(int32(min(uptime/time.Second, math.MaxInt32))),
		CurrentServerMemoryInMiB: ptr(cur), MaxServerMemoryInMiB: ptr(mem),
		CpuCount: ptr(s.plan.cpus), CpuMaxCount: ptr(s.plan.cpus), Sockets: ptr(int32(1)),
		CoresPerSocket: ptr(s.plan.cpus), LatestQemu: ptr(s.latestQemu), ConfigChanged: ptr(s.configChanged),
		OsOptimization: ptr(s.osOpt), NestedGuest: ptr(s.nested), MachineType: ptr(s.machine),
		KeyboardLayout: ptr(s.keyboard), CloudinitAttached: ptr(s.cloudinit),
	}
}

// monthly is the interface's traffic since the start of the current month,
// consistent with the network metrics' average rate.
func (s *server) monthly(f iface, now time.Time) (rx, tx int32) {
	end := now
	if s.state == api.ServerStateSHUTOFF && s.stoppedAt.Before(end) {
		end = s.stoppedAt
	}
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	days := max(end.Sub(monthStart).Hours()/24, 0)
	clamp := func(v float64) int32 { return int32(min(v, math.MaxInt32)) }
	return clamp(f.rxPerDay * days), clamp(f.txPerDay * days)
}

func (s *Simulator) getDisks(w http.ResponseWriter, _ *http.Request, sv *server) {
	out := make([]api.Disk, 0, len(sv.disks))
	for _, d := range sv.disks {
		out = append(out, diskJSON(d))
	}
	writeJSON(w, http.StatusOK, out)
}

func diskJSON(d disk) api.Disk {
	return api.Disk{Name: ptr(d.name), CapacityInMiB: ptr(d.capMiB), AllocationInMiB: ptr(d.allocMiB), StorageDriver: ptr(d.driver)}
}

func (s *Simulator) getDisk(w http.ResponseWriter, r *http.Request, sv *server) {
	for _, d := range sv.disks {
		if d.name == r.PathValue("diskName") {
			writeJSON(w, http.StatusOK, diskJSON(d))
			return
		}
	}
	notFound(w)
}

func (s *Simulator) getSupportedDrivers(w http.ResponseWriter, _ *http.Request, sv *server) {
	out := []api.StorageDriver{api.StorageDriverVIRTIO, api.StorageDriverVIRTIOSCSI}
	if sv.plan.arch == api.AMD64 {
		out = append(out, api.StorageDriverIDE, api.StorageDriverSATA)
	}
	writeJSON(w, http.StatusOK, out)
}
