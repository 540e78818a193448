package scp

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

func operationsByPath(t *testing.T) map[string]*Operation {
	t.Helper()
	ops, err := GetOperations(models.RawAccessAll)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*Operation{}
	for _, op := range ops {
		out[op.Path] = op
	}
	return out
}

func TestGetOperationsAreTheSpecsReadableGETs(t *testing.T) {
	doc, err := api.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	ops := operationsByPath(t)
	for path, op := range ops {
		if item := doc.Paths.Value(path); item == nil || item.Get == nil {
			t.Errorf("%s is listed but has no GET in the spec", op.Path)
		}
	}
	for _, path := range []string{
		"/api/v1/servers", "/api/v1/servers/{serverId}", "/api/v1/servers/{serverId}/disks",
		"/api/v1/servers/{serverId}/rescuesystem", "/api/v1/users/{userId}/failoverips/v6", "/api/v1/tasks/{uuid}",
	} {
		if ops[path] == nil {
			t.Errorf("%s is missing", path)
		}
	}
	for _, path := range []string{
		"/api/ping", "/api/v1/openapi", // not account data
		"/api/v1/rdns/ipv4", "/api/v1/openapi/mcp", // no GET
		"/api/v1/servers/{serverId}/gpu-driver", "/api/v1/users/{userId}/images/{key}", // presigned URLs
		"/api/v1/users/{userId}/isos/{key}/{uploadId}/parts/{partNumber}",
	} {
		if ops[path] != nil {
			t.Errorf("%s must not be offered", path)
		}
	}
	list, _ := GetOperations(models.RawAccessAll)
	if !slices.IsSortedFunc(list, func(a, b *Operation) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("operations are not sorted by path")
	}
}

func TestOperationParamsAreDescribed(t *testing.T) {
	ops := operationsByPath(t)
	cpu := ops["/api/v1/servers/{serverId}/metrics/cpu"]
	if len(cpu.PathParams) != 1 || cpu.PathParams[0].Name != "serverId" || cpu.PathParams[0].Type != "integer" || !cpu.PathParams[0].Required {
		t.Errorf("path params = %+v", cpu.PathParams)
	}
	if len(cpu.QueryParams) != 1 || cpu.QueryParams[0].Name != "hours" || cpu.QueryParams[0].Type != "integer" {
		t.Errorf("query params = %+v", cpu.QueryParams)
	}
	tasks := ops["/api/v1/tasks"]
	if state := tasks.queryParam("state"); state == nil || !slices.Contains(state.Enum, "RUNNING") {
		t.Errorf("tasks state = %+v, want its enum", state)
	}
	disk := ops["/api/v1/servers/{serverId}/disks/{diskName}"]
	if len(disk.PathParams) != 2 || disk.PathParams[0].Name != "serverId" || disk.PathParams[1].Name != "diskName" {
		t.Errorf("path params not in path order: %+v", disk.PathParams)
	}
}

func TestMatchPrefersLiteralSegments(t *testing.T) {
	idx, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path []string
		want string
	}{
		{[]string{"api", "v1", "servers", "1", "disks", "supported-drivers"}, "/api/v1/servers/{serverId}/disks/supported-drivers"},
		{[]string{"api", "v1", "servers", "1", "disks", "vda"}, "/api/v1/servers/{serverId}/disks/{diskName}"},
		{[]string{"api", "v1", "servers", "1", "disks", "vda:format"}, "/api/v1/servers/{serverId}/disks/{diskName}:format"},
		{[]string{"api", "v1", "servers", "1", "guest-agent", "status"}, "/api/v1/servers/{serverId}/guest-agent/status"},
	} {
		tmpl, _ := idx.match(tc.path)
		if tmpl == nil || tmpl.path != tc.want {
			t.Errorf("%v matched %v, want %s", tc.path, tmpl, tc.want)
		}
	}
}

// TestOperationsCarryTheirAccessLevel: reads of the account need raw access "all", reads of
// servers "servers"; the list each level gets holds only what it may read.
func TestOperationsCarryTheirAccessLevel(t *testing.T) {
	for path, op := range operationsByPath(t) {
		account := strings.HasPrefix(path, "/api/v1/users/") || strings.HasPrefix(path, "/api/v1/vlans/")
		if want := map[bool]models.RawAccess{true: models.RawAccessAll, false: models.RawAccessServers}[account]; op.Access != want {
			t.Errorf("%s needs raw access %q, want %q", path, op.Access, want)
		}
	}
	for level, want := range map[models.RawAccess]func(*Operation) bool{
		models.RawAccessOff:     func(*Operation) bool { return false },
		models.RawAccessServers: func(op *Operation) bool { return op.Access == models.RawAccessServers },
		models.RawAccessAll:     func(*Operation) bool { return true },
	} {
		listed, err := GetOperations(level)
		if err != nil {
			t.Fatal(err)
		}
		all, _ := GetOperations(models.RawAccessAll)
		wanted := 0
		for _, op := range all {
			if want(op) {
				wanted++
			}
		}
		if len(listed) != wanted || slices.ContainsFunc(listed, func(op *Operation) bool { return !want(op) }) {
			t.Errorf("raw access %q lists %d operations, want exactly the %d it may read", level, len(listed), wanted)
		}
	}
}
