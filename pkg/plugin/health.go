package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// CheckHealth walks the path every query takes: the API answers, the refresh token buys an
// access token, and that token reads the account.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.configErr != nil {
		return healthError(d.configErr.Error()), nil
	}
	if err := d.client.Ping(ctx); err != nil {
		return healthError(pingMessage(d.client.APIURL(), err)), nil
	}
	user, err := d.client.CurrentUser(ctx)
	if err != nil {
		return healthError(accountMessage(err)), nil
	}
	username := user.Username
	if record, err := d.client.User(ctx, user.ID); err != nil {
		return healthError(accountMessage(err)), nil
	} else if name := api.Value(record.Username); name != "" {
		username = name
	}
	servers, err := d.client.ListServers(ctx)
	if err != nil {
		return healthError(accountMessage(err)), nil
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("Connected to netcup SCP as %s: %d servers", username, len(servers)),
	}, nil
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}

func pingMessage(apiURL string, err error) string {
	var apiErr *scp.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusServiceUnavailable:
		return "SCP is in maintenance (the API answered 503). Nothing to fix on your side: try again later."
	case errors.As(err, &apiErr):
		return fmt.Sprintf("The SCP API at %s answered HTTP %d to a ping: check the API URL (it ends in /scp-core).", apiURL, apiErr.Status)
	default:
		return fmt.Sprintf("Cannot reach the SCP API at %s: %v. Check the API URL and that Grafana's server can reach it (proxy, firewall, DNS).", apiURL, err)
	}
}

func accountMessage(err error) string {
	var apiErr *scp.APIError
	switch {
	case errors.Is(err, scp.ErrTokenRejected):
		return err.Error()
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusServiceUnavailable:
		return "SCP is in maintenance (the API answered 503). Nothing to fix on your side: try again later."
	default:
		return "Signed in, but reading the account failed: " + err.Error()
	}
}
