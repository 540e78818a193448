package main

import (
	"maps"
	"sync"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/harness"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// dataSources keeps the configured data sources in memory, secrets included, as Grafana's
// database would: a token saved by the config page is what the next health check uses.
type dataSources struct {
	mu      sync.Mutex
	sim     *simulator.Running
	byUID   map[string]*harness.DataSource
	names   map[string]string
	version map[string]int
}

func newDataSources(sim *simulator.Running, nezhaURL string) *dataSources {
	s := &dataSources{sim: sim, byUID: map[string]*harness.DataSource{}, names: map[string]string{}, version: map[string]int{}}
	// The editors' data sources are configured already; the config tests create fresh ones.
	s.add("scp", "netcup SCP (simulator)", s.scpJSON(), map[string]string{"refreshToken": sim.RefreshToken()})
	s.add("nezha", "Nezha (simulator)", map[string]any{
		"provider":        "nezha",
		"nezhaUrl":        nezhaURL,
		"nezhaApiVersion": "auto",
		"timeoutSeconds":  10,
	}, map[string]string{"nezhaToken": nezhaToken})
	return s
}

// scpJSON points a data source at the SCP simulator.
func (s *dataSources) scpJSON() map[string]any {
	return map[string]any{
		"apiUrl":         s.sim.APIURL(),
		"authUrl":        s.sim.AuthURL(),
		"timeoutSeconds": 10,
	}
}

func (s *dataSources) add(uid, name string, jsonData map[string]any, secure map[string]string) *harness.DataSource {
	ds := harness.NewDataSource(jsonData, secure)
	if uid != "" {
		ds.UID = uid
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byUID[ds.UID] = &ds
	s.names[ds.UID] = name
	s.version[ds.UID] = 1
	return &ds
}

// get returns a copy, with the caller's org role, to pass to the plugin.
func (s *dataSources) get(uid, role string) (harness.DataSource, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ds, ok := s.byUID[uid]
	if !ok {
		return harness.DataSource{}, false
	}
	out := *ds
	out.JSONData = maps.Clone(ds.JSONData)
	out.Secure = maps.Clone(ds.Secure)
	out.Role = role
	return out, true
}

// update applies a save: jsonData is replaced; secureJsonData entries set or, when empty, clear
// a secret. Bumping Updated makes the plugin build a new instance, as after a Grafana save.
func (s *dataSources) update(uid string, name string, jsonData map[string]any, secure map[string]string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ds, ok := s.byUID[uid]
	if !ok {
		return false
	}
	if name != "" {
		s.names[uid] = name
	}
	if jsonData != nil {
		ds.JSONData = jsonData
	}
	for k, v := range secure {
		if v == "" {
			delete(ds.Secure, k)
		} else {
			ds.Secure[k] = v
		}
	}
	ds.Updated = time.Now()
	s.version[uid]++
	return true
}

// settings is the data source as Grafana's GET /api/datasources/uid/:uid shows it: secrets
// only as "configured" flags.
func (s *dataSources) settings(uid string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ds, ok := s.byUID[uid]
	if !ok {
		return nil, false
	}
	fields := map[string]bool{}
	for k := range ds.Secure {
		fields[k] = true
	}
	return map[string]any{
		"id":               ds.ID,
		"uid":              ds.UID,
		"orgId":            1,
		"name":             s.names[uid],
		"type":             harness.PluginID,
		"typeName":         "netcup SCP",
		"typeLogoUrl":      "",
		"access":           "proxy",
		"url":              "",
		"user":             "",
		"basicAuth":        false,
		"basicAuthUser":    "",
		"withCredentials":  false,
		"isDefault":        uid == "scp",
		"jsonData":         maps.Clone(ds.JSONData),
		"secureJsonFields": fields,
		"version":          s.version[uid],
		"readOnly":         false,
	}, true
}
