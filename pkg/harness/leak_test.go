package harness

import (
	"context"
	"fmt"
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

	tr := &transcript{t: t}
	queries := everyQuery(sim.ServerIDs(), time.Now())
	for _, ds := range []DataSource{dataSourceFor(url, sim.RefreshToken()), dataSourceFor(url, revoked)} {
		tr.health(p, ctx, ds)
		tr.query(p, ctx, ds, queries...)
		for _, path := range []string{"servers", fmt.Sprintf("servers/%d/disks", sim.ServerIDs()[0]), fmt.Sprintf("servers/%d/interfaces", sim.ServerIDs()[0]), "raw-paths", "servers/1/disks"} {
			tr.resource(p, ctx, ds, "GET", path, nil)
		}
	}
	sim.ExpireAccessTokens() // a 401 and a refresh mid-run go through the logs too
	tr.query(p, ctx, dataSourceFor(url, sim.RefreshToken()), queries[:3]...)

	secrets := append([]string{}, secretMarkers...)
	for _, id := range sim.ServerIDs() {
		secrets = append(secrets, sim.RescuePassword(id))
	}
	tr.mustNotHold(logs.String(), secrets)
}
