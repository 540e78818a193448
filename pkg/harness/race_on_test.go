//go:build race

package harness

// raceEnabled builds the plugin with the race detector too, so `go test -race` checks the
// plugin process under load, not only the test process.
const raceEnabled = true
