package simulator

import (
	"net/http"
	"sync"
	"time"
)

// delay applies Faults.Latency and the periodic spike to an SCP API call,
// giving up early if the client goes away.
func (s *Simulator) delay(r *http.Request, f *Faults) {
	n := s.apiSeq.Add(1)
	d := f.Latency
	if f.LatencySpikeEvery > 0 && n%uint64(f.LatencySpikeEvery) == 0 {
		d += f.LatencySpike
	}
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// injectFault answers an authenticated /api/v1 call with a fault if one is
// due and reports whether it did. Order: maintenance, 429 burst, 500.
func (s *Simulator) injectFault(w http.ResponseWriter, r *http.Request, f *Faults) bool {
	n := s.v1Seq.Add(1) // 1-based call number since the last SetFaults
	if f.Maintenance {
		respErr(w, http.StatusServiceUnavailable, "error.maintenance", "Node is in maintenance mode")
		return true
	}
	burst := f.Burst429 > 0 && f.Burst429Every > 0 && inBurst(n, f.Burst429Every, f.Burst429)
	failure := f.ErrorRate > 0 && unit(hashOf(uint64(s.opts.Seed), n, 0xe5)) < f.ErrorRate
	if !s.inARow.next(r.Method+" "+r.URL.RequestURI(), burst || failure, f.MaxInARow) {
		return false
	}
	if burst {
		w.Header().Set("Retry-After", "1")
		respErr(w, http.StatusTooManyRequests, "error.too.many.requests", "Too many requests")
	} else {
		respErr(w, http.StatusInternalServerError, "error.internal", "Internal server error")
	}
	return true
}

// faultRuns counts the faults each request has had in a row.
type faultRuns struct {
	mu   sync.Mutex
	runs map[string]int
}

// next reports whether the request's call gets the fault that is due, given the cap on
// faults in a row; a call without a fault ends the request's run.
func (c *faultRuns) next(request string, due bool, maxInARow int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !due || (maxInARow > 0 && c.runs[request] >= maxInARow) {
		delete(c.runs, request)
		return false
	}
	if c.runs == nil {
		c.runs = map[string]int{}
	}
	c.runs[request]++
	return true
}

func (c *faultRuns) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs = nil
}

// inBurst: calls 1..every pass, the next burst calls are limited, repeat.
func inBurst(n uint64, every, burst int) bool {
	return (n-1)%uint64(every+burst) >= uint64(every)
}
