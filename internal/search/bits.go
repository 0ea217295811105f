package search

import (
	"errors"
	"math/bits"
)

// The posting and position lists are bit streams, most significant bit
// first, made of three codes (static/search.js reads the same):
//
//	bits(n, v)  v in n plain bits
//	gamma(v)    v ≥ 1 in Elias gamma: len(v)-1 zero bits, then v in len(v) bits
//	rice(k, v)  v ≥ 0 as v>>k one bits, a zero bit, then v's low k bits

type bitWriter struct {
	buf []byte
	acc uint64 // pending bits, the first in the highest of the n low bits
	n   uint
}

// bits writes the n ≤ 32 low bits of v.
func (w *bitWriter) bits(n uint, v uint64) {
	w.acc = w.acc<<n | v&(1<<n-1)
	w.n += n
	for w.n >= 8 {
		w.n -= 8
		w.buf = append(w.buf, byte(w.acc>>w.n))
	}
}

func (w *bitWriter) gamma(v uint64) {
	n := uint(bits.Len64(v))
	w.bits(n-1, 0)
	w.bits(n, v)
}

func (w *bitWriter) rice(k uint, v uint64) {
	for q := v >> k; q > 0; {
		step := min(q, 24)
		w.bits(uint(step), 1<<step-1)
		q -= step
	}
	w.bits(1, 0)
	w.bits(k, v)
}

// bytes returns the stream, its last byte padded with zero bits.
func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		w.bits(8-w.n, 0)
	}
	return w.buf
}

// riceBits is the length of rice(k, v).
func riceBits(k uint, v uint64) int { return int(v>>k) + 1 + int(k) }

// bestRice returns a Rice parameter that codes vs in few bits: of the
// parameters near log2 of the mean, the one that codes them in the fewest.
func bestRice(vs []uint64) uint {
	if len(vs) == 0 {
		return 0
	}
	var sum uint64
	for _, v := range vs {
		sum += v
	}
	guess := bits.Len64(sum / uint64(len(vs)))
	best, bestLen := uint(0), -1
	for k := max(0, guess-2); k <= guess+1; k++ {
		n := 0
		for _, v := range vs {
			n += riceBits(uint(k), v)
		}
		if bestLen < 0 || n < bestLen {
			best, bestLen = uint(k), n
		}
	}
	return best
}

var errShort = errors.New("search: bit stream ends early")

type bitReader struct {
	buf []byte
	pos int // in bits
	err error
}

func (r *bitReader) bit() uint64 {
	if r.pos >= 8*len(r.buf) {
		r.err = errShort
		return 0
	}
	b := r.buf[r.pos/8] >> (7 - r.pos%8) & 1
	r.pos++
	return uint64(b)
}

func (r *bitReader) bits(n uint) uint64 {
	var v uint64
	for ; n > 0 && r.err == nil; n-- {
		v = v<<1 | r.bit()
	}
	return v
}

func (r *bitReader) gamma() uint64 {
	n := uint(0)
	for r.bit() == 0 && r.err == nil {
		n++
	}
	return 1<<n | r.bits(n)
}

func (r *bitReader) rice(k uint) uint64 {
	var q uint64
	for r.bit() == 1 && r.err == nil {
		q++
	}
	return q<<k | r.bits(k)
}
