package search

import (
	"encoding/binary"
	"math/bits"
)

// postings reads a token's records, the bodies at offs in raw (see
// indexer.records), in document order: each posting's document gap and
// mask, and for a pair then, for each class of the mask, the count of its
// positions and their gaps, with uvarint.
type postings struct {
	raw  []byte
	offs []uint32
	b    []byte // the rest of the current record
	doc  int64  // the last document, −1 before the first
	new  bool   // b starts a record, whose first document is absolute
	err  bool
}

func readPostings(raw []byte, offs []uint32) postings {
	return postings{raw: raw, offs: offs, doc: -1}
}

// next returns the next posting's gap to the previous document, minus
// one, and its mask; ok is false at the end.
func (p *postings) next() (gap uint64, mask uint8, ok bool) {
	if len(p.b) == 0 {
		if len(p.offs) == 0 || p.err {
			return 0, 0, false
		}
		off := p.offs[0]
		p.b, p.offs, p.new = p.raw[off:off+binary.LittleEndian.Uint32(p.raw[off-4:])], p.offs[1:], true
	}
	v := p.uvarint()
	d := p.doc + int64(v>>maskBits) + 1
	if p.new {
		d, p.new = int64(v>>maskBits), false
	}
	gap, p.doc = uint64(d-p.doc-1), d
	return gap, uint8(v & (1<<maskBits - 1)), !p.err
}

func (p *postings) uvarint() uint64 {
	if b := p.b; len(b) > 0 && b[0] < 0x80 {
		p.b = b[1:]
		return uint64(b[0])
	}
	return p.uvarintLong()
}

func (p *postings) uvarintLong() uint64 {
	if b := p.b; len(b) > 1 && b[1] < 0x80 {
		p.b = b[2:]
		return uint64(b[0]&0x7f) | uint64(b[1])<<7
	}
	v, n := binary.Uvarint(p.b)
	if n <= 0 {
		p.err, p.b, p.offs = true, nil, nil
		return 0
	}
	p.b = p.b[n:]
	return v
}

// lists hold a token's lists, decoded from its records, as the values
// that encode codes: document gaps and masks, and for a pair the count of
// positions of each (posting, class) and the position gaps; but only when
// the records are at most max bytes, as the lists of a common pair are
// long. Then encode reads the records three times instead.
type lists struct {
	max                 int // bytes of records: the longest lists to decode
	gaps, pgaps, counts []uint32
	masks               []uint8
	post, posi          []byte // the bit streams
}

// decode reads a token's records into l.
func (l *lists) decode(p postings, pair bool) error {
	l.gaps, l.masks, l.counts, l.pgaps = l.gaps[:0], l.masks[:0], l.counts[:0], l.pgaps[:0]
	for gap, m, ok := p.next(); ok; gap, m, ok = p.next() {
		l.gaps = append(l.gaps, uint32(gap))
		l.masks = append(l.masks, m)
		for range pairClasses(pair, m) {
			c := p.uvarint()
			l.counts = append(l.counts, uint32(c))
			for ; c > 0 && !p.err; c-- {
				l.pgaps = append(l.pgaps, uint32(p.uvarint()))
			}
		}
	}
	if p.err || len(l.gaps) == 0 {
		return errCorrupt
	}
	return nil
}

// encode appends the entry (see encodedEntry) of the token whose records
// are at offs in raw to out and returns it with the length of the posting
// list. The posting list is, for each document, rice(k, gap) and its class
// mask — a 0 bit for the list's most common mask, else a 1 bit and the
// mask in 4 bits; the positions are, for each posting and each class of
// its mask, gamma(count) and rice(pk, gap) for each position.
func (l *lists) encode(out, token, raw []byte, offs []uint32, pair bool) ([]byte, int, error) {
	size := 0
	for _, off := range offs {
		size += int(binary.LittleEndian.Uint32(raw[off-4:]))
	}
	var err error
	var df uint64
	var k, pk uint
	var mask int
	if size <= l.max {
		df, k, pk, mask, err = l.encodeDecoded(readPostings(raw, offs), pair)
	} else {
		df, k, pk, mask, err = l.encodeStreamed(raw, offs, pair)
	}
	if err != nil {
		return nil, 0, err
	}
	out = binary.AppendUvarint(out, uint64(len(token)))
	out = append(out, token...)
	for _, v := range []uint64{df, uint64(k), uint64(mask), uint64(len(l.post)), uint64(pk), uint64(len(l.posi))} {
		out = binary.AppendUvarint(out, v)
	}
	out = append(out, l.post...)
	return append(out, l.posi...), len(l.post), nil
}

