package search

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"path"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
)

// writeShards turns the spooled records into the files p/<shard>.bin and
// x/<shard>.bin and returns the shard count. It works in two passes, as
// the shard count depends on the length of every posting list:
//
//  1. on every CPU, each spool group, or part of one: gather its records
//     from the runs, encode each token's lists and spool them as the
//     shard files hold them, counting the bytes of posting lists;
//  2. for each group, or the groups of a shard: read the encoded lists
//     back and write the shards' files.
func (b *Builder) writeShards() (int, error) {
	if err := b.raw.flush(); err != nil {
		return 0, err
	}
	enc := &spool{dir: b.raw.dir, limit: b.cfg.spoolMem}
	defer enc.close()
	at, postBytes, err := b.encodeGroups(enc)
	if err != nil {
		return 0, err
	}
	if err := errors.Join(b.raw.close(), enc.flush()); err != nil {
		return 0, err
	}

	n := shardCount(postBytes)
	step := min(n, spoolGroups) // units of work: a group, or the groups of a shard
	for u := range step {
		// The shards of this unit are u, u+step, …: bucket j holds u+j·step.
		buckets := make([]shardEntries, n/step)
		for g := u; g < spoolGroups; g += step {
			for _, r := range at[g] {
				buf := make([]byte, r[1]-r[0])
				if err := enc.readAt(buf, r[0]); err != nil {
					return 0, err
				}
				if err := parseEntries(buf, func(e encodedEntry) {
					buckets[int(e.hash&uint32(n-1))/step].add(e)
				}); err != nil {
					return 0, err
				}
			}
		}
		for j, es := range buckets {
			es.sort()
			if err := b.writeShard(u+j*step, es.entries); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// encodeGroups is the first pass of writeShards: it encodes the spool
// groups on every CPU into enc, and returns where each group's parts are
// in enc and the bytes of all posting lists.
func (b *Builder) encodeGroups(enc *spool) (at *[spoolGroups][][2]int64, postBytes int, err error) {
	b.filterHashes = make([]uint32, len(b.filterTokens))
	for i, t := range b.filterTokens {
		b.filterHashes[i] = fnv32a(t)
	}
	at = new([spoolGroups][][2]int64)
	var (
		mu   sync.Mutex // over enc, at, postBytes and err
		next atomic.Int32
		wg   sync.WaitGroup
	)
	emit := func(g int, e *groupEncoder, post int) error {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			return err
		}
		start := enc.size
		if err := e.writeTo(enc); err != nil {
			return err
		}
		at[g] = append(at[g], [2]int64{start, enc.size})
		postBytes += post
		return nil
	}
	for range b.cfg.workers {
		wg.Go(func() {
			var e groupEncoder
			for g := int(next.Add(1) - 1); g < spoolGroups; g = int(next.Add(1) - 1) {
				if gerr := e.encode(b, g, func(e *groupEncoder, post int) error { return emit(g, e, post) }); gerr != nil {
					mu.Lock()
					err = cmp.Or(err, gerr)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return at, postBytes, err
}

// shardEntries are the entries of a shard, gathered from sorted parts.
type shardEntries struct {
	entries  []encodedEntry
	unsorted bool
}

func (s *shardEntries) add(e encodedEntry) {
	if n := len(s.entries); n > 0 && bytes.Compare(s.entries[n-1].token, e.token) > 0 {
		s.unsorted = true
	}
	s.entries = append(s.entries, e)
}

// sort puts the entries in the order of their tokens' bytes.
func (s *shardEntries) sort() {
	if s.unsorted {
		slices.SortFunc(s.entries, func(a, b encodedEntry) int { return bytes.Compare(a.token, b.token) })
	}
}

// writeShard writes p/<shard>.bin — a table of the tokens, then their
// posting lists — and x/<shard>.bin, their positions, unless there are
// none. Every shard has a p/ file, even an empty one, so that a query
// for a token that is nowhere never meets a 404.
func (b *Builder) writeShard(shard int, entries []encodedEntry) error {
	var head, post, posi []byte
	head = binary.AppendUvarint(head, uint64(len(entries)))
	for _, e := range entries {
		head = append(head, e.head...)
		post = append(post, e.post...)
		posi = append(posi, e.posi...)
	}
	name := strconv.FormatInt(int64(shard), 16) + ".bin"
	if err := b.write(File{path.Join(b.opt.Dir, "p", name), append(head, post...)}); err != nil {
		return err
	}
	if len(posi) > 0 {
		return b.write(File{path.Join(b.opt.Dir, "x", name), posi})
	}
	return nil
}

// An encodedEntry is one token's lists as the shard files hold them: its
// row of the table — uvarint length, the token, then uvarints df, k,
// mask, length of post, pk, length of posi — and the two bit streams.
type encodedEntry struct {
	token      []byte
	hash       uint32
	head       []byte
	post, posi []byte
}

// parseEntries calls f with each entry encoded in buf, which it keeps.
func parseEntries(buf []byte, f func(encodedEntry)) error {
	for len(buf) > 0 {
		r := uvarints{b: buf}
		n := r.next()
		if r.err || n > uint64(len(r.b)) {
			return errCorrupt
		}
		token := r.b[:n]
		r.b = r.b[n:]
		var v [6]uint64 // df, k, mask, len(post), pk, len(posi)
		for i := range v {
			v[i] = r.next()
		}
		if r.err || v[3]+v[5] > uint64(len(r.b)) {
			return errCorrupt
		}
		f(encodedEntry{token: token, hash: fnv32a(token), head: buf[:len(buf)-len(r.b)],
			post: r.b[:v[3]], posi: r.b[v[3] : v[3]+v[5]]})
		buf = r.b[v[3]+v[5]:]
	}
	return nil
}

var errCorrupt = errors.New("search: scratch file corrupt")

// uvarints reads uvarints until the first error.
type uvarints struct {
	b   []byte
	err bool
}

func (r *uvarints) next() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}
