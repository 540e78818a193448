package simulator

import (
	"fmt"
	"hash/fnv"
)

// Every generated value is a pure function of the seed and its inputs
// (splitmix64 mixing), so no shared generator state is needed at request time
// and the same seed always yields the same fleet, logs and metric values.

func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashOf combines values into one well-mixed 64-bit hash.
func hashOf(vals ...uint64) uint64 {
	h := uint64(0x243f6a8885a308d3)
	for _, v := range vals {
		h = mix64(h ^ v)
	}
	return h
}

// unit maps a hash to [0,1).
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

func strHash(s string) uint64 {
	f := fnv.New64a()
	_, _ = f.Write([]byte(s))
	return f.Sum64()
}

// rng is a sequential splitmix64 generator, used only while building a fleet.
type rng struct{ s uint64 }

func newRNG(vals ...uint64) *rng { return &rng{s: hashOf(vals...)} }

func (r *rng) u64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.u64() % uint64(n))
}

// between returns an int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) float() float64 { return unit(r.u64()) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// perm returns a deterministic permutation of 0..n-1.
func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// uuidOf formats a hash pair as a version-4-looking UUID.
func uuidOf(vals ...uint64) string {
	a, b := hashOf(vals...), hashOf(append(vals, 0x5eed)...)
	a = (a &^ (0xf << 12)) | (0x4 << 12) // version 4
	b = (b &^ (0x3 << 62)) | (0x2 << 62) // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x",
		a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}
