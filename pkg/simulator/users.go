package simulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// buildUserResources adds failover IPs, VLANs, firewall policies, SSH keys
// and uploaded images/ISOs to an account whose servers exist already.
func buildUserResources(a *account, r *rng) {
	base := int32(a.block * 1000)
	if n := len(a.servers); n > 0 {
		for k := range min(2, n) {
			a.failovers = append(a.failovers, failover{
				id: base + int32(k) + 1, addr: fmt.Sprintf("198.19.%d.%d", 240+a.block%16, 10+k),
				length: 32, serverID: a.servers[r.intn(n)].id,
			})
		}
		a.failovers = append(a.failovers, failover{
			id: base + 10, addr: ipv6Prefix(0xffff, a.block), length: 64, v6: true,
			serverID: a.servers[r.intn(n)].id,
		})
	}

	var members []int32
	var vsite site
	for _, sv := range a.servers {
		if len(sv.ifaces) > 1 {
			members = append(members, sv.id)
			vsite = sv.site
		}
	}
	if len(members) > 0 {
		a.vlans = []vlan{{id: vlanIDOf(a), name: "private-net", site: vsite, servers: members}}
	}

	a.policies = []api.FirewallPolicy{
		policy(base+101, "Web server", "HTTP and HTTPS from anywhere",
			rule(api.INGRESS, api.TCP, api.ACCEPT, "80"), rule(api.INGRESS, api.TCP, api.ACCEPT, "443")),
		policy(base+102, "SSH from office", "",
			rule(api.INGRESS, api.TCP, api.ACCEPT, "22", "192.0.2.0/24", "2001:db8:1234::/48")),
		policy(base+103, "Monitoring", "ICMP and node exporter",
			rule(api.INGRESS, api.ICMP, api.ACCEPT, ""), rule(api.INGRESS, api.TCP, api.ACCEPT, "9100", "198.51.100.7")),
	}
	for _, sv := range a.servers {
		if r.chance(0.4) {
			f := sv.publicIface()
			f.policyIDs = append(f.policyIDs, base+101+int32(r.intn(3)))
		}
	}

	for k, name := range []string{"laptop", "ci-deploy"} {
		key := make([]byte, 32)
		h := hashOf(a.seed, uint64(k), 0x55)
		for i := range key {
			if i%8 == 0 {
				h = mix64(h)
			}
			key[i] = byte(h >> (8 * (i % 8)))
		}
		a.sshKeys = append(a.sshKeys, sshKey{
			id: base + 201 + int32(k), name: name, created: a.t0.Add(-time.Duration(30+k*200) * 24 * time.Hour),
			key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.StdEncoding.EncodeToString(key) + " " + name,
		})
	}
	a.isos = []s3Object{{key: "custom-tools.iso", size: 734003200, modified: a.t0.Add(-72 * time.Hour)}}
	a.images = []s3Object{{key: "golden-debian13.qcow2", size: 2147483648, modified: a.t0.Add(-240 * time.Hour)}}
}

func policy(id int32, name, desc string, rules ...api.FirewallRule) api.FirewallPolicy {
	return api.FirewallPolicy{Id: ptr(id), Name: ptr(name), Description: optStr(desc), Rules: &rules}
}

func rule(dir api.FirewallRuleDirection, proto api.FirewallProtocol, act api.FirewallAction, port string, sources ...string) api.FirewallRule {
	if sources == nil {
		sources = []string{}
	}
	return api.FirewallRule{
		Direction: dir, Protocol: proto, Action: act, DestinationPorts: optStr(port),
		Sources: &sources, Destinations: &[]string{}, NumberOfEffectiveRules: ptr(int32(max(1, len(sources)))),
	}
}

func (a *account) policy(id int32) *api.FirewallPolicy {
	for i := range a.policies {
		if *a.policies[i].Id == id {
			return &a.policies[i]
		}
	}
	return nil
}

func (s *Simulator) getUser(w http.ResponseWriter, _ *http.Request, a *account) {
	writeJSON(w, http.StatusOK, api.User{
		Id: ptr(a.id), Username: ptr(a.username), Firstname: ptr(a.first), Lastname: ptr(a.last),
		Email: ptr(a.email), Company: optStr(a.company), Language: ptr("en"), TimeZone: ptr("Europe/Berlin"),
		ShowNickname: ptr(true), PasswordlessMode: ptr(false), SecureMode: ptr(false),
	})
}

// failoverJSON carries a spec-complete site (see siteJSON).
type failoverV4JSON struct {
	api.FailoverIPv4
	Site *siteJSON `json:"site,omitempty"`
}

type failoverV6JSON struct {
	api.FailoverIPv6
	Site *siteJSON `json:"site,omitempty"`
}

