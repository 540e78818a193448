// Package models holds the data source's settings and query model, their defaults and validation.
package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Defaults for the real netcup endpoints and the client's limits.
const (
	DefaultAPIURL         = "https://www.servercontrolpanel.de/scp-core"
	DefaultAuthURL        = "https://www.servercontrolpanel.de/realms/scp/protocol/openid-connect"
	DefaultMaxConcurrency = 8
	DefaultTimeout        = 30 * time.Second
	MaxMaxConcurrency     = 64
)

// Settings is the data source's jsonData plus its decrypted secrets.
type Settings struct {
	APIURL  string `json:"apiUrl"`
	AuthURL string `json:"authUrl"`
	// MaxConcurrency bounds parallel upstream calls per data-source instance.
	MaxConcurrency int `json:"maxConcurrency"`
	// TimeoutSeconds bounds one upstream call, retries included.
	TimeoutSeconds int `json:"timeoutSeconds"`

	// CacheTTLSeconds overrides how long each kind of SCP data is reused; absent keys keep
	// the defaults, 0 turns caching of that kind off.
	CacheTTLSeconds CacheTTLSeconds `json:"cacheTtlSeconds"`
	// CacheMaxEntries bounds the response cache of this data source.
	CacheMaxEntries int `json:"cacheMaxEntries"`

	RefreshToken string `json:"-"`
}

// CacheTTLSeconds holds optional per-kind cache lifetimes.
type CacheTTLSeconds struct {
	List    *int `json:"list,omitempty"`
	Detail  *int `json:"detail,omitempty"`
	Tasks   *int `json:"tasks,omitempty"`
	Account *int `json:"account,omitempty"`
	// Metrics false stops reusing metric maps until SCP's next 10-minute sample.
	Metrics *bool `json:"metrics,omitempty"`
}

// ErrMissingToken is returned by Validate when no refresh token is stored.
var ErrMissingToken = errors.New("no netcup refresh token is configured: use \"Sign in with netcup\" on the data source's settings page, or paste a refresh token")

// LoadSettings decodes jsonData and secureJsonData and fills in defaults.
// It fails only on undecodable JSON; Validate reports semantic problems.
func LoadSettings(source backend.DataSourceInstanceSettings) (Settings, error) {
	var s Settings
	if len(source.JSONData) > 0 {
		if err := json.Unmarshal(source.JSONData, &s); err != nil {
			return s, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	s.RefreshToken = strings.TrimSpace(source.DecryptedSecureJSONData["refreshToken"])
	s.applyDefaults()
	return s, nil
}

func (s *Settings) applyDefaults() {
	s.APIURL = strings.TrimRight(strings.TrimSpace(s.APIURL), "/")
	s.AuthURL = strings.TrimRight(strings.TrimSpace(s.AuthURL), "/")
	if s.APIURL == "" {
		s.APIURL = DefaultAPIURL
	}
	if s.AuthURL == "" {
		s.AuthURL = DefaultAuthURL
	}
	if s.MaxConcurrency <= 0 {
		s.MaxConcurrency = DefaultMaxConcurrency
	}
	if s.MaxConcurrency > MaxMaxConcurrency {
		s.MaxConcurrency = MaxMaxConcurrency
	}
}

// Timeout is the per-call deadline for upstream requests.
func (s Settings) Timeout() time.Duration {
	if s.TimeoutSeconds <= 0 {
		return DefaultTimeout
	}
	return time.Duration(s.TimeoutSeconds) * time.Second
}

// Validate reports the first setting a user must fix, worded for the config page.
func (s Settings) Validate() error {
	if err := validateURL("API URL", s.APIURL); err != nil {
		return err
	}
	if err := validateURL("Auth URL", s.AuthURL); err != nil {
		return err
	}
	if s.RefreshToken == "" {
		return ErrMissingToken
	}
	return nil
}

func validateURL(name, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the %s %q is not a valid http(s) URL, for example %s", name, raw, exampleFor(name))
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("the %s %q must not contain a query or fragment", name, raw)
	}
	return nil
}

func exampleFor(name string) string {
	if name == "Auth URL" {
		return DefaultAuthURL
	}
	return DefaultAPIURL
}
