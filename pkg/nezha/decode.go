package nezha

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// looksLikeJSON tells a JSON answer from an HTML page (the firewall's, a 404, a proxy's).
func looksLikeJSON(body []byte) bool {
	trimmed := bytes.TrimSpace(body)
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && json.Valid(trimmed)
}

// firewallPage reports the firewall's answer: HTTP 403 with an HTML page, never JSON.
func firewallPage(status int, body []byte) bool {
	return status == http.StatusForbidden && !looksLikeJSON(body)
}

// notJSON is the error for a body that is no API answer, worded by status.
func (c *Client) notJSON(op, version string, status int) error {
	msg := "the answer is not Nezha " + version + " JSON (" + strings.TrimSpace(http.StatusText(status)) + "): check the URL and the API version"
	if status == http.StatusNotFound {
		msg = "no such page: check that " + c.baseURL + " is a Nezha " + version + " dashboard and the API version is right"
	}
	return downstream(&APIError{Op: op, Status: status, Message: msg})
}

// decodeV0 reads v0's {code, message, result}: code 0 is success, whatever the HTTP status says.
func decodeV0(c *Client, op string, status int, body []byte) (json.RawMessage, error) {
	if firewallPage(status, body) {
		return nil, downstream(&FirewallError{URL: c.baseURL})
	}
	var env struct {
		Code    *int            `json:"code"`
		Message string          `json:"message"`
		Result  json.RawMessage `json:"result"`
	}
	if !looksLikeJSON(body) || json.Unmarshal(body, &env) != nil || env.Code == nil {
		return nil, c.notJSON(op, "v0", status)
	}
	switch *env.Code {
	case 0:
		return env.Result, nil
	case http.StatusForbidden:
		// v0's "访问此接口需要认证": authentication required. A valid token never gets it.
		return nil, downstream(&AuthError{URL: c.baseURL, Detail: "code 403, authentication required"})
	}
	return nil, downstream(&APIError{Op: op, Status: status, Code: *env.Code, Message: c.upstreamText(env.Message)})
}

// decodeV2 reads v2's {success, data, error}; every field may be missing, and errors mostly
// come with HTTP 200.
func decodeV2(c *Client, op string, status int, body []byte) (json.RawMessage, error) {
	if firewallPage(status, body) {
		return nil, downstream(&FirewallError{URL: c.baseURL})
	}
	var env struct {
		Data  json.RawMessage `json:"data"`
		Error string          `json:"error"`
	}
	if !looksLikeJSON(body) || json.Unmarshal(body, &env) != nil {
		return nil, c.notJSON(op, "v2", status)
	}
	if status == http.StatusUnauthorized || strings.HasPrefix(env.Error, "ApiErrorUnauthorized") {
		detail := "HTTP 401"
		if env.Error != "" {
			detail = c.upstreamText(env.Error)
		}
		return nil, downstream(&AuthError{URL: c.baseURL, Detail: detail})
	}
	if env.Error != "" {
		return nil, downstream(&APIError{Op: op, Status: status, Message: c.upstreamText(env.Error)})
	}
	if status < 200 || status > 299 {
		return nil, downstream(&APIError{Op: op, Status: status, Message: strings.TrimSpace(http.StatusText(status))})
	}
	return env.Data, nil
}

// decodeInto unmarshals a payload; null and absent payloads leave v at its zero value.
func decodeInto(op string, data json.RawMessage, v any) error {
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return downstream(&APIError{Op: op, Status: http.StatusOK, Message: "unexpected answer: " + err.Error()})
	}
	return nil
}
