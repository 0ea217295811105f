package search

import (
	"encoding/binary"
	"math"
	"path"
	"strconv"
)

// The size of a block.
const (
	blockDocs = 32        // at most this many documents, a multiple of docsPerChunk
	blockText = 256 << 10 // or fewer chunks once they hold this many bytes of text
)

// A block is a run of consecutive documents that one worker turns into
// their chunk files and posting records. It starts at a chunk boundary.
type block struct {
	first int32 // id of the first document
	docs  []doc
	text  int // bytes of text in docs

	// Set by the worker before done is closed.
	files []File
	recs  []byte             // posting records, grouped by spool group
	ends  [spoolGroups]int32 // group g's records end at recs[ends[g]]
	done  chan struct{}
}

// doc is what a block needs of a project.
type doc struct {
	texts   [numClasses]string // classTexts
	row     []any              // its row of d/
	filters []filterRef
}

type filterRef struct {
	key  uint64
	hash uint32 // fnv32a of the token
}

// run makes blk's chunk files and records, and lets go of its texts.
func (ix *indexer) run(blk *block, dir string) {
	blk.files = chunkFiles(blk, dir)
	ix.reset()
	for i := range blk.docs {
		ix.tokenize(uint32(i), &blk.docs[i])
	}
	blk.recs = ix.records(blk.first, &blk.ends)
	blk.docs = nil
}

// chunkFiles returns, for each run of docsPerChunk documents of blk:
//
//   - d/<n>.json, for each document the array
//     [name, url, department, unit, code, category, year, total 万元];
//   - g/<n>.json.gz and n/<n>.json.gz, gzipped arrays of each document's
//     goals and indicator names (classGoals) and narrative (classText),
//     for the snippets under the results.
func chunkFiles(blk *block, dir string) []File {
	var files []File
	for c := 0; c < len(blk.docs); c += docsPerChunk {
		docs := blk.docs[c:min(c+docsPerChunk, len(blk.docs))]
		rows := make([][]any, len(docs))
		goals, text := make([]string, len(docs)), make([]string, len(docs))
		for i, d := range docs {
			rows[i], goals[i], text[i] = d.row, d.texts[classGoals], d.texts[classText]
		}
		name := strconv.Itoa((int(blk.first)+c)/docsPerChunk) + ".json"
		files = append(files,
			File{path.Join(dir, "d", name), mustJSON(rows)},
			File{path.Join(dir, "g", name+".gz"), gzipped(mustJSON(goals))},
			File{path.Join(dir, "n", name+".gz"), gzipped(mustJSON(text))})
	}
	return files
}

// An indexer turns the documents of a block into posting records. A
// worker keeps one and reuses its memory from block to block.
type indexer struct {
	table  gramTable // keys of the block's tokens → their index
	chars  []uint32  // a BMP character's token + 1, a shortcut of table
	keys   []uint64  // the block's tokens, in order of first occurrence
	hashes []uint32  // their fnv32a
	last   []int32   // a character's or filter token's event in the current document
	events []event   // in document order
	first  int32     // the current document's first event

	sorted []event // events by token
	starts []int32 // token t's events are sorted[starts[t]:starts[t+1]]
	order  []uint32
	body   []byte
}

// An event is a posting of a character or a filter token in a document,
// or an occurrence of a pair.
type event struct {
	tok uint32 // index in indexer.keys
	doc uint32 // document within the block << 8 | class << 4 (pairs) | mask (others)
	pos uint32 // of a pair: code points before it in the class's text
}

func (ix *indexer) reset() {
	for _, k := range ix.keys {
		if k < uint64(len(ix.chars)) {
			ix.chars[k] = 0
		}
	}
	ix.table.reset()
	ix.keys, ix.hashes, ix.last, ix.events = ix.keys[:0], ix.hashes[:0], ix.last[:0], ix.events[:0]
}

// token returns the block's index of the token with key k, adding it when
// new; h is the hash of a filter token, which add cannot compute.
func (ix *indexer) token(k uint64, h uint32) uint32 {
	slot, found := ix.table.find(k)
	if !found {
		*slot = ix.add(k, h)
	}
	return *slot
}

// add adds the token with key k to the block.
func (ix *indexer) add(k uint64, h uint32) uint32 {
	if k < filterBase {
		h = gramHash(k)
	}
	ix.keys = append(ix.keys, k)
	ix.hashes = append(ix.hashes, h)
	ix.last = append(ix.last, -1)
	return uint32(len(ix.keys) - 1)
}

// charToken is token for a character, quicker.
func (ix *indexer) charToken(r rune) uint32 {
	if r >= 0x10000 {
		return ix.token(uint64(r), 0)
	}
	if ix.chars == nil {
		ix.chars = make([]uint32, 0x10000)
	}
	if t := ix.chars[r]; t != 0 {
		return t - 1
	}
	t := ix.add(uint64(r), 0)
	ix.chars[r] = t + 1
	return t
}

// posting adds token t to document d with the mask bits, to its posting
// if it has one there already.
func (ix *indexer) posting(t, d, bits uint32) {
	if e := ix.last[t]; e >= ix.first {
		ix.events[e].doc |= bits
		return
	}
	ix.last[t] = int32(len(ix.events))
	ix.events = append(ix.events, event{t, d<<8 | bits, 0})
}

