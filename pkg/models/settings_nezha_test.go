package models

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestNezhaSettings(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{
		JSONData:                []byte(`{"provider":" Nezha ","nezhaUrl":"https://nezha.example.com/","nezhaOnlineThresholdSeconds":60}`),
		DecryptedSecureJSONData: map[string]string{"nezhaToken": " nzp_abc "},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Provider != ProviderNezha || s.NezhaURL != "https://nezha.example.com" || s.NezhaAPIVersion != NezhaAPIAuto || s.NezhaToken != "nzp_abc" {
		t.Errorf("not normalised: %+v", s)
	}
	if s.NezhaOnlineThreshold() != time.Minute {
		t.Errorf("threshold %s", s.NezhaOnlineThreshold())
	}
	// No SCP refresh token: a Nezha data source does not need one.
	if err := s.Validate(); err != nil {
		t.Errorf("valid Nezha settings rejected: %v", err)
	}
}

func TestNezhaSettingsDefaults(t *testing.T) {
	s, _ := LoadSettings(backend.DataSourceInstanceSettings{})
	if s.Provider != ProviderSCP || s.NezhaOnlineThreshold() != DefaultNezhaOnlineThreshold {
		t.Errorf("defaults: %+v", s)
	}
}

func TestValidateNezha(t *testing.T) {
	token := map[string]string{"nezhaToken": "t"}
	cases := map[string]struct {
		json    string
		secure  map[string]string
		wantMsg string
	}{
		"missing url":     {`{"provider":"nezha"}`, token, "no Nezha dashboard URL is configured"},
		"bad url":         {`{"provider":"nezha","nezhaUrl":"nezha.example.com"}`, token, "Nezha URL"},
		"missing token":   {`{"provider":"nezha","nezhaUrl":"https://n.example.com"}`, map[string]string{"refreshToken": "scp"}, "no Nezha API token is configured"},
		"bad version":     {`{"provider":"nezha","nezhaUrl":"https://n.example.com","nezhaApiVersion":"v1"}`, token, `unknown Nezha API version "v1"`},
		"unknown provide": {`{"provider":"zabbix"}`, token, `unknown provider "zabbix"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(c.json), DecryptedSecureJSONData: c.secure})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(); err == nil || !strings.Contains(err.Error(), c.wantMsg) {
				t.Errorf("Validate() = %v, want %q", err, c.wantMsg)
			}
		})
	}
}

func TestParseQueryNezha(t *testing.T) {
	q, err := ParseQueryWithDefault(backend.DataQuery{JSON: []byte(`{"tag":"prod"}`)}, DefaultNezhaQueryType)
	if err != nil || q.QueryType != QueryTypeNezhaServers || q.Tag != "prod" || q.ServerMode != ServerModeAll {
		t.Errorf("got %+v, %v", q, err)
	}
	for _, qt := range NezhaQueryTypes {
		if _, err := ParseQuery(backend.DataQuery{QueryType: qt}); err != nil {
			t.Errorf("%s: %v", qt, err)
		}
	}
	if q, _ := ParseQuery(backend.DataQuery{}); q.QueryType != DefaultQueryType {
		t.Errorf("SCP default changed: %s", q.QueryType)
	}
}
