package simulator

import "time"

// Options configure a Simulator. The zero value is usable: every field has a
// default (see withDefaults).
type Options struct {
	// Servers is the fleet size of the default user (default 5). Ids stay
	// disjoint between accounts up to ~30000 servers each; addresses up to 4096.
	Servers int
	// Seed makes the fleet deterministic: the same seed gives the same fleet
	// (default 1; 0 means the default).
	Seed int64
	// Now is the clock (default time.Now). Tests pass a fixed clock so that
	// token expiry, device-code expiry and metric timestamps are deterministic.
	Now func() time.Time
	// AccessTokenTTL is the lifetime of issued access tokens (default 300 s, as netcup).
	AccessTokenTTL time.Duration
	// DeviceInterval is the device-flow polling interval in seconds (default 5).
	DeviceInterval int
	// DeviceAutoApprove, if > 0, approves a device code on its Nth paced poll
	// (polls answered slow_down do not count). 0 means a human or a test must
	// approve it (device page, ApproveDevice).
	DeviceAutoApprove int
	// RefreshToken is the default user's valid refresh token (default "sim-refresh-token-demo").
	RefreshToken string
	// RotateRefreshTokens makes every refresh grant issue a new refresh token and revoke the
	// one it was given, as Keycloak does with "Revoke Refresh Token" on (netcup does not).
	RotateRefreshTokens bool
	// DeviceExpiresIn is the device-code lifetime the device endpoint announces (default
	// 600 s, as netcup); codes stay usable for the real 600 s whatever it says.
	DeviceExpiresIn time.Duration
	// Faults injected into SCP API answers; change at runtime with SetFaults.
	Faults Faults
}

// Faults make the SCP API misbehave, for resilience tests and demos. Auth
// endpoints are never affected.
type Faults struct {
	// Latency is added to every SCP API call (ping included).
	Latency time.Duration
	// LatencySpikeEvery makes every Nth SCP API call wait LatencySpike more (0 = off).
	LatencySpikeEvery int
	LatencySpike      time.Duration
	// ErrorRate is the fraction [0,1] of authenticated /api/v1 calls answering
	// 500. The sequence is a pure function of Seed and the call number, so a
	// run is reproducible.
	ErrorRate float64
	// Burst429 / Burst429Every: after every Burst429Every authenticated
	// /api/v1 calls, the next Burst429 calls answer 429 with Retry-After: 1.
	Burst429      int
	Burst429Every int
	// MaxInARow caps the 429s and 500s one request (method and URL) gets in a row (0 = no
	// cap). Which call draws which fault depends on the order concurrent calls arrive in; with
	// a cap below a client's attempts, whether every request recovers does not.
	MaxInARow int
	// Maintenance makes every /api/v1 call answer 503 "Node is in maintenance
	// mode"; ping still answers 200.
	Maintenance bool
	// PingDown makes /api/ping answer 503.
	PingDown bool
	// Echo makes upstream quote the request back in its errors, as some proxies and debug
	// builds do: every /api/v1 call answers 400 quoting its Authorization header, and the
	// token, device and revoke endpoints answer 400 quoting their form.
	Echo bool
}

const (
	defaultServers      = 5
	defaultSeed         = 1
	defaultTokenTTL     = 300 * time.Second
	defaultInterval     = 5
	defaultRefreshToken = "sim-refresh-token-demo"
	// deviceCodeTTL is the device code lifetime netcup announces (expires_in 600).
	deviceCodeTTL = 600 * time.Second
)

func (o Options) withDefaults() Options {
	if o.Servers <= 0 {
		o.Servers = defaultServers
	}
	if o.Seed == 0 {
		o.Seed = defaultSeed
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.AccessTokenTTL <= 0 {
		o.AccessTokenTTL = defaultTokenTTL
	}
	if o.DeviceInterval <= 0 {
		o.DeviceInterval = defaultInterval
	}
	if o.RefreshToken == "" {
		o.RefreshToken = defaultRefreshToken
	}
	if o.DeviceExpiresIn <= 0 {
		o.DeviceExpiresIn = deviceCodeTTL
	}
	return o
}
