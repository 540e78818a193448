package scp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/vpsfleet/netcupscp/pkg/models"
)

// RawGet is a GET that ResolveGet checked against the spec. Only ResolveGet builds one, so
// Client.Get can never call a path outside the spec, another method or another host.
type RawGet struct {
	op *Operation
	// path is built from the template: spec text plus escaped parameter values.
	path  string
	query url.Values
}

// Operation is the spec operation the GET calls.
func (g RawGet) Operation() *Operation { return g.op }

// Path is the concrete, escaped path relative to the API URL.
func (g RawGet) Path() string { return g.path }

// String is the request as sent, relative to the API URL: "GET /api/v1/servers/1/metrics/cpu?hours=24".
func (g RawGet) String() string {
	if len(g.query) == 0 {
		return "GET " + g.path
	}
	return "GET " + g.path + "?" + g.query.Encode()
}

// ResolveGet checks a raw query against the spec's GET operations. path is a template whose
// {placeholders} params fill ("/api/v1/servers/{serverId}/disks") or a concrete path
// ("/api/v1/servers/123/disks"), optionally with an inline query. The other params are query
// parameters, which the operation must declare; kin-openapi validates their types.
// The GET must be one the granted raw access level allows. Errors are the user's to fix,
// so they carry the plugin error source.
func ResolveGet(ctx context.Context, path string, params map[string]string, granted models.RawAccess) (RawGet, error) {
	if granted == models.RawAccessOff {
		return RawGet{}, errRawAccessOff
	}
	idx, err := loadSpec()
	if err != nil {
		return RawGet{}, err
	}
	get, err := idx.resolve(ctx, path, params)
	if err != nil {
		return RawGet{}, backend.PluginError(err)
	}
	if err := CheckAccess(granted, "GET "+get.op.Path, get.op.Access); err != nil {
		return RawGet{}, err
	}
	return get, nil
}

func (idx *specIndex) resolve(ctx context.Context, rawPath string, params map[string]string) (RawGet, error) {
	segments, inline, err := splitRawPath(idx.basePath, rawPath)
	if err != nil {
		return RawGet{}, err
	}
	values, err := mergeParams(params, inline)
	if err != nil {
		return RawGet{}, err
	}
	filled := map[string]bool{}
	for i, seg := range segments {
		_, name, _, isParam := splitParam(seg)
		if !isParam {
			continue
		}
		value := strings.TrimSpace(values[name])
		if value == "" {
			return RawGet{}, fmt.Errorf("the path parameter {%s} has no value: add %q to the query's params", name, name)
		}
		if err := checkSegment(value); err != nil {
			return RawGet{}, fmt.Errorf("the value of %s: %w", name, err)
		}
		segments[i] = strings.Replace(seg, "{"+name+"}", value, 1)
		filled[name] = true
	}
	t, pathParams := idx.match(segments)
	if t == nil {
		return RawGet{}, fmt.Errorf("%q is not a path of the SCP API; the raw query editor lists the %d GET paths, the nearest are %s",
			rawPath, len(idx.gets), strings.Join(idx.nearestGets(segments, 3), ", "))
	}
	op := idx.gets[t.path]
	if op == nil {
		if reason, ok := idx.withheld[t.path]; ok {
			return RawGet{}, fmt.Errorf("raw queries do not read GET %s: %s", t.path, reason)
		}
		return RawGet{}, fmt.Errorf("%s has no GET in the SCP API (only %s) and raw queries only read; GET paths near it: %s",
			t.path, strings.ToUpper(strings.Join(t.methods, ", ")), strings.Join(idx.nearestGets(segments, 3), ", "))
	}
	query, err := op.queryValues(values, filled, pathParams)
	if err != nil {
		return RawGet{}, err
	}
	get := RawGet{op: op, path: t.fill(pathParams), query: query}
	return get, op.validate(ctx, get, pathParams)
}

