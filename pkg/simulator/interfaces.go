package simulator

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

func (s *Simulator) getInterfaces(w http.ResponseWriter, r *http.Request, sv *server) {
	rdns, ok := boolParam(w, r, "loadRdns", true)
	if !ok {
		return
	}
	out := make([]api.Interface, 0, len(sv.ifaces))
	for i := range sv.ifaces {
		out = append(out, sv.interfaceJSON(i, rdns))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Simulator) getInterface(w http.ResponseWriter, r *http.Request, sv *server) {
	rdns, ok := boolParam(w, r, "loadRdns", true)
	if !ok {
		return
	}
	if i := sv.ifaceIndex(r.PathValue("mac")); i >= 0 {
		writeJSON(w, http.StatusOK, sv.interfaceJSON(i, rdns))
		return
	}
	notFound(w)
}

func (s *server) ifaceIndex(mac string) int {
	for i, f := range s.ifaces {
		if strings.EqualFold(f.mac, mac) {
			return i
		}
	}
	return -1
}

// interfaceJSON lists the interface's own addresses, then failover IPs
// routed to the server (ROUTED_IP with destinationIp), then link-local.
func (s *server) interfaceJSON(i int, loadRdns bool) api.Interface {
	f := s.ifaces[i]
	v4 := []api.ServerIpv4{}
	v6 := []api.ServerIpv6{}
	for _, a := range f.ipv4 {
		e := api.ServerIpv4{
			Id: ptr(a.id), InterfaceMac: ptr(f.mac), Type: ptr(api.IP), Ip: ptr(a.ip),
			Cidr: ptr(a.ip + "/22"), Gateway: ptr(a.gateway), Editable: ptr(true),
		}
		if loadRdns {
			e.Rdns = ptr(s.hostname)
		}
		v4 = append(v4, e)
	}
	for _, n := range f.ipv6 {
		e := api.ServerIpv6{
			Id: ptr(n.id), InterfaceMac: ptr(f.mac), Type: ptr(api.IP), NetworkPrefix: ptr(n.prefix),
			Cidr: ptr(n.prefix + "/" + strconv.Itoa(int(n.length))), Gateway: ptr(n.gateway),
			LinkLocal: ptr(false), Editable: ptr(true),
		}
		if loadRdns {
			e.Rdns = &map[string]string{n.prefix + "1": s.hostname}
		}
		v6 = append(v6, e)
	}
	if i == 0 && len(f.ipv4) > 0 {
		for _, fo := range s.owner.failovers {
			if fo.serverID != s.id {
				continue
			}
			if fo.v6 {
				v6 = append(v6, api.ServerIpv6{
					Id: ptr(fo.id), InterfaceMac: ptr(f.mac), Type: ptr(api.ROUTEDIP), NetworkPrefix: ptr(fo.addr),
					Cidr: ptr(fo.addr + "/" + strconv.Itoa(int(fo.length))), DestinationIp: ptr(f.linkLocal),
					LinkLocal: ptr(false), Editable: ptr(false),
				})
				continue
			}
			v4 = append(v4, api.ServerIpv4{
				Id: ptr(fo.id), InterfaceMac: ptr(f.mac), Type: ptr(api.ROUTEDIP), Ip: ptr(fo.addr),
				Cidr: ptr(fo.addr + "/" + strconv.Itoa(int(fo.length))), DestinationIp: ptr(f.ipv4[0].ip), Editable: ptr(false),
			})
		}
	}
	v6 = append(v6, api.ServerIpv6{
		InterfaceMac: ptr(f.mac), Type: ptr(api.IP), NetworkPrefix: ptr("fe80::"), Cidr: ptr("fe80::/64"),
		LinkLocal: ptr(true), Editable: ptr(false),
	})
	return api.Interface{Mac: ptr(f.mac), Driver: ptr("virtio"), SpeedInMBits: ptr(f.speed), Ipv4Addresses: &v4, Ipv6Addresses: &v6}
}

func (s *Simulator) getFirewall(w http.ResponseWriter, r *http.Request, sv *server) {
	if _, ok := boolParam(w, r, "consistencyCheck", false); !ok {
		return
	}
	i := sv.ifaceIndex(r.PathValue("mac"))
	if i < 0 {
		notFound(w)
		return
	}
	var pols []api.FirewallPolicy
	for _, id := range sv.ifaces[i].policyIDs {
		if p := sv.owner.policy(id); p != nil {
			pols = append(pols, *p)
		}
	}
	ingress := api.ACCEPTALL
	if len(pols) > 0 {
		ingress = api.DROPALL
	}
	if pols == nil {
		pols = []api.FirewallPolicy{}
	}
	writeJSON(w, http.StatusOK, api.ServerFirewall{
		CopiedPolicies: &[]api.FirewallPolicy{}, UserPolicies: &pols,
		IngressImplicitRule: ptr(ingress), EgressImplicitRule: ptr(api.ACCEPTALL),
		Consistent: ptr(true), Active: ptr(len(pols) > 0),
	})
}
