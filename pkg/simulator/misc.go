package simulator

import (
	"net"
	"net/http"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// maintenanceLead is how long after the full hour the simulator started in the announced
// maintenance window opens: within the 24 hours the provisioned "maintenance within 24 h"
// rule looks ahead, so demos and tests show that rule firing beside the upcoming annotation.
const maintenanceLead = 20 * time.Hour

// getMaintenance announces a two-hour window maintenanceLead ahead (the endpoint is
// deprecated upstream).
func (s *Simulator) getMaintenance(w http.ResponseWriter, _ *http.Request, _ *account) {
	start := s.defaultAccount().t0.Truncate(time.Hour).Add(maintenanceLead)
	//lint:ignore SA1019 the endpoint is deprecated upstream but still served
	writeJSON(w, http.StatusOK, api.Maintenance{StartAt: ptr(start), FinishAt: ptr(start.Add(2 * time.Hour))})
}

func (s *Simulator) getRdns4(w http.ResponseWriter, r *http.Request, a *account) {
	ip := net.ParseIP(r.PathValue("ip"))
	if ip == nil || ip.To4() == nil {
		validationErr(w, http.StatusUnprocessableEntity, "ip", "must be a valid IPv4 address")
		return
	}
	for _, sv := range a.servers {
		for _, addr := range sv.ipv4s() {
			if addr.ip == ip.String() {
				writeJSON(w, http.StatusOK, api.Rdns{Rdns: ptr(sv.hostname)})
				return
			}
		}
	}
	for _, f := range a.failovers {
		if !f.v6 && f.addr == ip.String() {
			writeJSON(w, http.StatusOK, api.Rdns{})
			return
		}
	}
	validationErr(w, http.StatusUnprocessableEntity, "ip", "IP address does not belong to this user")
}

func (s *Simulator) getRdns6(w http.ResponseWriter, r *http.Request, a *account) {
	ip := net.ParseIP(r.PathValue("ip"))
	if ip == nil || ip.To4() != nil {
		validationErr(w, http.StatusUnprocessableEntity, "ip", "must be a valid IPv6 address")
		return
	}
	for _, sv := range a.servers {
		for _, n := range sv.publicIface().ipv6 {
			if !inPrefix(ip.String(), n.prefix, n.length) {
				continue
			}
			out := api.Rdns{}
			if ip.Equal(net.ParseIP(n.prefix + "1")) {
				out.Rdns = ptr(sv.hostname)
			}
			writeJSON(w, http.StatusOK, out)
			return
		}
	}
	validationErr(w, http.StatusUnprocessableEntity, "ip", "IP address does not belong to this user")
}

// getOpenAPI serves the spec the simulator implements, as embedded in package api.
func (s *Simulator) getOpenAPI(w http.ResponseWriter, _ *http.Request, _ *account) {
	raw, err := api.GetSpecJSON()
	if err != nil {
		respErr(w, http.StatusInternalServerError, "error.internal", err.Error())
		return
	}
	writeRawJSON(w, http.StatusOK, raw)
}