// splitRawPath turns the user's path into decoded segments relative to the API URL, plus
// any inline query. Absolute URLs, "." and ".." and empty segments are refused.
func splitRawPath(basePath, raw string) ([]string, url.Values, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil, errors.New("the raw query has no path; pick one of the SCP API's GET paths, e.g. /api/v1/servers")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("the path %q is not a valid URL path: %v", raw, err)
	}
	if u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(raw, "//") {
		return nil, nil, fmt.Errorf("the path %q is an absolute URL; give a path of the SCP API such as /api/v1/servers: the plugin only calls the API URL configured in the data source", raw)
	}
	if strings.Contains(raw, "#") || strings.Contains(raw, `\`) {
		return nil, nil, fmt.Errorf("the path %q must not contain '#' or '\\'", raw)
	}
	escaped := strings.TrimSuffix(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	if basePath != "" {
		escaped = strings.TrimPrefix(escaped, strings.TrimPrefix(basePath, "/")+"/")
	}
	segments := strings.Split(escaped, "/")
	for i, seg := range segments {
		decoded, err := url.PathUnescape(seg)
		if err == nil {
			err = checkSegment(decoded)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("the path %q is refused: %v", raw, err)
		}
		segments[i] = decoded
	}
	inline, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, nil, fmt.Errorf("the query string of %q is invalid: %v", raw, err)
	}
	return segments, inline, nil
}

// checkSegment refuses segment values that could leave the spec's paths once sent.
func checkSegment(s string) error {
	switch {
	case s == "":
		return errors.New("empty path segments (//) are not allowed")
	case s == "." || s == "..":
		return errors.New("'.' and '..' are not allowed in paths")
	case strings.ContainsAny(s, "/\\?#"):
		return fmt.Errorf("%q must not contain '/', '\\', '?' or '#'", s)
	}
	return nil
}

// mergeParams joins the params map with the path's inline query; repeated inline values
// join with commas, the form params use for array parameters.
func mergeParams(params map[string]string, inline url.Values) (map[string]string, error) {
	out := make(map[string]string, len(params)+len(inline))
	for k, v := range params {
		out[strings.TrimSpace(k)] = v
	}
	for k, vs := range inline {
		v := strings.Join(vs, ",")
		if prev, ok := out[k]; ok && prev != v {
			return nil, fmt.Errorf("%s is given twice, as %q in the path and %q in params", k, v, prev)
		}
		out[k] = v
	}
	return out, nil
}

// queryValues keeps the params the operation declares as query parameters. Params that
// filled the path, or repeat a value the concrete path already has, are not sent again.
func (o *Operation) queryValues(values map[string]string, filled map[string]bool, pathParams map[string]string) (url.Values, error) {
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	query := url.Values{}
	for _, name := range names {
		value := strings.TrimSpace(values[name])
		if filled[name] {
			continue
		}
		if bound, ok := pathParams[name]; ok {
			if value != "" && value != bound {
				return nil, fmt.Errorf("params set %s=%q but the path has %q", name, value, bound)
			}
			continue
		}
		if value == "" {
			continue // an unset template variable: leave the parameter out
		}
		p := o.queryParam(name)
		if p == nil {
			return nil, fmt.Errorf("GET %s has no query parameter %q; it accepts %s", o.Path, name, o.queryParamNames())
		}
		if p.Type == openapi3.TypeArray {
			for part := range strings.SplitSeq(value, ",") {
				query.Add(name, strings.TrimSpace(part))
			}
			continue
		}
		query.Set(name, value)
	}
	return query, nil
}

func (o *Operation) queryParamNames() string {
	if len(o.QueryParams) == 0 {
		return "none"
	}
	names := make([]string, len(o.QueryParams))
	for i, p := range o.QueryParams {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// fill builds the concrete, escaped path from the template.
func (t *template) fill(params map[string]string) string {
	var b strings.Builder
	for _, pattern := range t.segments {
		b.WriteByte('/')
		prefix, name, suffix, isParam := splitParam(pattern)
		if !isParam {
			b.WriteString(pattern)
			continue
		}
		b.WriteString(prefix + url.PathEscape(params[name]) + suffix)
	}
	return b.String()
}

// validate checks parameter types, ranges, enums and required parameters with kin-openapi.
func (o *Operation) validate(ctx context.Context, get RawGet, pathParams map[string]string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, get.path, nil)
	if err != nil {
		return fmt.Errorf("the path %q is invalid: %v", get.path, err)
	}
	req.URL.RawQuery = get.query.Encode()
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      o.route,
		Options: &openapi3filter.Options{
			ExcludeRequestBody:  true,
			SkipSettingDefaults: true, // send only what the user asked for
			MultiError:          true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		},
	}
	if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
		return fmt.Errorf("GET %s: %s", o.Path, describeValidation(err))
	}
	return nil
}

// describeValidation keeps kin-openapi's first line per problem; the rest dumps schemas.
func describeValidation(err error) string {
	var multi openapi3.MultiError
	if !errors.As(err, &multi) {
		multi = openapi3.MultiError{err}
	}
	parts := make([]string, 0, len(multi))
	for _, e := range multi {
		msg, _, _ := strings.Cut(e.Error(), "\n")
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; ")
}

// Get runs a GET that ResolveGet checked and returns SCP's JSON answer unchanged.
func (c *Client) Get(ctx context.Context, get RawGet) (json.RawMessage, error) {
	if get.op == nil {
		return nil, backend.PluginError(errors.New("the GET was not checked against the SCP spec"))
	}
	target := c.apiURL + get.path
	if len(get.query) > 0 {
		target += "?" + get.query.Encode()
	}
	body, err := c.fetch(ctx, get.String(), func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json")
		return c.http.Do(req)
	})
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return json.RawMessage("null"), nil
	}
	if !json.Valid(body) {
		return nil, backend.DownstreamError(fmt.Errorf("SCP answered %s with a body that is not JSON", get))
	}
	return body, nil
}
