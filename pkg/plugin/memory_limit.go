package plugin

import (
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// memoryHeadroom is what the process needs besides its data sources' budgets: the runtime,
// gRPC, requests being decoded and answers being encoded.
const memoryHeadroom = 32 << 20

// memoryLimit keeps the Go runtime's soft memory limit at what the plugin's data sources may
// hold (each one's cache and answer budgets) plus headroom. The budgets bound live memory; the
// limit keeps garbage from doubling it when a busy process nears them, and costs nothing
// below them. An operator's GOMEMLIMIT wins.
type memoryLimit struct {
	mu      sync.Mutex
	budgets int64
}

var processMemory = &memoryLimit{}

// add counts a new instance's budgets (or, negative, a disposed one's) into the limit.
func (m *memoryLimit) add(delta int64) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.budgets += delta
	if m.budgets <= 0 {
		debug.SetMemoryLimit(math.MaxInt64)
		return
	}
	debug.SetMemoryLimit(memoryHeadroom + m.budgets)
}
