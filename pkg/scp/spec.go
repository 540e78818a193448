package scp

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Operation is one GET of the SCP spec that raw queries may call.
type Operation struct {
	// Path is the spec's template, e.g. /api/v1/servers/{serverId}/disks.
	Path    string `json:"path"`
	Summary string `json:"summary,omitempty"`
	// Access is the raw access level that may read it: servers or all.
	Access      models.RawAccess `json:"access"`
	PathParams  []Param          `json:"pathParams"`
	QueryParams []Param          `json:"queryParams"`

	route *routers.Route
}

// Param describes one path or query parameter for the raw query editor.
type Param struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Required    bool     `json:"required,omitempty"`
	Description string   `json:"description,omitempty"`
	Enum        []string `json:"enum,omitempty"`
}

func (o *Operation) queryParam(name string) *Param {
	for i := range o.QueryParams {
		if o.QueryParams[i].Name == name {
			return &o.QueryParams[i]
		}
	}
	return nil
}

// withheldPaths are GETs that raw queries refuse although the spec has them, with the reason.
// Answers carrying presigned S3 URLs are found from the spec (see presignedSchemas).
var withheldPaths = map[string]string{
	"/api/ping":       "it answers plain text, not JSON; the apiStatus query type checks it",
	"/api/v1/openapi": "it returns the API spec itself, not account data; the raw query editor lists the readable paths",
}

// presignedSchemas are answers whose URL lets anyone holding it download or upload the
// account's images for hours: a secret, so those GETs are withheld from raw queries.
var presignedSchemas = []string{"S3DownloadInfos", "S3SignPartURL"}

// specIndex is the embedded spec reduced to what raw GETs need.
type specIndex struct {
	// basePath is the spec's relative server URL (/scp-core), which users may paste along.
	basePath string
	// templates holds every spec path with its methods, to tell "unknown" from "not a GET".
	templates []template
	gets      map[string]*Operation
	withheld  map[string]string
}

type template struct {
	path     string
	segments []string
	methods  []string
}

// loadSpec parses the embedded spec once per process; it never changes at run time.
var loadSpec = sync.OnceValues(func() (*specIndex, error) {
	doc, err := api.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("loading the embedded SCP spec: %w", err)
	}
	idx := &specIndex{gets: map[string]*Operation{}, withheld: map[string]string{}}
	if len(doc.Servers) > 0 && strings.HasPrefix(doc.Servers[0].URL, "/") {
		idx.basePath = strings.TrimRight(doc.Servers[0].URL, "/")
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		t := template{path: path, segments: strings.Split(strings.TrimPrefix(path, "/"), "/")}
		for method := range item.Operations() {
			t.methods = append(t.methods, method)
		}
		slices.Sort(t.methods)
		idx.templates = append(idx.templates, t)
		op := item.Get
		if op == nil {
			continue
		}
		if reason, ok := withheldPaths[path]; ok {
			idx.withheld[path] = reason
			continue
		}
		if returnsPresignedURL(op) {
			idx.withheld[path] = "its answer is a presigned download or upload URL, which grants access to the account's files to anyone who sees it"
			continue
		}
		idx.gets[path] = newOperation(doc, path, item, op)
	}
	return idx, nil
})

func newOperation(doc *openapi3.T, path string, item *openapi3.PathItem, op *openapi3.Operation) *Operation {
	out := &Operation{
		Path:        path,
		Summary:     op.Summary,
		Access:      accessFor(path),
		PathParams:  []Param{},
		QueryParams: []Param{},
		route:       &routers.Route{Spec: doc, Path: path, PathItem: item, Method: http.MethodGet, Operation: op},
	}
	params := slices.Clone(op.Parameters)
	for _, p := range item.Parameters {
		if op.Parameters.GetByInAndName(p.Value.In, p.Value.Name) == nil {
			params = append(params, p)
		}
	}
	for _, ref := range params {
		p := ref.Value
		described := Param{Name: p.Name, Required: p.Required, Description: p.Description}
		if p.Schema != nil && p.Schema.Value != nil {
			s := p.Schema.Value
			described.Type = strings.Join(s.Type.Slice(), ",")
			for _, v := range s.Enum {
				described.Enum = append(described.Enum, fmt.Sprint(v))
			}
		}
		switch p.In {
		case openapi3.ParameterInPath:
			out.PathParams = append(out.PathParams, described)
		case openapi3.ParameterInQuery:
			out.QueryParams = append(out.QueryParams, described)
		}
	}
	byName := func(a, b Param) int { return cmp.Compare(a.Name, b.Name) }
	// Path parameters in the order they appear in the path, query parameters by name.
	slices.SortFunc(out.PathParams, func(a, b Param) int {
		return cmp.Compare(strings.Index(path, "{"+a.Name+"}"), strings.Index(path, "{"+b.Name+"}"))
	})
	slices.SortFunc(out.QueryParams, byName)
	return out
}