// commonMask is the most common mask of freq, the first of equals.
func commonMask(freq *[1 << maskBits]int) int {
	mask := 0
	for m, n := range freq {
		if n > freq[mask] {
			mask = m
		}
	}
	return mask
}

// encodeDecoded writes l.post and l.posi from the decoded lists.
func (l *lists) encodeDecoded(p postings, pair bool) (df uint64, k, pk uint, mask int, err error) {
	if err := l.decode(p, pair); err != nil {
		return 0, 0, 0, 0, err
	}
	var docs, pos riceChoice
	var freq [1 << maskBits]int
	for i, g := range l.gaps {
		docs.count(uint64(g))
		freq[l.masks[i]]++
	}
	for _, g := range l.pgaps {
		pos.count(uint64(g))
	}
	docs.start()
	pos.start()
	for _, g := range l.gaps {
		docs.weigh(uint64(g))
	}
	for _, g := range l.pgaps {
		pos.weigh(uint64(g))
	}
	k, pk, mask = docs.best(), pos.best(), commonMask(&freq)
	w := bitWriter{buf: l.post[:0]}
	for i, g := range l.gaps {
		w.rice(k, uint64(g))
		if m := l.masks[i]; int(m) == mask {
			w.bits(1, 0)
		} else {
			w.bits(1+maskBits, 1<<maskBits|uint64(m))
		}
	}
	l.post = w.bytes()
	w = bitWriter{buf: l.posi[:0]}
	j := 0
	for _, n := range l.counts {
		w.gamma(uint64(n))
		for _, g := range l.pgaps[j : j+int(n)] {
			w.rice(pk, uint64(g))
		}
		j += int(n)
	}
	l.posi = w.bytes()
	return docs.n, k, pk, mask, nil
}

// encodeStreamed writes l.post and l.posi from the records, which it
// reads three times — to count, to weigh the Rice parameters, to write —
// rather than hold the lists of a common pair, which are long.
func (l *lists) encodeStreamed(raw []byte, offs []uint32, pair bool) (df uint64, k, pk uint, mask int, err error) {
	var docs, pos riceChoice
	var freq [1 << maskBits]int
	p := readPostings(raw, offs)
	for gap, m, ok := p.next(); ok; gap, m, ok = p.next() {
		docs.count(gap)
		freq[m]++
		for range pairClasses(pair, m) {
			for c := p.uvarint(); c > 0 && !p.err; c-- {
				pos.count(p.uvarint())
			}
		}
	}
	if p.err || docs.n == 0 {
		return 0, 0, 0, 0, errCorrupt
	}
	docs.start()
	pos.start()
	p = readPostings(raw, offs)
	for gap, m, ok := p.next(); ok; gap, m, ok = p.next() {
		docs.weigh(gap)
		for range pairClasses(pair, m) {
			for c := p.uvarint(); c > 0 && !p.err; c-- {
				pos.weigh(p.uvarint())
			}
		}
	}
	k, pk, mask = docs.best(), pos.best(), commonMask(&freq)
	wp, wx := bitWriter{buf: l.post[:0]}, bitWriter{buf: l.posi[:0]}
	p = readPostings(raw, offs)
	for gap, m, ok := p.next(); ok; gap, m, ok = p.next() {
		wp.rice(k, gap)
		if int(m) == mask {
			wp.bits(1, 0)
		} else {
			wp.bits(1+maskBits, 1<<maskBits|uint64(m))
		}
		for range pairClasses(pair, m) {
			c := p.uvarint()
			wx.gamma(c)
			for ; c > 0 && !p.err; c-- {
				wx.rice(pk, p.uvarint())
			}
		}
	}
	if p.err {
		return 0, 0, 0, 0, errCorrupt
	}
	l.post, l.posi = wp.bytes(), wx.bytes()
	return docs.n, k, pk, mask, nil
}

// pairClasses is the number of position lists of a posting.
func pairClasses(pair bool, mask uint8) int {
	if !pair {
		return 0
	}
	return bits.OnesCount8(mask)
}

// uvarint is binary.Uvarint, quicker for one byte.
func uvarint(b []byte) (uint64, int) {
	if len(b) == 0 || b[0] >= 0x80 {
		return uvarintLong(b)
	}
	return uint64(b[0]), 1
}

//go:noinline
func uvarintLong(b []byte) (uint64, int) { return binary.Uvarint(b) }
