package simulator

import (
	"net/http"
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
func (s *Simulator) injectFault(w http.ResponseWriter, f *Faults) bool {
	n := s.v1Seq.Add(1) // 1-based call number since the last SetFaults
	switch {
	case f.Maintenance:
		respErr(w, http.StatusServiceUnavailable, "error.maintenance", "Node is in maintenance mode")
	case f.Burst429 > 0 && f.Burst429Every > 0 && inBurst(n, f.Burst429Every, f.Burst429):
		w.Header().Set("Retry-After", "1")
		respErr(w, http.StatusTooManyRequests, "error.too.many.requests", "Too many requests")
	case f.ErrorRate > 0 && unit(hashOf(uint64(s.opts.Seed), n, 0xe5)) < f.ErrorRate:
		respErr(w, http.StatusInternalServerError, "error.internal", "Internal server error")
	default:
		return false
	}
	return true
}

// inBurst: calls 1..every pass, the next burst calls are limited, repeat.
func inBurst(n uint64, every, burst int) bool {
	return (n-1)%uint64(every+burst) >= uint64(every)
}
