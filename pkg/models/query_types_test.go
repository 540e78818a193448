package models

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestQueryTypesMatchFrontend keeps the backend's query types equal to src/types.ts.
func TestQueryTypesMatchFrontend(t *testing.T) {
	source, err := os.ReadFile("../../src/types.ts")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)export enum QueryType \{(.*?)\}`).FindSubmatch(source)
	if block == nil {
		t.Fatal("src/types.ts has no `export enum QueryType`")
	}
	var frontend []string
	for _, m := range regexp.MustCompile(`=\s*'([^']+)'`).FindAllSubmatch(block[1], -1) {
		frontend = append(frontend, string(m[1]))
	}
	backend := slices.Clone(QueryTypes)
	slices.Sort(frontend)
	slices.Sort(backend)
	if !slices.Equal(frontend, backend) {
		t.Fatalf("query types differ:\n  src/types.ts:        %v\n  pkg/models/query.go: %v", frontend, backend)
	}
}
