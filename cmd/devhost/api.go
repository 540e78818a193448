package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

type host struct {
	plugin *harness.Plugin
	ds     *dataSources
	log    *log.Logger
}

func newHost(plugin *harness.Plugin, sim *simulator.Running, nezhaURL string, logger *log.Logger) *host {
	return &host{plugin: plugin, ds: newDataSources(sim, nezhaURL), log: logger}
}

// routes are the Grafana HTTP API routes the editors call, the built plugin where Grafana
// serves it, and the static page.
func (h *host) routes(static, dist string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"database": "ok"})
	})
	mux.HandleFunc("POST /api/datasources", h.createDataSource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}", h.getDataSource)
	mux.HandleFunc("PUT /api/datasources/uid/{uid}", h.saveDataSource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", h.health)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", h.resource)
	mux.HandleFunc("POST /api/ds/query", h.query)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "devhost does not implement " + r.Method + " " + r.URL.Path})
	})
	pluginPath := "/public/plugins/" + harness.PluginID + "/"
	mux.Handle(pluginPath, http.StripPrefix(pluginPath, http.FileServer(http.Dir(dist))))
	mux.Handle("/", http.FileServer(http.Dir(static)))
	return h.logRequests(mux)
}

// role is the caller's org role; a test sets the devhost_role cookie to act as a Viewer.
func role(r *http.Request) string {
	if c, err := r.Cookie("devhost_role"); err == nil && c.Value != "" {
		return c.Value
	}
	return "Admin"
}

func (h *host) dataSource(w http.ResponseWriter, r *http.Request) (harness.DataSource, bool) {
	ds, ok := h.ds.get(r.PathValue("uid"), role(r))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
	}
	return ds, ok
}

// createDataSource adds a data source without a token, as "Add new data source" does.
func (h *host) createDataSource(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	if body.Name == "" {
		body.Name = "netcup SCP"
	}
	ds := h.ds.add("", body.Name, h.ds.scpJSON(), map[string]string{})
	settings, _ := h.ds.settings(ds.UID)
	writeJSON(w, http.StatusOK, map[string]any{"datasource": settings, "id": ds.ID, "message": "Datasource added", "name": body.Name})
}

func (h *host) getDataSource(w http.ResponseWriter, r *http.Request) {
	settings, ok := h.ds.settings(r.PathValue("uid"))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
		return
	}
	writeJSON(w, http.StatusOK, settings)
}

func (h *host) saveDataSource(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name           string            `json:"name"`
		JSONData       map[string]any    `json:"jsonData"`
		SecureJSONData map[string]string `json:"secureJsonData"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad data source JSON: " + err.Error()})
		return
	}
	uid := r.PathValue("uid")
	if !h.ds.update(uid, body.Name, body.JSONData, body.SecureJSONData) {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
		return
	}
	settings, _ := h.ds.settings(uid)
	writeJSON(w, http.StatusOK, map[string]any{"datasource": settings, "message": "Datasource updated", "name": settings["name"]})
}

// health answers like Grafana: 200 with status OK, or 400 with status ERROR.
func (h *host) health(w http.ResponseWriter, r *http.Request) {
	ds, ok := h.dataSource(w, r)
	if !ok {
		return
	}
	res, err := h.plugin.CheckHealth(r.Context(), ds)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "plugin health check failed: " + err.Error()})
		return
	}
	status, code := "OK", http.StatusOK
	if res.Status != backend.HealthStatusOk {
		status, code = "ERROR", http.StatusBadRequest
	}
	writeJSON(w, code, map[string]string{"status": status, "message": res.Message})
}

func (h *host) resource(w http.ResponseWriter, r *http.Request) {
	ds, ok := h.dataSource(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	path := r.PathValue("path")
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	rsp, err := h.plugin.CallResource(r.Context(), ds, r.Method, path, body)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "plugin resource call failed: " + err.Error()})
		return
	}
	for k, values := range rsp.Headers {
		for _, v := range values {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(rsp.Status)
	_, _ = w.Write(rsp.Body)
}

// queryRequest is the body of Grafana's POST /api/ds/query.
type queryRequest struct {
	Queries []map[string]any `json:"queries"`
	From    string           `json:"from"`
	To      string           `json:"to"`
}

// query runs the queries of one data source; like Grafana it answers 400 when any failed,
// with every result in the body.
func (h *host) query(w http.ResponseWriter, r *http.Request) {
	var req queryRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Queries) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad query request"})
		return
	}
	uid := "scp"
	if ref, ok := req.Queries[0]["datasource"].(map[string]any); ok {
		if s, ok := ref["uid"].(string); ok && s != "" {
			uid = s
		}
	}
	ds, ok := h.ds.get(uid, role(r))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Data source not found"})
		return
	}
	from, to := epochMillis(req.From, time.Now().Add(-6*time.Hour)), epochMillis(req.To, time.Now())
	queries := make([]harness.Query, len(req.Queries))
	for i, q := range req.Queries {
		refID, _ := q["refId"].(string)
		maxDataPoints, _ := q["maxDataPoints"].(float64)
		intervalMs, _ := q["intervalMs"].(float64)
		queries[i] = harness.Query{
			RefID: refID, JSON: q, From: from, To: to,
			MaxDataPoints: int64(maxDataPoints), Interval: time.Duration(intervalMs) * time.Millisecond,
		}
	}
	rsp, err := h.plugin.QueryData(r.Context(), ds, queries...)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"message": "plugin query failed: " + err.Error()})
		return
	}
	code := http.StatusOK
	for _, res := range rsp.Responses {
		if res.Error != nil {
			code = http.StatusBadRequest
		}
	}
	writeJSON(w, code, rsp)
}

func epochMillis(s string, fallback time.Time) time.Time {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fallback
	}
	return time.UnixMilli(ms)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	raw, err := json.Marshal(body)
	if err != nil {
		http.Error(w, fmt.Sprintf("encoding the answer: %v", err), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// logRequests logs API calls (never bodies: one of them carries the signed-in token).
func (h *host) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.log.Printf("%s %s -> %d", r.Method, r.URL.Path, rec.status)
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
