package scp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// serverReadPrefixes are the GETs that describe servers: the servers and everything under
// them, their tasks, the maintenance notice and reverse DNS. Every other GET reads the
// account (the user, SSH keys, user logs, firewall policies, VLANs, images, ISOs), so a path
// a future spec adds needs raw access "all" until someone decides otherwise.
var serverReadPrefixes = []string{"/api/v1/servers", "/api/v1/tasks", "/api/v1/maintenance", "/api/v1/rdns/"}

// accessFor is the raw access level a GET of the spec path needs.
func accessFor(path string) models.RawAccess {
	for _, prefix := range serverReadPrefixes {
		if path == prefix || strings.HasPrefix(path, strings.TrimSuffix(prefix, "/")+"/") {
			return models.RawAccessServers
		}
	}
	return models.RawAccessAll
}

// allows reports whether a data source whose Admin chose granted may read what needs level.
func allows(granted, level models.RawAccess) bool {
	switch granted {
	case models.RawAccessAll:
		return true
	case models.RawAccessServers:
		return level == models.RawAccessServers
	}
	return false
}

// errRawAccessOff answers every raw query of a data source whose Admin turned them off.
var errRawAccessOff = backend.PluginError(errors.New("raw queries are turned off for this data source; an organization Admin can allow them under Raw access in its settings"))

// CheckAccess refuses, with the setting to change, a read that the data source's raw access
// level does not allow. what names the read ("GET /api/v1/users/{userId}/ssh-keys", "user logs").
func CheckAccess(granted models.RawAccess, what string, level models.RawAccess) error {
	if allows(granted, level) {
		return nil
	}
	if granted == models.RawAccessOff {
		return errRawAccessOff
	}
	return backend.PluginError(fmt.Errorf("%s reads account data, beyond the server reads this data source allows: anyone who can query the data source "+
		"would read it, so an organization Admin must set Raw access to \"all\" in its settings first", what))
}
