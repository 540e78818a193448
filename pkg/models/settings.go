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
	// DefaultCacheMaxMiB bounds each data source's cache: a 200-server fleet's overview and
	// a day of alert rules fit in a few MiB, so 64 MiB leaves room for wide metric ranges.
	DefaultCacheMaxMiB = 64
	// DefaultMaxConcurrentQueries bounds the queries of one data source that run at once,
	// across all requests; the rest wait their turn.
	DefaultMaxConcurrentQueries = 8
	// DefaultLiveInterval is how often a Live channel polls SCP while someone watches it.
	DefaultLiveInterval = 5 * time.Second
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
	// CacheMaxMiB bounds this data source's cache in bytes: answers, their decoded forms and
	// anything else kept between refreshes count against it.
	CacheMaxMiB int `json:"cacheMaxMiB"`
	// MaxConcurrentQueries bounds the queries of this data source that execute at once.
	MaxConcurrentQueries int `json:"maxConcurrentQueries"`
	// RawAccess is the Admin's choice of what raw queries may read: off, servers (default) or all.
	RawAccess RawAccess `json:"rawAccess"`
	// LiveIntervalSeconds is how often a watched Live channel polls SCP; absent means the
	// default, 0 turns Live off.
	LiveIntervalSeconds *int `json:"liveIntervalSeconds,omitempty"`

	RefreshToken string `json:"-"`

	// Provider picks the upstream: scp (default) or nezha. A Nezha data source needs none of
	// the SCP settings above except the limits.
	Provider string `json:"provider"`
	// NezhaURL is the Nezha dashboard's base URL, e.g. https://nezha.example.com.
	NezhaURL string `json:"nezhaUrl"`
	// NezhaAPIVersion is v0, v2 or auto (default): auto asks the dashboard's public settings
	// endpoint, without the token, which API it speaks.
	NezhaAPIVersion string `json:"nezhaApiVersion"`
	// NezhaOnlineThresholdSeconds is how long after its last report a server still counts as online.
	NezhaOnlineThresholdSeconds int `json:"nezhaOnlineThresholdSeconds"`
	// NezhaToken is the v0 API token or the v2 personal access token (nzp_…).
	NezhaToken string `json:"-"`
}

// RawAccess is how much of the account raw queries may read. Whoever may query a data source
// reads what it returns, so the Admin decides.
type RawAccess = string

// Raw access levels.
const (
	// RawAccessOff refuses every raw query.
	RawAccessOff RawAccess = "off"
	// RawAccessServers allows the GETs that describe servers (the default).
	RawAccessServers RawAccess = "servers"
	// RawAccessAll allows every GET of the spec, account data included: the user, SSH keys,
	// user logs, firewall policies, VLANs, images and ISOs.
	RawAccessAll RawAccess = "all"
)

// Providers.
const (
	ProviderSCP   = "scp"
	ProviderNezha = "nezha"
)

// Nezha API versions.
const (
	NezhaAPIV0   = "v0"
	NezhaAPIV2   = "v2"
	NezhaAPIAuto = "auto"
)

// DefaultNezhaOnlineThreshold is the official theme's 10 s plus room for the plugin's short
// cache and Grafana's own scheduling.
const DefaultNezhaOnlineThreshold = 30 * time.Second

// ErrMissingNezhaToken is returned by Validate for a Nezha data source without a token.
var ErrMissingNezhaToken = errors.New("no Nezha API token is configured: create one in the Nezha admin panel " +
	"(v0: \"API Token\"; v2: a personal access token with the nezha:inventory:read, nezha:server:read and nezha:service:read scopes) " +
	"and paste it into the data source's Nezha token field")

