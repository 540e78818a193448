//go:build mage
// +build mage

package main

import (
	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
	"github.com/magefile/mage/mg"
)

// Default is what a bare `go tool mage` builds.
var Default = Release

// Release builds the backend for every platform a release ships: the SDK's BuildAll (linux
// amd64/arm64/arm, darwin amd64/arm64, windows amd64) plus windows/arm64, which it leaves out.
func Release() {
	mg.Deps(build.BuildAll, WindowsARM64)
}

// WindowsARM64 builds the backend for Windows on ARM.
func WindowsARM64() error {
	return build.Build{}.Custom("windows", "arm64")
}
