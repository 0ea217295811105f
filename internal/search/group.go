package search

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// A groupEncoder encodes the tokens of a spool group, a part at a time so
// that it holds at most about config.partBytes of records; each worker of
// Finish keeps one and reuses its memory.
type groupEncoder struct {
	seg    []byte            // a run's records of the group, when it has parts
	raw    []byte            // the records of the part
	index  map[uint64]uint32 // key → token of the part
	keys   []uint64          // the part's tokens
	recs   []recRef          // its records, in order
	starts []int32           // token t's records are offs[starts[t]:starts[t+1]]
	offs   []uint32
	order  []uint32 // write cursors, then where each token's entry is in tmp
	byKey  []uint32 // tokens in the order of their bytes
	token  []byte
	tmp    []byte // the encoded entries, in the order of keys
	lists  lists
}

type recRef struct {
	tok uint32 // index in keys
	off uint32 // of the record's body in raw
}

// encode encodes group g's tokens part by part, calling emit after each
// part with the bytes of its posting lists; e.writeTo writes its entries.
// The parts split the group by the bits of the token hash above those of
// the group, as shards do.
func (e *groupEncoder) encode(b *Builder, g int, emit func(e *groupEncoder, post int) error) error {
	size := 0
	for _, r := range b.runs {
		size += int(r[g+1] - r[g])
	}
	parts := 1
	for size/parts > b.cfg.partBytes && parts < 256 {
		parts *= 2
	}
	for part := range parts {
		e.raw = e.raw[:0]
		for _, r := range b.runs {
			n := int(r[g+1] - r[g])
			if parts == 1 {
				e.raw = slices.Grow(e.raw, n)[:len(e.raw)+n]
				if err := b.raw.readAt(e.raw[len(e.raw)-n:], r[g]); err != nil {
					return err
				}
				continue
			}
			e.seg = resize(e.seg, n)
			if err := b.raw.readAt(e.seg, r[g]); err != nil {
				return err
			}
			if err := e.keep(b, part, parts); err != nil {
				return err
			}
		}
		post, err := e.encodePart(b)
		if err != nil {
			return err
		}
		if err := emit(e, post); err != nil {
			return err
		}
	}
	return nil
}

// keep appends the records of e.seg that belong to part to e.raw.
func (e *groupEncoder) keep(b *Builder, part, parts int) error {
	for rest := e.seg; len(rest) > 0; {
		key, n := uvarint(rest)
		if n <= 0 || len(rest) < n+4 {
			return errCorrupt
		}
		end := n + 4 + int(binary.LittleEndian.Uint32(rest[n:]))
		if end > len(rest) {
			return errCorrupt
		}
		if int(b.hashOf(key)/spoolGroups)&(parts-1) == part {
			e.raw = append(e.raw, rest[:end]...)
		}
		rest = rest[end:]
	}
	return nil
}

// encodePart encodes the tokens of the records in e.raw and returns the
// bytes of their posting lists.
func (e *groupEncoder) encodePart(b *Builder) (int, error) {
	// Each token's records, in the order of the runs, which is document
	// order.
	if e.index == nil {
		e.index = map[uint64]uint32{}
		e.lists.max = b.cfg.decodeBytes
	}
	clear(e.index)
	e.keys, e.recs = e.keys[:0], e.recs[:0]
	for off := 0; off < len(e.raw); {
		key, n := uvarint(e.raw[off:])
		if n <= 0 || len(e.raw) < off+n+4 {
			return 0, errCorrupt
		}
		off += n + 4
		size := int(binary.LittleEndian.Uint32(e.raw[off-4:]))
		if off+size > len(e.raw) {
			return 0, errCorrupt
		}
		t, ok := e.index[key]
		if !ok {
			t = uint32(len(e.keys))
			e.index[key] = t
			e.keys = append(e.keys, key)
		}
		e.recs = append(e.recs, recRef{t, uint32(off)})
		off += size
	}
	e.starts = resize(e.starts, len(e.keys)+1)
	clear(e.starts)
	for _, r := range e.recs {
		e.starts[r.tok+1]++
	}
	for t := range e.keys {
		e.starts[t+1] += e.starts[t]
	}
	e.offs = resize(e.offs, len(e.recs))
	e.order = resize(e.order, len(e.keys)) // borrowed as write cursors
	for t := range e.keys {
		e.order[t] = uint32(e.starts[t])
	}
	for _, r := range e.recs {
		e.offs[e.order[r.tok]] = r.off
		e.order[r.tok]++
	}

	// Encoded in the order of their first records, which is kinder to
	// the cache than the order of the tokens; e.order[t] is where token
	// t's entry starts in e.tmp, and writeTo puts them in order.
	e.tmp = e.tmp[:0]
	post := 0
	for t, key := range e.keys {
		e.token = b.appendToken(e.token[:0], key)
		e.order[t] = uint32(len(e.tmp))
		var n int
		var err error
		recs := e.offs[e.starts[t]:e.starts[t+1]]
		if e.tmp, n, err = e.lists.encode(e.tmp, e.token, e.raw, recs, isPair(key)); err != nil {
			return 0, err
		}
		post += n
	}
	e.byKey = resize(e.byKey, len(e.keys))
	for t := range e.byKey {
		e.byKey[t] = uint32(t)
	}
	slices.SortFunc(e.byKey, func(x, y uint32) int { return b.compareKeys(e.keys[x], e.keys[y]) })
	return post, nil
}

// writeTo writes the entries of the part last encoded to s, in the order
// of their tokens.
func (e *groupEncoder) writeTo(s *spool) error {
	for _, t := range e.byKey {
		end := len(e.tmp)
		if int(t)+1 < len(e.keys) {
			end = int(e.order[t+1])
		}
		if err := s.write(e.tmp[e.order[t]:end]); err != nil {
			return err
		}
	}
	return nil
}

// appendToken appends the UTF-8 bytes of key's token.
func (b *Builder) appendToken(dst []byte, key uint64) []byte {
	if key >= filterBase {
		return append(dst, b.filterTokens[key-filterBase]...)
	}
	return appendGram(dst, key)
}

// hashOf is fnv32a of key's token.
func (b *Builder) hashOf(key uint64) uint32 {
	if key >= filterBase {
		return b.filterHashes[key-filterBase]
	}
	return gramHash(key)
}

// compareKeys orders keys as the bytes of their tokens: filter tokens,
// which start with "!", before the rest; characters and pairs by code
// point, which UTF-8 keeps, a character before the pairs it starts.
func (b *Builder) compareKeys(x, y uint64) int {
	xf, yf := x >= filterBase, y >= filterBase
	switch {
	case xf && yf:
		return strings.Compare(b.filterTokens[x-filterBase], b.filterTokens[y-filterBase])
	case xf:
		return -1
	case yf:
		return 1
	}
	return cmp.Or(cmp.Compare(firstRune(x), firstRune(y)), cmp.Compare(secondRune(x), secondRune(y)))
}

func firstRune(k uint64) int64 {
	if k < pairBit {
		return int64(k)
	}
	return int64(k >> 21 & (1<<21 - 1))
}

// secondRune is −1 for a character.
func secondRune(k uint64) int64 {
	if k < pairBit {
		return -1
	}
	return int64(k & (1<<21 - 1))
}
