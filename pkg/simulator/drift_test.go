package simulator

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestContractDetectsDrift proves the contract check bites: each mutation
// of a real answer must be reported as a spec violation.
func TestContractDetectsDrift(t *testing.T) {
	mutations := []struct {
		name   string
		path   *regexp.Regexp
		mutate func(rec *httptest.ResponseRecorder) (status int, ctype string, body []byte)
	}{
		{"integer field sent as string", regexp.MustCompile(`/servers/\d+$`), func(rec *httptest.ResponseRecorder) (int, string, []byte) {
			return rec.Code, "application/json", regexp.MustCompile(`"snapshotCount":(\d+)`).ReplaceAll(rec.Body.Bytes(), []byte(`"snapshotCount":"$1"`))
		}},
		{"required site name dropped", regexp.MustCompile(`/servers/\d+$`), func(rec *httptest.ResponseRecorder) (int, string, []byte) {
			return rec.Code, "application/json", regexp.MustCompile(`,"name":"(NUE|VIE|AMS|MAS)"`).ReplaceAll(rec.Body.Bytes(), nil)
		}},
		{"enum value outside the spec", regexp.MustCompile(`/servers/\d+/disks$`), func(rec *httptest.ResponseRecorder) (int, string, []byte) {
			return rec.Code, "application/json", bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"VIRTIO"`), []byte(`"virtio"`))
		}},
		{"undeclared status", regexp.MustCompile(`/servers/\d+/disks$`), func(rec *httptest.ResponseRecorder) (int, string, []byte) {
			return http.StatusTeapot, "application/json", rec.Body.Bytes()
		}},
		{"undeclared content type", regexp.MustCompile(`/servers/\d+/disks$`), func(rec *httptest.ResponseRecorder) (int, string, []byte) {
			return rec.Code, "text/html", rec.Body.Bytes()
		}},
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			wrap := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if !strings.HasPrefix(r.URL.Path, APIPrefix+"/api/v1/") || !m.path.MatchString(r.URL.Path) {
						next.ServeHTTP(w, r)
						return
					}
					rec := httptest.NewRecorder()
					next.ServeHTTP(rec, r)
					status, ctype, body := m.mutate(rec)
					w.Header().Set("Content-Type", ctype)
					w.WriteHeader(status)
					_, _ = w.Write(body)
				})
			}
			e := newEnvWrapped(t, Options{Servers: 5, Seed: 7}, wrap)
			c := newContract(t, e)
			id := itoa32(e.sim.ServerIDs()[0])
			want := http.StatusOK
			if m.name == "undeclared status" {
				want = http.StatusTeapot // so only the spec check can object
			}
			if strings.Contains(m.path.String(), "disks") {
				c.call("GET /api/v1/servers/{serverId}/disks", "/api/v1/servers/"+id+"/disks", want)
			} else {
				c.call("GET /api/v1/servers/{serverId}", "/api/v1/servers/"+id, want)
			}
			if len(c.failures) == 0 || !strings.Contains(c.failures[0], "violates spec") {
				t.Fatalf("mutation %q went unnoticed by the spec check: %v", m.name, c.failures)
			}
			t.Logf("detected: %.160s", c.failures[0])
		})
	}
}
