package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/nezha"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// CheckHealth walks the path every query takes and answers in a sentence that holds no secret.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	res := d.checkHealth(ctx)
	res.Message = sentence(d.scrub.String(res.Message))
	return res, nil
}

func (d *Datasource) checkHealth(ctx context.Context) *backend.CheckHealthResult {
	switch {
	case d.configErr != nil:
		return healthError(d.configErr.Error())
	case d.isNezha():
		return d.checkNezhaHealth(ctx)
	}
	return d.checkSCPHealth(ctx)
}

// checkSCPHealth: the API answers, the refresh token buys an access token, and that token
// reads the account.
func (d *Datasource) checkSCPHealth(ctx context.Context) *backend.CheckHealthResult {
	if err := d.client.Ping(ctx); err != nil {
		return healthError(pingMessage(d.client.APIURL(), err))
	}
	user, err := d.client.CurrentUser(ctx)
	if err != nil {
		return healthError(accountMessage(err))
	}
	username := user.Username
	if record, err := d.client.User(ctx, user.ID); err != nil {
		return healthError(accountMessage(err))
	} else if name := api.Value(record.Username); name != "" {
		username = name
	}
	servers, err := d.client.ListServers(ctx)
	if err != nil {
		return healthError(accountMessage(err))
	}
	msg := fmt.Sprintf("Connected to netcup SCP as %s: %d servers", username, len(servers))
	if d.client.TokenRotated() {
		msg += ". Warning: netcup issued a new refresh token in place of the stored one. The plugin uses it, but only until Grafana restarts: " +
			"sign in again with \"Sign in with netcup\" and save, so that Grafana stores a current token"
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: msg}
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
	case scp.IsSignInFailure(err):
		return err.Error()
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusServiceUnavailable:
		return "SCP is in maintenance (the API answered 503). Nothing to fix on your side: try again later."
	default:
		return "Signed in, but reading the account failed: " + err.Error()
	}
}

// checkNezhaHealth walks a Nezha query's path: the API version (detected without the token
// when set to auto), then the server list with the token.
func (d *Datasource) checkNezhaHealth(ctx context.Context) *backend.CheckHealthResult {
	version, err := d.nezha.Version(ctx)
	if err != nil {
		return healthError(nezhaMessage(d.nezha.URL(), err))
	}
	servers, err := d.nezha.Servers(ctx)
	if err != nil {
		return healthError(nezhaMessage(d.nezha.URL(), err))
	}
	return &backend.CheckHealthResult{
		Status:  backend.HealthStatusOk,
		Message: fmt.Sprintf("Connected to Nezha %s at %s: %d servers", version, d.nezha.URL(), len(servers)),
	}
}

// nezhaMessage words a failed Nezha health check. The client's errors already say what to do
// and never hold the token.
func nezhaMessage(url string, err error) string {
	var apiErr *nezha.APIError
	var unreachable *nezha.UnreachableError
	switch {
	case errors.As(err, &unreachable):
		return fmt.Sprintf("%v. Check the Nezha URL and that Grafana's server can reach it (proxy, firewall, DNS).", err)
	case errors.As(err, &apiErr):
		return fmt.Sprintf("The Nezha dashboard at %s answered with an error: %v", url, err)
	default:
		return err.Error()
	}
}
