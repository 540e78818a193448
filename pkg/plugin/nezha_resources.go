package plugin

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// registerNezhaRoutes adds the lookups behind a Nezha data source's tag and server pickers.
// Like the SCP lookups they read one fixed endpoint and never proxy a URL.
func (d *Datasource) registerNezhaRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /nezha/servers", d.withNezha(d.handleNezhaServers))
	mux.HandleFunc("GET /nezha/tags", d.withNezha(d.handleNezhaTags))
}

// handleNezhaServers lists the servers the token may see: the id as value (what serverIds
// takes), the name as label, the tags as description.
func (d *Datasource) handleNezhaServers(w http.ResponseWriter, r *http.Request) {
	servers, err := d.nezha.Servers(r.Context())
	if err != nil {
		writeNezhaError(w, err)
		return
	}
	options := make([]option, len(servers))
	for i, s := range servers {
		options[i] = option{Value: strconv.FormatUint(s.ID, 10), Label: s.Name, Description: strings.Join(s.Tags, ", ")}
	}
	writeJSON(w, http.StatusOK, options)
}

// handleNezhaTags lists the v0 tags or v2 groups that hold at least one visible server,
// sorted, each with its server count.
func (d *Datasource) handleNezhaTags(w http.ResponseWriter, r *http.Request) {
	servers, err := d.nezha.Servers(r.Context())
	if err != nil {
		writeNezhaError(w, err)
		return
	}
	counts := map[string]int{}
	for _, s := range servers {
		for _, tag := range s.Tags {
			counts[tag]++
		}
	}
	options := make([]option, 0, len(counts))
	for tag, n := range counts {
		options = append(options, option{Value: tag, Label: tag, Description: serverCount(n)})
	}
	slices.SortFunc(options, func(a, b option) int { return cmp.Compare(a.Value, b.Value) })
	writeJSON(w, http.StatusOK, options)
}

func serverCount(n int) string {
	if n == 1 {
		return "1 server"
	}
	return fmt.Sprintf("%d servers", n)
}

// withNezha answers 400 with the settings problem, or because the data source reads SCP.
func (d *Datasource) withNezha(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if d.configErr != nil {
			writeError(w, http.StatusBadRequest, d.configErr.Error())
			return
		}
		if d.nezha == nil {
			writeError(w, http.StatusBadRequest, "this data source reads netcup SCP; the Nezha lookups do not apply")
			return
		}
		next(w, r)
	}
}

// writeNezhaError answers a failed dashboard read with a bad gateway. The client's messages
// name the dashboard and the fix, never the token.
func writeNezhaError(w http.ResponseWriter, err error) {
	writeError(w, http.StatusBadGateway, err.Error())
}
