package nezha

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// settingPath is v1/v2's public settings endpoint: it answers guests, so detection never
// sends the token to an endpoint that might not exist.
const settingPath = "/api/v1/setting"

// detect asks GET /api/v1/setting, without the token, which API the dashboard speaks: v2
// answers its envelope with tsdb_enabled (always present since the time-series store came
// with v2), v1 the envelope without it, and v0 has no such route (an HTML 404).
func (c *Client) detect(ctx context.Context) (string, error) {
	body, status, err := c.send(ctx, settingPath, nil, "")
	if err != nil {
		return "", err
	}
	if firewallPage(status, body) {
		return "", downstream(&FirewallError{URL: c.baseURL})
	}
	var env struct {
		Success *bool `json:"success"`
		Code    *int  `json:"code"`
		Data    *struct {
			TSDBEnabled *bool `json:"tsdb_enabled"`
		} `json:"data"`
	}
	isJSON := looksLikeJSON(body) && json.Unmarshal(body, &env) == nil
	switch {
	case isJSON && env.Success != nil && *env.Success && env.Data != nil && env.Data.TSDBEnabled != nil:
		return models.NezhaAPIV2, nil
	case isJSON && env.Success != nil && *env.Success:
		return "", downstream(fmt.Errorf("the dashboard at %s looks like Nezha v1 (or v2 before 2.1), which has no API tokens: upgrade to v2.1 or later, "+
			"or, if it is v2.1 or later, set the API version to v2", c.baseURL))
	case status == http.StatusNotFound || (isJSON && env.Code != nil):
		if strings.HasPrefix(c.token, "nzp_") {
			return "", downstream(fmt.Errorf("the dashboard at %s looks like Nezha v0, but the token is a v2 personal access token (nzp_…): "+
				"check the URL, or set the API version explicitly", c.baseURL))
		}
		return models.NezhaAPIV0, nil
	}
	return "", downstream(fmt.Errorf("cannot tell which Nezha API the dashboard at %s speaks: GET %s answered HTTP %d. "+
		"Check the URL, or set the API version to v0 or v2", c.baseURL, settingPath, status))
}
