package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// secretMarkers match every token the simulator issues: its refresh tokens, access tokens and
// the refresh tokens of device sign-ins.
var secretMarkers = []string{"sim-refresh-token-", "sim-at-", "sim-rt-"}

// everyQuery exercises each query type, in table and numeric mode, including raw reads of
// the rescue-system endpoint, whose answer carries the rescue password.
func everyQuery(serverIDs []int32, now time.Time) []Query {
	models := []map[string]any{
		{"queryType": "servers"},
		{"queryType": "serverStatus"},
		{"queryType": "serverStatus", "field": "rescueActive"},
		{"queryType": "disks"},
		{"queryType": "disks", "field": "usedPercent"},
		{"queryType": "interfaces"},
		{"queryType": "traffic"},
		{"queryType": "metrics", "metric": "cpu"},
		{"queryType": "metrics", "metric": "disk"},
		{"queryType": "metrics", "metric": "network"},
		{"queryType": "metrics", "metric": "packet"},
		{"queryType": "snapshots"},
		{"queryType": "tasks"},
		{"queryType": "maintenance"},
		{"queryType": "logs"},
		{"queryType": "logs", "logSource": "user"},
		{"queryType": "ips"},
		{"queryType": "guestAgent"},
		{"queryType": "apiStatus"},
		{"queryType": "variable", "variableKind": "servers"},
		{"queryType": "variable", "variableKind": "sites"},
		{"queryType": "raw", "path": "/api/v1/servers"},
		{"queryType": "raw", "path": "/api/v1/servers/{serverId}", "params": map[string]string{"serverId": "999999"}},
		{"queryType": "nonsense"},
	}
	for _, id := range serverIDs {
		models = append(models, map[string]any{"queryType": "raw", "path": "/api/v1/servers/{serverId}/rescuesystem", "params": map[string]string{"serverId": fmt.Sprint(id)}})
	}
	return lastSixHours("Q", models, now)
}

// lastSixHours turns query models into queries over the 6 hours before now, refIds prefix0….
func lastSixHours(prefix string, models []map[string]any, now time.Time) []Query {
	queries := make([]Query, len(models))
	for i, m := range models {
		queries[i] = Query{RefID: fmt.Sprintf("%s%d", prefix, i), JSON: m, From: now.Add(-6 * time.Hour), To: now, MaxDataPoints: 500, Interval: time.Minute}
	}
	return queries
}

// TestNoSecretLeaks captures every log line, frame, error and resource body of a run over all
// query types, resource routes and failure cases, and searches it for tokens and rescue passwords.
func TestNoSecretLeaks(t *testing.T) {
	p, logs := startPlugin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sim, url := startSimulator(t, simulator.Options{Servers: 8, Seed: 4})
	revoked := sim.AddUser("revoked", 2, 8)
	sim.RevokeRefreshToken(revoked)

	var captured strings.Builder
	record := func(v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		captured.Write(raw)
		captured.WriteByte('\n')
	}
	queries := everyQuery(sim.ServerIDs(), time.Now())
	for _, ds := range []DataSource{dataSourceFor(url, sim.RefreshToken()), dataSourceFor(url, revoked)} {
		health, err := p.CheckHealth(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		record(health)
		rsp, err := p.QueryData(ctx, ds, queries...)
		if err != nil {
			t.Fatal(err)
		}
		for refID, r := range rsp.Responses {
			record(r)
			if r.Error != nil {
				captured.WriteString(refID + ": " + r.Error.Error() + "\n")
			}
		}
		for _, path := range []string{"servers", fmt.Sprintf("servers/%d/disks", sim.ServerIDs()[0]), fmt.Sprintf("servers/%d/interfaces", sim.ServerIDs()[0]), "raw-paths", "servers/1/disks"} {
			res, err := p.CallResource(ctx, ds, "GET", path, nil)
			if err != nil {
				t.Fatal(err)
			}
			captured.Write(res.Body)
			captured.WriteByte('\n')
		}
	}
	sim.ExpireAccessTokens() // a 401 and a refresh mid-run go through the logs too
	if _, err := p.QueryData(ctx, dataSourceFor(url, sim.RefreshToken()), queries[:3]...); err != nil {
		t.Fatal(err)
	}

	everything := captured.String() + logs.String()
	secrets := append([]string{}, secretMarkers...)
	for _, id := range sim.ServerIDs() {
		secrets = append(secrets, sim.RescuePassword(id))
	}
	for _, secret := range secrets {
		if i := strings.Index(everything, secret); i >= 0 {
			t.Errorf("found a secret (%.12s…) in the captured output: …%s…", secret, everything[max(0, i-80):min(len(everything), i+20)])
		}
	}
	t.Logf("searched %d bytes of frames, errors, resource bodies and logs for %d secrets: no hits", len(everything), len(secrets))
}
