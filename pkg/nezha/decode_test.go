package nezha

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

func TestDecode(t *testing.T) {
	c := &Client{baseURL: "https://nezha.example.com", token: "secret-token", scrub: upstream.NewScrubber("secret-token")}
	cases := []struct {
		name    string
		decode  decoder
		status  int
		body    string
		data    string // payload on success
		is      error  // sentinel the error must match
		message string // fragment of the error
	}{
		{"v0 ok", decodeV0, 200, `{"code":0,"message":"success","result":[1]}`, "[1]", nil, ""},
		{"v0 bad token in a 200", decodeV0, 200, `{"code":403,"message":"访问此接口需要认证"}`, "", ErrTokenRejected, "token rejected"},
		{"v0 hidden server", decodeV0, 403, `{"code":403,"message":"需要认证"}`, "", ErrTokenRejected, "token rejected"},
		{"v0 error in a 200", decodeV0, 200, `{"code":500,"message":"db down"}`, "", nil, "answered code 500: db down"},
		{"v0 bad id", decodeV0, 400, `{"code":400,"message":"id参数错误"}`, "", nil, "answered code 400"},
		{"v0 unknown path", decodeV0, 404, `<html>404</html>`, "", nil, "no such page"},
		{"v0 firewall", decodeV0, 403, `<!DOCTYPE html><html>Blocked</html>`, "", ErrFirewall, "HTTP 403 page"},
		{"v2 ok", decodeV2, 200, `{"success":true,"data":{"a":1}}`, `{"a":1}`, nil, ""},
		{"v2 ok without data", decodeV2, 200, `{"success":true}`, "", nil, ""},
		{"v2 bad token", decodeV2, 401, `{"error":"ApiErrorUnauthorized: invalid api token"}`, "", ErrTokenRejected, "invalid api token"},
		{"v2 bad token in a 200", decodeV2, 200, `{"success":false,"error":"ApiErrorUnauthorized: token expired"}`, "", ErrTokenRejected, "token expired"},
		{"v2 error in a 200", decodeV2, 200, `{"error":"server not found"}`, "", nil, "failed: server not found"},
		{"v2 missing scope", decodeV2, 403, `{"error":"ApiErrorForbidden: scope"}`, "", nil, "check the token's scopes"},
		{"v2 firewall", decodeV2, 403, `<html>Blocked</html>`, "", ErrFirewall, "blocks this Grafana server's IP"},
		{"v2 proxy error", decodeV2, 502, `<html>Bad Gateway</html>`, "", nil, "not Nezha v2 JSON (Bad Gateway)"},
		{"v2 token echoed", decodeV2, 200, `{"error":"no such token secret-token"}`, "", nil, "no such token [redacted]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.decode(c, "GET /x", tc.status, []byte(tc.body))
			if tc.message == "" {
				if err != nil || string(data) != tc.data {
					t.Fatalf("got %s, %v; want %s", data, err, tc.data)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.message) {
				t.Fatalf("error %v, want %q", err, tc.message)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if strings.Contains(err.Error(), "secret-token") {
				t.Error("the error shows the token")
			}
			if !backend.IsDownstreamError(err) {
				t.Error("not marked downstream")
			}
		})
	}
}

func TestIsNotFound(t *testing.T) {
	c := &Client{baseURL: "https://n"}
	_, v2 := decodeV2(c, "GET /api/v1/server/9/metrics", http.StatusOK, []byte(`{"error":"server not found"}`))
	_, v0 := decodeV0(c, "GET /api/v1/monitor/9", http.StatusNotFound, []byte(`{"code":404,"message":"id不存在"}`))
	_, other := decodeV2(c, "GET /x", http.StatusOK, []byte(`{"error":"database error"}`))
	if !IsNotFound(v2) || !IsNotFound(v0) || IsNotFound(other) {
		t.Errorf("IsNotFound: v2 %v, v0 %v, other %v", IsNotFound(v2), IsNotFound(v0), IsNotFound(other))
	}
}
