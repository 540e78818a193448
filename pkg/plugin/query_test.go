package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestQueryDataBadInputDoesNotSinkSiblings(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 4})
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken()))
	rsp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "ok", QueryType: "servers", JSON: []byte(`{"queryType":"servers"}`)},
		{RefID: "malformed", JSON: []byte(`{"queryType":`)},
		{RefID: "unknown", QueryType: "nope", JSON: []byte(`{}`)},
		{RefID: "defaulted", JSON: []byte(`{"unknownField":1}`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if r := rsp.Responses["ok"]; r.Error != nil || len(r.Frames) != 1 {
		t.Fatalf("sibling query failed: %v", r.Error)
	}
	if r := rsp.Responses["defaulted"]; r.Error != nil || len(r.Frames) != 1 {
		t.Fatalf("query without a type did not default to servers: %v", r.Error)
	}
	for refID, want := range map[string]string{"malformed": "not valid JSON", "unknown": `unknown query type "nope"`} {
		r := rsp.Responses[refID]
		if r.Error == nil || !strings.Contains(r.Error.Error(), want) {
			t.Errorf("%s: error = %v, want %q", refID, r.Error, want)
		}
		if r.ErrorSource != backend.ErrorSourcePlugin {
			t.Errorf("%s: error source = %q, want plugin", refID, r.ErrorSource)
		}
	}
}

func TestQueryDataReportsConfigErrorPerQuery(t *testing.T) {
	ds := newTestDatasource(t, instanceSettings("http://127.0.0.1:1", ""))
	rsp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "servers"}}})
	r := rsp.Responses["A"]
	if r.Error == nil || !strings.Contains(r.Error.Error(), "refresh token") || r.ErrorSource != backend.ErrorSourcePlugin {
		t.Fatalf("got %v (%s)", r.Error, r.ErrorSource)
	}
}

func TestQueryDataExpiredAccessTokenIsRefreshedOnce(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 3})
	// No list caching, so the second query has to reach SCP with the expired token.
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken(), map[string]any{"cacheTtlSeconds": map[string]any{"list": 0}}))
	query := &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "servers"}}}
	if r, _ := ds.QueryData(context.Background(), query); r.Responses["A"].Error != nil {
		t.Fatal(r.Responses["A"].Error)
	}
	sim.ExpireAccessTokens()
	sim.ResetCalls()
	r, _ := ds.QueryData(context.Background(), query)
	if r.Responses["A"].Error != nil {
		t.Fatalf("query after access-token expiry failed: %v", r.Responses["A"].Error)
	}
	calls := sim.Calls()
	if calls["POST /token"] != 1 {
		t.Errorf("token refreshes = %d, want exactly 1 after a 401", calls["POST /token"])
	}
}

func TestQueryDataRevokedTokenSaysSignInAgain(t *testing.T) {
	sim, url := startSimulator(t, simulator.Options{Servers: 3})
	sim.RevokeRefreshToken(sim.RefreshToken())
	ds := newTestDatasource(t, instanceSettings(url, sim.RefreshToken()))
	rsp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", QueryType: "servers"}}})
	r := rsp.Responses["A"]
	if r.Error == nil || !strings.Contains(r.Error.Error(), "Sign in again") || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Fatalf("got %v (%s)", r.Error, r.ErrorSource)
	}
	if strings.Contains(r.Error.Error(), sim.RefreshToken()) {
		t.Fatal("error contains the refresh token")
	}
}
