package simulator

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// writeJSON answers with application/json, the first media type the spec lists.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeRawJSON(w, status, b)
}

func writeRawJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// respErr writes the spec's ResponseError / NotFoundError shape {code,message}.
func respErr(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"code": code, "message": msg})
}

// notFound is the body netcup sends live for unknown or foreign resources.
func notFound(w http.ResponseWriter) {
	respErr(w, http.StatusNotFound, "error.notfound", "Resource not found")
}

// validationErr writes the spec's ValidationError shape for one field.
func validationErr(w http.ResponseWriter, status int, field, msg string) {
	writeJSON(w, status, map[string]any{
		"code":    "error.validation",
		"message": "Validation failed",
		"errors":  []map[string]string{{"field": field, "message": msg}},
	})
}

// intParam parses an optional int32 query parameter that must lie in [lo, hi].
// ok is false after an error answer has been written.
func intParam(w http.ResponseWriter, r *http.Request, name string, def, lo, hi int) (v int, ok bool) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, true
	}
	n, err := strconv.ParseInt(raw, 10, 32)
	if err != nil || int(n) < lo || int(n) > hi {
		validationErr(w, http.StatusBadRequest, name,
			"must be an integer between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi))
		return 0, false
	}
	return int(n), true
}

// boolParam parses an optional boolean query parameter.
func boolParam(w http.ResponseWriter, r *http.Request, name string, def bool) (v bool, ok bool) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, true
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		validationErr(w, http.StatusBadRequest, name, "must be true or false")
		return false, false
	}
	return b, true
}

// pathInt32 parses an integer path segment; a non-integer answers 400.
func pathInt32(w http.ResponseWriter, r *http.Request, name string) (int32, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 32)
	if err != nil {
		validationErr(w, http.StatusBadRequest, name, "must be an integer")
		return 0, false
	}
	return int32(n), true
}

// page applies offset/limit (both optional, >= 0) to n items and returns the
// [from, to) window. No limit means "everything from offset".
func page(w http.ResponseWriter, r *http.Request, n int) (from, to int, ok bool) {
	const maxInt32 = 1<<31 - 1
	off, ok := intParam(w, r, "offset", 0, 0, maxInt32)
	if !ok {
		return 0, 0, false
	}
	lim, ok := intParam(w, r, "limit", -1, 0, maxInt32)
	if !ok {
		return 0, 0, false
	}
	from = min(off, n)
	to = n
	if lim >= 0 {
		to = min(from+lim, n)
	}
	return from, to, true
}
