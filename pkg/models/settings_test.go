package models

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestLoadSettingsDefaults(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{
		DecryptedSecureJSONData: map[string]string{"refreshToken": " tok "},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.APIURL != DefaultAPIURL || s.AuthURL != DefaultAuthURL {
		t.Errorf("defaults not applied: %+v", s)
	}
	if s.MaxConcurrency != DefaultMaxConcurrency || s.Timeout() != DefaultTimeout {
		t.Errorf("limits not defaulted: %+v", s)
	}
	if s.RefreshToken != "tok" {
		t.Errorf("token not trimmed: %q", s.RefreshToken)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("valid settings rejected: %v", err)
	}
}

func TestLoadSettingsTrimsSlashAndCapsConcurrency(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{
		JSONData: []byte(`{"apiUrl":"http://127.0.0.1:1/scp-core/","maxConcurrency":1000}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.APIURL != "http://127.0.0.1:1/scp-core" {
		t.Errorf("trailing slash kept: %q", s.APIURL)
	}
	if s.MaxConcurrency != MaxMaxConcurrency {
		t.Errorf("concurrency not capped: %d", s.MaxConcurrency)
	}
}

func TestValidate(t *testing.T) {
	cases := map[string]struct {
		json    string
		secure  map[string]string
		wantMsg string
	}{
		"bad api url":   {`{"apiUrl":"ftp://x"}`, map[string]string{"refreshToken": "t"}, "API URL"},
		"relative url":  {`{"authUrl":"/realms/scp"}`, map[string]string{"refreshToken": "t"}, "Auth URL"},
		"query in url":  {`{"apiUrl":"https://x/scp-core?a=b"}`, map[string]string{"refreshToken": "t"}, "must not contain"},
		"missing token": {`{}`, nil, "Sign in with netcup"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(c.json), DecryptedSecureJSONData: c.secure})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Validate()
			if err == nil || !strings.Contains(err.Error(), c.wantMsg) {
				t.Errorf("Validate() = %v, want message containing %q", err, c.wantMsg)
			}
		})
	}
}

func TestLoadSettingsBadJSON(t *testing.T) {
	if _, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{`)}); err == nil {
		t.Error("want error for malformed jsonData")
	}
}