// CacheTTLSeconds holds optional per-kind cache lifetimes.
type CacheTTLSeconds struct {
	List      *int `json:"list,omitempty"`
	Detail    *int `json:"detail,omitempty"`
	Inventory *int `json:"inventory,omitempty"`
	Tasks     *int `json:"tasks,omitempty"`
	Account   *int `json:"account,omitempty"`
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
	s.NezhaToken = strings.TrimSpace(source.DecryptedSecureJSONData["nezhaToken"])
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
	if s.MaxConcurrentQueries <= 0 {
		s.MaxConcurrentQueries = DefaultMaxConcurrentQueries
	}
	s.MaxConcurrentQueries = min(s.MaxConcurrentQueries, MaxMaxConcurrency)
	if s.CacheMaxMiB <= 0 {
		s.CacheMaxMiB = DefaultCacheMaxMiB
	}
	s.RawAccess = strings.ToLower(strings.TrimSpace(s.RawAccess))
	if s.RawAccess == "" {
		s.RawAccess = RawAccessServers
	}
	s.Provider = strings.ToLower(strings.TrimSpace(s.Provider))
	if s.Provider == "" {
		s.Provider = ProviderSCP
	}
	s.NezhaURL = strings.TrimRight(strings.TrimSpace(s.NezhaURL), "/")
	s.NezhaAPIVersion = strings.ToLower(strings.TrimSpace(s.NezhaAPIVersion))
	if s.NezhaAPIVersion == "" {
		s.NezhaAPIVersion = NezhaAPIAuto
	}
}

// NezhaOnlineThreshold is the staleness after which a Nezha server counts as offline.
func (s Settings) NezhaOnlineThreshold() time.Duration {
	if s.NezhaOnlineThresholdSeconds <= 0 {
		return DefaultNezhaOnlineThreshold
	}
	return time.Duration(s.NezhaOnlineThresholdSeconds) * time.Second
}

// LiveInterval is how often a watched Live channel polls SCP; 0 means Live is off.
func (s Settings) LiveInterval() time.Duration {
	if s.LiveIntervalSeconds == nil {
		return DefaultLiveInterval
	}
	return time.Duration(max(*s.LiveIntervalSeconds, 0)) * time.Second
}

// CacheMaxBytes is the cache budget in bytes.
func (s Settings) CacheMaxBytes() int64 { return int64(s.CacheMaxMiB) << 20 }

// AnswerBudgetBytes bounds the frames held for answers not yet sent: a quarter of the cache
// budget, room for a 7-day CPU panel of 200 servers.
func (s Settings) AnswerBudgetBytes() int64 { return s.CacheMaxBytes() / 4 }

// Timeout is the per-call deadline for upstream requests.
func (s Settings) Timeout() time.Duration {
	if s.TimeoutSeconds <= 0 {
		return DefaultTimeout
	}
	return time.Duration(s.TimeoutSeconds) * time.Second
}

// Validate reports the first setting a user must fix, worded for the config page.
func (s Settings) Validate() error {
	switch s.Provider {
	case ProviderNezha:
		return s.validateNezha()
	case ProviderSCP:
	default:
		return fmt.Errorf("unknown provider %q: use scp (netcup SCP) or nezha (a Nezha dashboard)", s.Provider)
	}
	if err := validateURL("API URL", s.APIURL); err != nil {
		return err
	}
	if err := validateURL("Auth URL", s.AuthURL); err != nil {
		return err
	}
	switch s.RawAccess {
	case RawAccessOff, RawAccessServers, RawAccessAll:
	default:
		return fmt.Errorf("unknown raw access %q: use off, servers (reads that describe servers) or all (every GET, account data included)", s.RawAccess)
	}
	if s.RefreshToken == "" {
		return ErrMissingToken
	}
	return nil
}

func (s Settings) validateNezha() error {
	if s.NezhaURL == "" {
		return errors.New("no Nezha dashboard URL is configured: enter the address you open Nezha at, for example https://nezha.example.com")
	}
	if err := validateURL("Nezha URL", s.NezhaURL); err != nil {
		return err
	}
	switch s.NezhaAPIVersion {
	case NezhaAPIV0, NezhaAPIV2, NezhaAPIAuto:
	default:
		return fmt.Errorf("unknown Nezha API version %q: use v0 (dashboards up to v0.20), v2 (v2.1 or later, personal access tokens) or auto", s.NezhaAPIVersion)
	}
	if s.NezhaToken == "" {
		return ErrMissingNezhaToken
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
	switch name {
	case "Auth URL":
		return DefaultAuthURL
	case "Nezha URL":
		return "https://nezha.example.com"
	}
	return DefaultAPIURL
}