func returnsPresignedURL(op *openapi3.Operation) bool {
	ok := op.Responses.Status(http.StatusOK)
	if ok == nil || ok.Value == nil {
		return false
	}
	for _, media := range ok.Value.Content {
		if media.Schema == nil {
			continue
		}
		for _, name := range presignedSchemas {
			if strings.HasSuffix(media.Schema.Ref, "/"+name) {
				return true
			}
		}
	}
	return false
}

// GetOperations lists the GETs raw queries may call at the granted access level, sorted by path.
func GetOperations(granted models.RawAccess) ([]*Operation, error) {
	idx, err := loadSpec()
	if err != nil {
		return nil, err
	}
	ops := make([]*Operation, 0, len(idx.gets))
	for _, op := range idx.gets {
		if allows(granted, op.Access) {
			ops = append(ops, op)
		}
	}
	slices.SortFunc(ops, func(a, b *Operation) int { return cmp.Compare(a.Path, b.Path) })
	return ops, nil
}

// match finds the spec template a concrete path (decoded segments) belongs to, preferring
// the most literal one (…/disks/supported-drivers over …/disks/{diskName}), and returns the
// parameter values it binds.
func (idx *specIndex) match(segments []string) (*template, map[string]string) {
	var best *template
	var bestParams map[string]string
	for i := range idx.templates {
		t := &idx.templates[i]
		params, ok := t.bind(segments)
		if ok && (best == nil || t.literalLen() > best.literalLen()) {
			best, bestParams = t, params
		}
	}
	return best, bestParams
}

// bind matches segments against the template; a template segment may mix text and one
// parameter, as in "{diskName}:format".
func (t *template) bind(segments []string) (map[string]string, bool) {
	if len(segments) != len(t.segments) {
		return nil, false
	}
	params := map[string]string{}
	for i, pattern := range t.segments {
		prefix, name, suffix, isParam := splitParam(pattern)
		if !isParam {
			if pattern != segments[i] {
				return nil, false
			}
			continue
		}
		rest, okPrefix := strings.CutPrefix(segments[i], prefix)
		value, okSuffix := strings.CutSuffix(rest, suffix)
		if !okPrefix || !okSuffix || value == "" {
			return nil, false
		}
		params[name] = value
	}
	return params, true
}

// literalLen counts the template's characters outside parameters.
func (t *template) literalLen() int {
	n := 0
	for _, pattern := range t.segments {
		prefix, _, suffix, isParam := splitParam(pattern)
		if isParam {
			n += len(prefix) + len(suffix)
		} else {
			n += len(pattern)
		}
	}
	return n
}

// splitParam splits a template segment such as "{diskName}:format" around its parameter.
func splitParam(pattern string) (prefix, name, suffix string, ok bool) {
	open, end := strings.IndexByte(pattern, '{'), strings.IndexByte(pattern, '}')
	if open < 0 || end < open {
		return "", "", "", false
	}
	return pattern[:open], pattern[open+1 : end], pattern[end+1:], true
}

// nearestGets suggests GET paths for a path that has none: most leading segments in
// common first, then the longest shared start of the first differing segment.
func (idx *specIndex) nearestGets(segments []string, limit int) []string {
	type scored struct {
		path         string
		same, shared int
	}
	var all []scored
	for _, op := range idx.gets {
		parts := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		n := 0
		for n < len(parts) && n < len(segments) && (parts[n] == segments[n] || strings.HasPrefix(parts[n], "{")) {
			n++
		}
		shared := 0
		if n < len(parts) && n < len(segments) {
			for shared < len(parts[n]) && shared < len(segments[n]) && parts[n][shared] == segments[n][shared] {
				shared++
			}
		}
		all = append(all, scored{op.Path, n, shared})
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.same, a.same), cmp.Compare(b.shared, a.shared), cmp.Compare(len(a.path), len(b.path)), cmp.Compare(a.path, b.path))
	})
	out := make([]string, 0, limit)
	for _, s := range all[:min(limit, len(all))] {
		out = append(out, s.path)
	}
	return out
}
