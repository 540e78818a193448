package scp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

func TestResolveGetBuildsTheRequestFromTheTemplate(t *testing.T) {
	for _, tc := range []struct {
		path   string
		params map[string]string
		want   string
	}{
		{"/api/v1/servers/{serverId}/disks", map[string]string{"serverId": "123"}, "GET /api/v1/servers/123/disks"},
		{"/api/v1/servers/123/disks", nil, "GET /api/v1/servers/123/disks"},
		{"api/v1/servers/123/disks/", nil, "GET /api/v1/servers/123/disks"},
		{"/scp-core/api/v1/servers/7/metrics/cpu?hours=24", nil, "GET /api/v1/servers/7/metrics/cpu?hours=24"},
		{"/api/v1/servers/7/metrics/cpu", map[string]string{"hours": "24", "serverId": "7"}, "GET /api/v1/servers/7/metrics/cpu?hours=24"},
		{"/api/v1/servers/{id}/logs", map[string]string{"id": "7", "limit": "10", "offset": ""}, "GET /api/v1/servers/7/logs?limit=10"},
		{"/api/v1/servers", map[string]string{"sort": "name,-nickname"}, "GET /api/v1/servers?sort=name&sort=-nickname"},
		{"/api/v1/servers/7/interfaces/52:54:00:aa:bb:cc", nil, "GET /api/v1/servers/7/interfaces/52:54:00:aa:bb:cc"},
		{"/api/v1/rdns/ipv6/{ip}", map[string]string{"ip": "2001:db8::1"}, "GET /api/v1/rdns/ipv6/2001:db8::1"},
		{"/api/v1/servers/7/snapshots/{name}", map[string]string{"name": "before update"}, "GET /api/v1/servers/7/snapshots/before%20update"},
	} {
		get, err := ResolveGet(context.Background(), tc.path, tc.params, models.RawAccessAll)
		if err != nil {
			t.Errorf("%s %v: %v", tc.path, tc.params, err)
			continue
		}
		if got := get.String(); got != tc.want {
			t.Errorf("%s %v = %q, want %q", tc.path, tc.params, got, tc.want)
		}
	}
}

func TestResolveGetRefusals(t *testing.T) {
	for _, tc := range []struct {
		path   string
		params map[string]string
		want   string
	}{
		{"/api/v1/nothing", nil, "is not a path of the SCP API"},
		{"/api/v1/servers/1/storageoptimization", nil, "has no GET in the SCP API (only POST)"},
		{"/api/v1/servers/1/disks/vda:format", nil, "only POST"},
		{"http://127.0.0.1/api/v1/servers", nil, "absolute URL"},
		{"//127.0.0.1/api/v1/servers", nil, "absolute URL"},
		{"javascript:alert(1)", nil, "absolute URL"},
		{"/api/v1/servers/1/../..", nil, "'..'"},
		{"/api/v1/servers/1/%2E%2E", nil, "'..'"},
		{"/api/v1/servers//disks", nil, "empty path segments"},
		{"/api/v1/servers/%2F/disks", nil, "must not contain '/'"},
		{`/api/v1/servers\1`, nil, `'\'`},
		{"/api/v1/servers#x", nil, "'#'"},
		{"/api/v1/servers/{serverId}/disks", map[string]string{"serverId": "1?x=1"}, "must not contain"},
		{"/api/v1/servers/{serverId}/disks", nil, "{serverId} has no value"},
		{"/api/v1/servers/1/disks", map[string]string{"limit": "1"}, "it accepts none"},
		{"/api/v1/servers/1/disks", map[string]string{"serverId": "2"}, `params set serverId="2" but the path has "1"`},
		{"/api/v1/servers/1", map[string]string{"loadServerLiveInfo": "maybe"}, `parameter "loadServerLiveInfo" in query has an error`},
		{"/api/v1/servers", map[string]string{"limit": "-1"}, "at least 0"},
		{"/api/v1/openapi", nil, "the API spec itself"},
		{"/api/ping", nil, "apiStatus"},
		{"/api/v1/users/1/isos/x.iso", nil, "presigned"},
	} {
		_, err := ResolveGet(context.Background(), tc.path, tc.params, models.RawAccessAll)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want it to contain %q", tc.path, tc.params, err, tc.want)
			continue
		}
		var withSource backend.ErrorWithSource
		if !errors.As(err, &withSource) || withSource.ErrorSource() != backend.ErrorSourcePlugin {
			t.Errorf("%s: %v is not a plugin error", tc.path, err)
		}
	}
}

func TestGetCallsOnlyTheConfiguredAPI(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/token") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"a","expires_in":300,"token_type":"Bearer"}`))
			return
		}
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"name":"vda"}]`))
	}))
	defer srv.Close()
	client, err := NewClient(models.Settings{APIURL: srv.URL + "/scp-core", AuthURL: srv.URL + "/auth", RefreshToken: "r"}, httpclient.Options{}, upstream.NewInstance(64<<20, time.Now))
	if err != nil {
		t.Fatal(err)
	}
	get, err := ResolveGet(context.Background(), "/api/v1/servers/{serverId}/disks", map[string]string{"serverId": "42"}, models.RawAccessServers)
	if err != nil {
		t.Fatal(err)
	}
	body, err := client.Get(context.Background(), get)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != `[{"name":"vda"}]` {
		t.Errorf("body = %s", body)
	}
	if len(got) != 1 || got[0] != "GET /scp-core/api/v1/servers/42/disks Bearer a" {
		t.Errorf("requests = %q", got)
	}
	if _, err := client.Get(context.Background(), RawGet{}); err == nil {
		t.Error("an unchecked GET was sent")
	}
}
