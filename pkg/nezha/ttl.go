package nezha

import "time"

// Cache lifetimes per kind of read. The state arrives every few seconds; histories change
// once per sample (5 minutes and more), groups and monitor lists rarely.
const (
	ttlServers  = 5 * time.Second
	ttlGroups   = time.Minute
	ttlMonitors = 30 * time.Second
	ttlHistory  = time.Minute
)