func (s *Simulator) getFailovers(v6 bool) v1Handler {
	return func(w http.ResponseWriter, r *http.Request, a *account) {
		var serverID int32
		if r.URL.Query().Get("serverId") != "" {
			id, ok := intParam(w, r, "serverId", 0, -1<<31, 1<<31-1)
			if !ok {
				return
			}
			serverID = int32(id)
		}
		ip := r.URL.Query().Get("ip")
		out := []any{}
		for _, f := range a.failovers {
			sv := a.byID[f.serverID]
			if f.v6 != v6 || (serverID != 0 && f.serverID != serverID) || (ip != "" && ip != f.addr && !(f.v6 && inPrefix(ip, f.addr, f.length))) {
				continue
			}
			who, srvMin := a.minimal(), &api.ServerMinimal{Id: ptr(sv.id), Name: ptr(sv.name)}
			if v6 {
				out = append(out, failoverV6JSON{api.FailoverIPv6{
					Id: ptr(f.id), NetworkPrefix: ptr(f.addr), NetworkPrefixLength: ptr(f.length),
					User: who, Editable: ptr(true), Server: srvMin,
				}, siteOf(sv.site)})
			} else {
				out = append(out, failoverV4JSON{api.FailoverIPv4{
					Id: ptr(f.id), Ip: ptr(f.addr), CidrSuffix: ptr(f.length), User: who, Editable: ptr(true), Server: srvMin,
				}, siteOf(sv.site)})
			}
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Simulator) listPolicies(w http.ResponseWriter, r *http.Request, a *account) {
	needle := strings.ToLower(r.URL.Query().Get("q"))
	var list []api.FirewallPolicy
	for _, p := range a.policies {
		desc := ""
		if p.Description != nil {
			desc = *p.Description
		}
		if needle == "" || strings.Contains(strings.ToLower(*p.Name+" "+desc), needle) {
			list = append(list, p)
		}
	}
	from, to, ok := page(w, r, len(list))
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, append([]api.FirewallPolicy{}, list[from:to]...))
}

func (s *Simulator) getPolicy(w http.ResponseWriter, r *http.Request, a *account) {
	id, ok := pathInt32(w, r, "id")
	if !ok {
		return
	}
	if p := a.policy(id); p != nil {
		writeJSON(w, http.StatusOK, p)
		return
	}
	notFound(w)
}

func (s *Simulator) getSSHKeys(w http.ResponseWriter, _ *http.Request, a *account) {
	out := make([]api.SSHKey, 0, len(a.sshKeys))
	for _, k := range a.sshKeys {
		out = append(out, api.SSHKey{Id: ptr(k.id), Name: k.name, Key: k.key, CreatedAt: ptr(k.created)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *account) objects(isos bool) []s3Object {
	if isos {
		return a.isos
	}
	return a.images
}

func (s *Simulator) listS3(isos bool) v1Handler {
	return func(w http.ResponseWriter, _ *http.Request, a *account) {
		out := []api.S3Object{}
		for _, o := range a.objects(isos) {
			out = append(out, api.S3Object{Key: ptr(o.key), SizeInB: ptr(o.size), LastModified: ptr(o.modified)})
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Simulator) getS3(isos bool) v1Handler {
	return func(w http.ResponseWriter, r *http.Request, a *account) {
		key := r.PathValue("key")
		for _, o := range a.objects(isos) {
			if o.key == key {
				writeJSON(w, http.StatusOK, downloadInfo(r, "users/"+a.username+"/"+key, key))
				return
			}
		}
		notFound(w)
	}
}

// vlanJSON carries a spec-complete site (see siteJSON).
type vlanJSON struct {
	api.VLan
	Site *siteJSON `json:"site,omitempty"`
}

func (v vlan) json(a *account) vlanJSON {
	return vlanJSON{api.VLan{
		VlanId: ptr(v.id), Name: ptr(v.name), User: a.minimal(),
		BandwidthClass: &api.BandwidthClass{Id: ptr(int32(1)), Name: "1 Gbit/s", SpeedInMBit: 1000},
	}, siteOf(v.site)}
}

func (s *Simulator) listVlans(w http.ResponseWriter, r *http.Request, a *account) {
	var serverID int32
	if r.URL.Query().Get("serverId") != "" {
		id, ok := intParam(w, r, "serverId", 0, -1<<31, 1<<31-1)
		if !ok {
			return
		}
		serverID = int32(id)
	}
	out := []vlanJSON{}
	for _, v := range a.vlans {
		if serverID == 0 || slices.Contains(v.servers, serverID) {
			out = append(out, v.json(a))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// getVlan serves both /users/{userId}/vlans/{vlanId} and /vlans/{vlanId}.
func (s *Simulator) getVlan(w http.ResponseWriter, r *http.Request, a *account) {
	id, ok := pathInt32(w, r, "vlanId")
	if !ok {
		return
	}
	for _, v := range a.vlans {
		if v.id == id {
			writeJSON(w, http.StatusOK, v.json(a))
			return
		}
	}
	notFound(w)
}
