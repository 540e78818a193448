package scp

import (
	"net/http"
	"regexp"
	"time"
)

// CacheTTLs says how long each kind of SCP data is reused. Zero disables caching of a kind.
type CacheTTLs struct {
	List      time.Duration // the server list
	Detail    time.Duration // a server (state, live info with disks, interfaces and traffic), its logs
	Inventory time.Duration // what changes rarely: addresses and rDNS, snapshots, guest agent, rescue system, images
	Tasks     time.Duration
	Account   time.Duration // user, user info, failover IPs, maintenance
	// Metrics are reused until SCP's next 10-minute sample unless disabled.
	Metrics bool
}

// DefaultCacheTTLs fit how often each kind of data changes, and keep a dashboard refreshing
// every 30 s on the same calls at every refresh: the state of every server, every time.
var DefaultCacheTTLs = CacheTTLs{
	List:      30 * time.Second,
	Detail:    30 * time.Second,
	Inventory: 5 * time.Minute,
	Tasks:     15 * time.Second,
	Account:   5 * time.Minute,
	Metrics:   true,
}

// metricSampleInterval is SCP's metric resolution [FACTS: 10 minutes in live fixtures].
const metricSampleInterval = 10 * time.Minute

// jitterAllowance is how much earlier than its lifetime an answer is dropped, so that a
// dashboard refreshing exactly every lifetime, give or take its scheduling jitter, refetches
// at every refresh rather than at every other one.
const jitterAllowance = time.Second

var (
	listPath      = regexp.MustCompile(`/api/v1/servers$`)
	metricsPath   = regexp.MustCompile(`/api/v1/servers/\d+/metrics/`)
	inventoryPath = regexp.MustCompile(`/api/v1/servers/\d+/(guest-agent(/status)?|interfaces(/[^/]+)?|snapshots(/[^/]+)?|disks(/.*)?|rescuesystem|isoimages|imageflavours|iso)$`)
	serverPath    = regexp.MustCompile(`/api/v1/servers/\d+(/.*)?$`)
	tasksPath     = regexp.MustCompile(`/api/v1/tasks(/.*)?$`)
	accountPath   = regexp.MustCompile(`(/api/v1/(users/.*|maintenance)|/userinfo)$`)
)

// expiry is when a GET of req, asked for by a query that began at asOf, stops being served
// from the cache; ok is false for answers that are never kept. Lifetimes count from the
// query's start, not from the moment the answer arrived, so that an answer is never older
// than its lifetime and every answer of one refresh expires together.
func (t CacheTTLs) expiry(req *http.Request, asOf time.Time) (expires time.Time, ok bool) {
	if req.Method != http.MethodGet {
		return time.Time{}, false
	}
	path := req.URL.Path
	var ttl time.Duration
	switch {
	case listPath.MatchString(path):
		ttl = t.List
	case metricsPath.MatchString(path):
		// A metric map cannot change before SCP's next sample.
		return asOf.Truncate(metricSampleInterval).Add(metricSampleInterval), t.Metrics
	case inventoryPath.MatchString(path):
		ttl = t.Inventory
	case serverPath.MatchString(path):
		ttl = t.Detail
	case tasksPath.MatchString(path):
		ttl = t.Tasks
	case accountPath.MatchString(path):
		ttl = t.Account
	}
	if ttl <= jitterAllowance {
		return time.Time{}, false
	}
	return asOf.Add(ttl - jitterAllowance), true
}
