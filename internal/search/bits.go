package search

import (
	"encoding/binary"
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
	if w.n+n > 64 { // then w.n > 32
		w.n -= 32
		w.buf = binary.BigEndian.AppendUint32(w.buf, uint32(w.acc>>w.n))
	}
	w.acc = w.acc<<n | v&(1<<n-1)
	w.n += n
}

func (w *bitWriter) gamma(v uint64) {
	n := uint(bits.Len64(v))
	if n <= 16 { // n-1 zeros and n bits of v are v in 2n-1 bits
		w.bits(2*n-1, v)
		return
	}
	w.bits(n-1, 0)
	w.bits(n, v)
}

func (w *bitWriter) rice(k uint, v uint64) {
	if q := v >> k; q+uint64(k) < 32 { // in one go: q ones, a zero, k bits
		w.bits(uint(q)+1+k, (1<<q-1)<<(k+1)|v&(1<<k-1))
		return
	}
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
	for w.n >= 8 {
		w.n -= 8
		w.buf = append(w.buf, byte(w.acc>>w.n))
	}
	if w.n > 0 {
		w.buf = append(w.buf, byte(w.acc<<(8-w.n)))
		w.n = 0
	}
	return w.buf
}

// A riceChoice picks a Rice parameter that codes a list of values in few
// bits: of the parameters near log2 of their mean, the one that codes them
// in the fewest. It takes two passes over the values: count each, then,
// after start, weigh each.
type riceChoice struct {
	n, sum  uint64
	lo, hi  uint      // the candidates
	shifted [4]uint64 // the sum of v>>(lo+i) for candidate i
}

func (c *riceChoice) count(v uint64) {
	c.n++
	c.sum += v
}

func (c *riceChoice) start() {
	if c.n > 0 {
		guess := uint(bits.Len64(c.sum / c.n))
		c.lo, c.hi = max(2, guess)-2, guess+1
	}
}

func (c *riceChoice) weigh(v uint64) {
	v >>= c.lo
	c.shifted[0] += v
	c.shifted[1] += v >> 1
	c.shifted[2] += v >> 2
	c.shifted[3] += v >> 3
}

// best is the parameter; rice(k, v) takes v>>k + 1 + k bits.
func (c *riceChoice) best() uint {
	best, bestLen := uint(0), uint64(0)
	for k := c.lo; k <= c.hi && c.n > 0; k++ {
		if n := c.shifted[k-c.lo] + c.n*uint64(1+k); k == c.lo || n < bestLen {
			best, bestLen = k, n
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
