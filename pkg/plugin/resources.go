package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

var _ backend.CallResourceHandler = (*Datasource)(nil)

// resourceRoutes register the resource API, one function per concern. A new concern adds
// its function here.
var resourceRoutes = []func(*Datasource, *http.ServeMux){
	(*Datasource).registerLookupRoutes,
	(*Datasource).registerDeviceRoutes,
	(*Datasource).registerNezhaRoutes,
}

// CallResource serves the editors' lookups and the config page's sign-in. The router is
// built per call: registering a handful of routes costs microseconds and keeps the
// instance free of extra state. Every body passes the scrubber on its way out.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	mux := http.NewServeMux()
	for _, register := range resourceRoutes {
		register(d, mux)
	}
	scrubbed := backend.CallResourceResponseSenderFunc(func(res *backend.CallResourceResponse) error {
		res.Body = d.scrub.Bytes(res.Body)
		return sender.Send(res)
	})
	return httpadapter.New(jsonFallback{mux}).CallResource(ctx, req, scrubbed)
}

// registerLookupRoutes adds the read-only lookups behind the query editors' dropdowns.
// They never proxy a URL: each reads one fixed SCP endpoint.
func (d *Datasource) registerLookupRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /servers", d.withClient(d.handleServers))
	mux.HandleFunc("GET /servers/{id}/disks", d.withClient(d.handleDisks))
	mux.HandleFunc("GET /servers/{id}/interfaces", d.withClient(d.handleInterfaces))
	mux.HandleFunc("GET /raw-paths", d.handleRawPaths)
}

// option is one dropdown entry, in the shape of Grafana's SelectableValue.
type option struct {
	Value       string `json:"value"`
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
}

func (d *Datasource) handleServers(w http.ResponseWriter, r *http.Request) {
	servers, err := d.client.ListServers(r.Context())
	if err != nil {
		writeUpstreamError(w, err)
		return
	}
	options := make([]option, len(servers))
	for i, s := range servers {
		name, nickname, hostname := api.Value(s.Name), api.Value(s.Nickname), api.Value(s.Hostname)
		label, details := name, []string{hostname}
		if nickname != "" {
			label, details = nickname, []string{name, hostname}
		}
		options[i] = option{Value: strconv.Itoa(int(api.Value(s.Id))), Label: label, Description: joinNonEmpty(details...)}
	}
	writeJSON(w, http.StatusOK, options)
}

func (d *Datasource) handleDisks(w http.ResponseWriter, r *http.Request) {
	id, ok := serverID(w, r)
	if !ok {
		return
	}
	disks, err := d.client.Disks(r.Context(), id)
	if err != nil {
		writeServerError(w, id, err)
		return
	}
	options := make([]option, 0, len(disks))
	for _, disk := range disks {
		name := api.Value(disk.Name)
		size := ""
		if disk.CapacityInMiB != nil {
			size = fmt.Sprintf("%d GiB", *disk.CapacityInMiB/1024)
		}
		options = append(options, option{Value: name, Label: name, Description: joinNonEmpty(size, string(api.Value(disk.StorageDriver)))})
	}
	writeJSON(w, http.StatusOK, options)
}

func (d *Datasource) handleInterfaces(w http.ResponseWriter, r *http.Request) {
	id, ok := serverID(w, r)
	if !ok {
		return
	}
	ifaces, err := d.client.Interfaces(r.Context(), id)
	if err != nil {
		writeServerError(w, id, err)
		return
	}
	options := make([]option, 0, len(ifaces))
	for _, iface := range ifaces {
		mac := api.Value(iface.Mac)
		var ips []string
		for _, ip := range api.Value(iface.Ipv4Addresses) {
			ips = append(ips, api.Value(ip.Ip))
		}
		options = append(options, option{Value: mac, Label: mac, Description: joinNonEmpty(ips...)})
	}
	writeJSON(w, http.StatusOK, options)
}

// handleRawPaths lists the GETs a raw query may call at the data source's raw access level.
// It reads only the embedded spec, so it works before a token is configured.
func (d *Datasource) handleRawPaths(w http.ResponseWriter, _ *http.Request) {
	ops, err := scp.GetOperations(d.settings.RawAccess)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, ops)
}

// withClient answers 400 with the settings problem while the data source cannot call SCP.
func (d *Datasource) withClient(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if d.configErr != nil {
			writeError(w, http.StatusBadRequest, d.configErr.Error())
			return
		}
		if d.client == nil {
			writeError(w, http.StatusBadRequest, "this data source reads a Nezha dashboard; the SCP lookups do not apply")
			return
		}
		next(w, r)
	}
}

func serverID(w http.ResponseWriter, r *http.Request) (int32, bool) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 32)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("server id %q is not a number", raw))
		return 0, false
	}
	return int32(id), true
}

func writeServerError(w http.ResponseWriter, id int32, err error) {
	if scp.IsNotFound(err) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("server %d is not in this account: %v", id, err))
		return
	}
	writeUpstreamError(w, err)
}

// writeUpstreamError keeps SCP's maintenance and rate-limit statuses; bad input is a 400 and
// other failures of the upstream read a bad gateway.
func writeUpstreamError(w http.ResponseWriter, err error) {
	writeError(w, statusOf(err), err.Error())
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func joinNonEmpty(parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

// jsonFallback answers unknown routes (404) and wrong methods (405) in JSON, like the
// routes themselves, keeping the mux's status and Allow header.
type jsonFallback struct{ mux *http.ServeMux }

func (f jsonFallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := f.mux.Handler(r); pattern != "" {
		f.mux.ServeHTTP(w, r)
		return
	}
	probe := &statusProbe{header: http.Header{}}
	f.mux.ServeHTTP(probe, r)
	if allow := probe.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	if probe.status == http.StatusMethodNotAllowed {
		writeError(w, probe.status, fmt.Sprintf("%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, probe.header.Get("Allow")))
		return
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("no resource %s", r.URL.Path))
}

// statusProbe records the status a handler chose and discards its body.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header { return p.header }

func (p *statusProbe) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}

func (p *statusProbe) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}