// tokenize adds the events of a document: a posting of each character with
// the classes it occurs in, each occurrence of a pair with its class and
// position, and the postings of the filter tokens. Positions count code
// points of the normalised text, as []rune(Normalize(text)) does: one per
// code point, and one per byte of invalid UTF-8.
func (ix *indexer) tokenize(d uint32, doc *doc) {
	ix.first = int32(len(ix.events))
	for class, text := range doc.texts {
		dc, bit := d<<8|uint32(class)<<4, uint32(1)<<class
		i, prev := uint32(0), rune(-1) // prev: the word character before, or -1
		for _, c := range text {
			r := fold(c)
			if isWordFast(r) {
				if prev >= 0 {
					ix.events = append(ix.events, event{ix.token(pairKey(prev, r), 0), dc, i - 1})
				}
				ix.posting(ix.charToken(r), d, bit)
				prev = r
			} else {
				prev = -1
			}
			i++
		}
	}
	for _, f := range doc.filters {
		ix.posting(ix.token(f.key, f.hash), d, 0)
	}
}

// records returns the block's posting records, those of spool group g
// ending at ends[g]. A record is one token's postings in the block:
//
//	uvarint key, the length of the rest in 4 bytes (little-endian), then
//	for each document: uvarint(doc<<4 | mask), doc being the document's
//	id for the first and the gap to the previous one minus 1 after it;
//	for a pair, then, for each class of the mask in order: uvarint count,
//	then uvarint(position − previous − 1) for each, the first from −1.
func (ix *indexer) records(first int32, ends *[spoolGroups]int32) []byte {
	n := len(ix.keys)
	// Events by token: a counting sort keeps each token's in document,
	// class and position order.
	ix.starts = resize(ix.starts, n+1)
	clear(ix.starts)
	for _, e := range ix.events {
		ix.starts[e.tok+1]++
	}
	for t := range n {
		ix.starts[t+1] += ix.starts[t]
	}
	ix.sorted = resize(ix.sorted, len(ix.events))
	next := resize(ix.order, n) // borrowed as write cursors
	for t := range n {
		next[t] = uint32(ix.starts[t])
	}
	for _, e := range ix.events {
		ix.sorted[next[e.tok]] = e
		next[e.tok]++
	}
	// Tokens by group, the same way.
	var count [spoolGroups + 1]int32
	for _, h := range ix.hashes {
		count[h%spoolGroups+1]++
	}
	for g := range spoolGroups {
		count[g+1] += count[g]
	}
	ix.order = next
	for t, h := range ix.hashes {
		g := h % spoolGroups
		ix.order[count[g]] = uint32(t)
		count[g]++
	}
	// count[g] is now where group g ends in order.
	recs := make([]byte, 0, 3*len(ix.events)+12*n)
	t := 0
	for g := range spoolGroups {
		for ; t < int(count[g]); t++ {
			tok := ix.order[t]
			recs = appendRecord(recs, ix.keys[tok], ix.sorted[ix.starts[tok]:ix.starts[tok+1]], first)
		}
		ends[g] = int32(len(recs))
	}
	return recs
}

func appendRecord(recs []byte, key uint64, evs []event, first int32) []byte {
	recs = binary.AppendUvarint(recs, key)
	at := len(recs)
	recs = append(recs, 0, 0, 0, 0)
	pair := isPair(key)
	prev := int64(-1)
	for i := 0; i < len(evs); {
		d := evs[i].doc >> 8
		j, mask := i+1, evs[i].doc&(1<<maskBits-1)
		if pair {
			mask = 1 << (evs[i].doc >> 4 & 3)
			for ; j < len(evs) && evs[j].doc>>8 == d; j++ {
				mask |= 1 << (evs[j].doc >> 4 & 3)
			}
		}
		id := int64(first) + int64(d)
		v := uint64(id)
		if prev >= 0 {
			v = uint64(id - prev - 1)
		}
		recs = binary.AppendUvarint(recs, v<<maskBits|uint64(mask))
		prev = id
		for c := i; pair && c < j; {
			class := evs[c].doc >> 4 & 3
			e := c + 1
			for e < j && evs[e].doc>>4&3 == class {
				e++
			}
			recs = binary.AppendUvarint(recs, uint64(e-c))
			p := int64(-1)
			for _, ev := range evs[c:e] {
				recs = binary.AppendUvarint(recs, uint64(int64(ev.pos)-p-1))
				p = int64(ev.pos)
			}
			c = e
		}
		i = j
	}
	size := len(recs) - at - 4
	if size > math.MaxUint32 {
		panic("search: over 4 GiB of postings of one token in one block")
	}
	binary.LittleEndian.PutUint32(recs[at:], uint32(size))
	return recs
}

// resize returns s with length n, reusing its memory when it can.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// gramTable maps token keys to small integers: open addressing, linear
// probing, 0 for an empty slot (no key is 0).
type gramTable struct {
	keys []uint64
	vals []uint32
	n    int
}

func (t *gramTable) reset() {
	clear(t.keys)
	t.n = 0
}

// find returns the value slot of k and whether k was there; when it was
// not, k is added and its value is for the caller to set.
func (t *gramTable) find(k uint64) (*uint32, bool) {
	if 2*t.n >= len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	i := (k * 0x9E3779B97F4A7C15) >> 32 & mask
	for t.keys[i] != k && t.keys[i] != 0 {
		i = (i + 1) & mask
	}
	if t.keys[i] == k {
		return &t.vals[i], true
	}
	t.keys[i] = k
	t.n++
	return &t.vals[i], false
}

func (t *gramTable) grow() {
	old, vals := t.keys, t.vals
	t.keys = make([]uint64, max(1024, 2*len(old)))
	t.vals = make([]uint32, len(t.keys))
	t.n = 0
	for i, k := range old {
		if k != 0 {
			slot, _ := t.find(k)
			*slot = vals[i]
		}
	}
}
