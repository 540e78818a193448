// Package api holds the typed netcup SCP client generated from openapi.json.
// Regenerate with `go generate ./...`; CI checks the output is unchanged.
package api

//go:generate go tool oapi-codegen -config oapi-codegen.yaml openapi.json
