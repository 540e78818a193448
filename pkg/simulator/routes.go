package simulator

import (
	"net/http"
	"strings"
)

// catchAllPattern answers everything no route matches (JSON 404 / 405).
const catchAllPattern = "/"

// v1Handler serves an authenticated /api/v1 request for acct.
type v1Handler func(w http.ResponseWriter, r *http.Request, acct *account)

func (s *Simulator) routes() *http.ServeMux {
	m := http.NewServeMux()

	// Keycloak realm "scp".
	m.HandleFunc("POST "+AuthPrefix+"/token", s.handleToken)
	m.HandleFunc("POST "+AuthPrefix+"/auth/device", s.handleDeviceAuth)
	m.HandleFunc("GET "+AuthPrefix+"/userinfo", s.handleUserinfo)
	m.HandleFunc("POST "+AuthPrefix+"/userinfo", s.handleUserinfo)
	m.HandleFunc("POST "+AuthPrefix+"/revoke", s.handleRevoke)
	m.HandleFunc("GET "+AuthPrefix+"/certs", s.handleCerts)
	m.HandleFunc("GET "+realmPrefix+"/.well-known/openid-configuration", s.handleDiscovery)
	m.HandleFunc("GET "+realmPrefix+"/device", s.handleDevicePage)
	m.HandleFunc("POST "+realmPrefix+"/device", s.handleDevicePage)

	// SCP API.
	m.HandleFunc("GET "+APIPrefix+"/api/ping", s.handlePing)
	v1 := func(path string, h v1Handler) { m.Handle("GET "+APIPrefix+"/api/v1"+path, s.v1(h)) }
	v1("/openapi", s.getOpenAPI)
	v1("/maintenance", s.getMaintenance)
	v1("/rdns/ipv4/{ip}", s.getRdns4)
	v1("/rdns/ipv6/{ip}", s.getRdns6)
	v1("/servers", s.listServers)
	v1("/tasks", s.listTasks)
	v1("/tasks/{uuid}", s.getTask)
	v1("/vlans/{vlanId}", s.getVlan)

	srv := func(path string, h func(http.ResponseWriter, *http.Request, *server)) {
		v1("/servers/{serverId}"+path, func(w http.ResponseWriter, r *http.Request, acct *account) {
			if sv := ownServer(w, r, acct); sv != nil {
				h(w, r, sv)
			}
		})
	}
	srv("", s.getServer)
	srv("/disks", s.getDisks)
	srv("/disks/supported-drivers", s.getSupportedDrivers)
	srv("/disks/{diskName}", s.getDisk)
	srv("/gpu-driver", s.getGPUDriver)
	srv("/guest-agent", s.getGuestAgent)
	srv("/guest-agent/status", s.getGuestAgentStatus)
	srv("/imageflavours", s.getImageFlavours)
	srv("/interfaces", s.getInterfaces)
	srv("/interfaces/{mac}", s.getInterface)
	srv("/interfaces/{mac}/firewall", s.getFirewall)
	srv("/iso", s.getISO)
	srv("/isoimages", s.getISOImages)
	srv("/logs", s.getServerLogs)
	srv("/metrics/cpu", s.metricsHandler(metricCPU))
	srv("/metrics/disk", s.metricsHandler(metricDisk))
	srv("/metrics/network", s.metricsHandler(metricNetwork))
	srv("/metrics/network/packet", s.metricsHandler(metricPacket))
	srv("/rescuesystem", s.getRescue)
	srv("/snapshots", s.getSnapshots)
	srv("/snapshots/{name}", s.getSnapshot)

	usr := func(path string, h v1Handler) {
		v1("/users/{userId}"+path, func(w http.ResponseWriter, r *http.Request, acct *account) {
			if ownUser(w, r, acct) {
				h(w, r, acct)
			}
		})
	}
	usr("", s.getUser)
	usr("/logs", s.getUserLogs)
	usr("/failoverips/v4", s.getFailovers(false))
	usr("/failoverips/v6", s.getFailovers(true))
	usr("/firewall-policies", s.listPolicies)
	usr("/firewall-policies/{id}", s.getPolicy)
	usr("/images", s.listS3(false))
	usr("/images/{key}", s.getS3(false))
	usr("/isos", s.listS3(true))
	usr("/isos/{key}", s.getS3(true))
	usr("/ssh-keys", s.getSSHKeys)
	usr("/vlans", s.listVlans)
	usr("/vlans/{vlanId}", s.getVlan)

	m.HandleFunc(catchAllPattern, s.handleUnknown)
	return m
}

// v1 wraps an /api/v1 handler: latency, bearer auth, then injected faults.
// Auth comes before faults so the fault sequences count only calls a
// client could otherwise have succeeded with.
func (s *Simulator) v1(h v1Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := s.faults.Load()
		s.delay(r, f)
		acct, msg := s.bearer(r)
		if acct == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="scp"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": msg})
			return
		}
		if f.Echo {
			respErr(w, http.StatusBadRequest, "error.bad.request", "Invalid request header Authorization: "+r.Header.Get("Authorization"))
			return
		}
		if s.injectFault(w, r, f) {
			return
		}
		h(w, r, acct)
	})
}

// ownServer resolves {serverId}; foreign and unknown servers both answer 404
// so ids of other accounts are not disclosed.
func ownServer(w http.ResponseWriter, r *http.Request, acct *account) *server {
	id, ok := pathInt32(w, r, "serverId")
	if !ok {
		return nil
	}
	sv := acct.byID[id]
	if sv == nil {
		notFound(w)
	}
	return sv
}

// ownUser checks that {userId} is the caller's own id.
func ownUser(w http.ResponseWriter, r *http.Request, acct *account) bool {
	id, ok := pathInt32(w, r, "userId")
	if !ok {
		return false
	}
	if id != acct.id {
		notFound(w)
		return false
	}
	return true
}

func (s *Simulator) handlePing(w http.ResponseWriter, r *http.Request) {
	f := s.faults.Load()
	s.delay(r, f)
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	switch {
	case f.PingDown:
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("Service Unavailable"))
	case !acceptsText(r.Header.Get("Accept")):
		// netcup cannot produce JSON here (FACTS: 406 with Accept: application/json).
		w.Header().Del("Content-Type")
		w.WriteHeader(http.StatusNotAcceptable)
	default:
		_, _ = w.Write([]byte("OK"))
	}
}

// acceptsText reports whether an Accept header admits text/plain.
func acceptsText(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case "text/plain", "text/*", "*/*":
			return true
		}
	}
	return false
}

// handleUnknown answers 405 when another method would match, else 404
// (JSON under /scp-core, like the real API).
func (s *Simulator) handleUnknown(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pat := s.mux.Handler(probe); pat != catchAllPattern && pat != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		respErr(w, http.StatusMethodNotAllowed, "error.method.not.allowed", "Method not allowed")
		return
	}
	if strings.HasPrefix(r.URL.Path, APIPrefix+"/") {
		notFound(w)
		return
	}
	http.NotFound(w, r)
}
