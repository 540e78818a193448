package models

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// QueryType names one kind of read. The list is mirrored in src/types.ts; a test keeps them equal.
type QueryType = string

// Query types.
const (
	QueryTypeServers      QueryType = "servers"
	QueryTypeServerStatus QueryType = "serverStatus"
	QueryTypeDisks        QueryType = "disks"
	QueryTypeInterfaces   QueryType = "interfaces"
	QueryTypeTraffic      QueryType = "traffic"
	QueryTypeMetrics      QueryType = "metrics"
	QueryTypeSnapshots    QueryType = "snapshots"
	QueryTypeTasks        QueryType = "tasks"
	QueryTypeMaintenance  QueryType = "maintenance"
	QueryTypeLogs         QueryType = "logs"
	QueryTypeIPs          QueryType = "ips"
	QueryTypeGuestAgent   QueryType = "guestAgent"
	QueryTypeAPIStatus    QueryType = "apiStatus"
	QueryTypeRaw          QueryType = "raw"
	QueryTypeVariable     QueryType = "variable"

	// Nezha query types, answered by a data source whose provider is nezha.
	QueryTypeNezhaServers  QueryType = "nezhaServers"
	QueryTypeNezhaStatus   QueryType = "nezhaStatus"
	QueryTypeNezhaMetrics  QueryType = "nezhaMetrics"
	QueryTypeNezhaMonitors QueryType = "nezhaMonitors"
)

// QueryTypes lists every query type the backend answers, in the order the editor offers them.
var QueryTypes = []QueryType{
	QueryTypeServers, QueryTypeServerStatus, QueryTypeDisks, QueryTypeInterfaces, QueryTypeTraffic,
	QueryTypeMetrics, QueryTypeSnapshots, QueryTypeTasks, QueryTypeMaintenance, QueryTypeLogs,
	QueryTypeIPs, QueryTypeGuestAgent, QueryTypeAPIStatus, QueryTypeRaw, QueryTypeVariable,
	QueryTypeNezhaServers, QueryTypeNezhaStatus, QueryTypeNezhaMetrics, QueryTypeNezhaMonitors,
}

// NezhaQueryTypes are the query types a Nezha data source answers.
var NezhaQueryTypes = []QueryType{QueryTypeNezhaServers, QueryTypeNezhaStatus, QueryTypeNezhaMetrics, QueryTypeNezhaMonitors}

// DefaultQueryType answers queries that name none, such as a freshly added panel.
const DefaultQueryType = QueryTypeServers

// DefaultNezhaQueryType is the same for a Nezha data source.
const DefaultNezhaQueryType = QueryTypeNezhaServers

// ServerMode says how a per-server query picks its servers.
type ServerMode = string

// Server selection modes.
const (
	ServerModeAll   ServerMode = "all"
	ServerModeIDs   ServerMode = "ids"
	ServerModeRegex ServerMode = "regex"
)

// Values a multi-value template variable sends for "All".
var allServerTokens = []string{"", "$__all", "__all", "all", "*"}

// Query is the JSON model shared with the frontend. Unknown fields are ignored; every field
// is optional and takes the default documented here.
type Query struct {
	QueryType QueryType `json:"queryType"`

	// ServerMode picks servers: all (default), ids (ServerIDs) or regex (ServerRegex over name,
	// nickname and hostname). With ids given and no mode, ids is assumed.
	ServerMode  ServerMode `json:"serverMode,omitempty"`
	ServerIDs   []string   `json:"serverIds,omitempty"`
	ServerRegex string     `json:"serverRegex,omitempty"`
	// Tag narrows Nezha queries to servers of a tag (v0) or server group (v2), before the
	// server mode applies. Several may be given as "a,b" or "{a,b}"; empty or All keeps every server.
	Tag string `json:"tag,omitempty"`

	// Field switches serverStatus, disks and interfaces from a table to one numeric-multi
	// frame per series, for stat panels and alert rules; for traffic (always numeric) it
	// narrows the direction to in, out or total.
	Field string `json:"field,omitempty"`

	// Metric is the series kind of a metrics query: cpu (default), disk, network or packet;
	// for nezhaMetrics one of Nezha's metric names (cpu by default).
	Metric string `json:"metric,omitempty"`
	// LegendFormat names series, e.g. "{{server}} {{device}} {{direction}}".
	LegendFormat string `json:"legendFormat,omitempty"`

	// TaskStates filters tasks (any when empty).
	TaskStates []string `json:"taskStates,omitempty"`
	// LogSource is server (default) or user.
	LogSource string `json:"logSource,omitempty"`
	// Limit caps tasks and log entries read (default 100).
	Limit int `json:"limit,omitempty"`

	// Path and Params are the GET of a raw query, e.g. /api/v1/servers/{serverId}/disks.
	Path   string            `json:"path,omitempty"`
	Params map[string]string `json:"params,omitempty"`

	// VariableKind is what a variable query lists: servers (default), disks, interfaces, sites, states.
	VariableKind string `json:"variableKind,omitempty"`

	// Live makes tasks and serverStatus answer with frames that Grafana Live then keeps up to
	// date (see pkg/plugin's stream handler); alert rules ignore it.
	Live bool `json:"live,omitempty"`
}

// Defaults for optional fields.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// ParseQuery decodes a query's JSON and applies defaults. Grafana copies queryType into
// DataQuery.QueryType, which wins over the JSON field.
func ParseQuery(q backend.DataQuery) (Query, error) {
	return ParseQueryWithDefault(q, DefaultQueryType)
}

// ParseQueryWithDefault is ParseQuery for a data source whose queries without a type mean defaultType.
func ParseQueryWithDefault(q backend.DataQuery, defaultType QueryType) (Query, error) {
	var out Query
	if len(q.JSON) > 0 {
		if err := json.Unmarshal(q.JSON, &out); err != nil {
			return out, backend.PluginError(fmt.Errorf("query %s is not valid JSON: %v", q.RefID, err))
		}
	}
	if q.QueryType != "" {
		out.QueryType = q.QueryType
	}
	if out.QueryType == "" {
		out.QueryType = defaultType
	}
	out.applyDefaults()
	if !slices.Contains(QueryTypes, out.QueryType) {
		return out, backend.PluginError(fmt.Errorf("unknown query type %q; use one of %s", out.QueryType, strings.Join(QueryTypes, ", ")))
	}
	return out, nil
}

func (q *Query) applyDefaults() {
	if q.QueryType == "" {
		q.QueryType = DefaultQueryType
	}
	if q.ServerMode == "" && len(q.ServerIDs) > 0 {
		q.ServerMode = ServerModeIDs
	}
	if q.ServerMode == ServerModeIDs && q.selectsAll() {
		q.ServerMode = ServerModeAll
	}
	if q.ServerMode == "" {
		q.ServerMode = ServerModeAll
	}
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
}

// selectsAll reports an id list that is really "All" from a template variable.
func (q *Query) selectsAll() bool {
	if len(q.ServerIDs) == 0 {
		return true
	}
	return slices.ContainsFunc(q.ServerIDs, IsAllValue)
}

// IsAllValue reports a value that a multi-value template variable sends for "All".
func IsAllValue(v string) bool {
	return slices.Contains(allServerTokens, strings.ToLower(strings.TrimSpace(v)))
}
