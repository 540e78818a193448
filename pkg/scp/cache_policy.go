package scp

import (
	"net/http"
	"regexp"
	"time"
)

// CacheTTLs says how long each kind of SCP data is reused. Zero disables caching of a kind.
type CacheTTLs struct {
	List    time.Duration // the server list
	Detail  time.Duration // a server and its disks, interfaces, snapshots, logs, agent
	Tasks   time.Duration
	Account time.Duration // user, user info, failover IPs, maintenance
	// Metrics are reused until SCP's next 10-minute sample unless disabled.
	Metrics bool
}

// DefaultCacheTTLs fit how often each kind of data changes.
var DefaultCacheTTLs = CacheTTLs{
	List:    60 * time.Second,
	Detail:  30 * time.Second,
	Tasks:   15 * time.Second,
	Account: 5 * time.Minute,
	Metrics: true,
}

// metricSampleInterval is SCP's metric resolution [FACTS: 10 minutes in live fixtures].
const metricSampleInterval = 10 * time.Minute

var (
	listPath    = regexp.MustCompile(`/api/v1/servers$`)
	metricsPath = regexp.MustCompile(`/api/v1/servers/\d+/metrics/`)
	serverPath  = regexp.MustCompile(`/api/v1/servers/\d+(/.*)?$`)
	tasksPath   = regexp.MustCompile(`/api/v1/tasks(/.*)?$`)
	accountPath = regexp.MustCompile(`(/api/v1/(users/.*|maintenance)|/userinfo)$`)
)

// ttl is how long a GET of req may be served from the cache; 0 means never.
func (t CacheTTLs) ttl(req *http.Request, now time.Time) time.Duration {
	if req.Method != http.MethodGet {
		return 0
	}
	path := req.URL.Path
	switch {
	case listPath.MatchString(path):
		return t.List
	case metricsPath.MatchString(path):
		if !t.Metrics {
			return 0
		}
		// A metric map cannot change before SCP's next sample.
		return now.Truncate(metricSampleInterval).Add(metricSampleInterval).Sub(now)
	case serverPath.MatchString(path):
		return t.Detail
	case tasksPath.MatchString(path):
		return t.Tasks
	case accountPath.MatchString(path):
		return t.Account
	}
	return 0
}
