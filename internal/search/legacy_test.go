package search

// The index builder as it was before the streaming Builder: every project
// and every posting list in memory at once. It is kept, unchanged but for
// its names and its parallel loop (parallel.For), as the reference
// that the Builder's bytes are compared with (TestBuilderEqualsReference).
// Delete it when the format changes.

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"maps"
	"math/bits"
	"path"
	"runtime"
	"slices"
	"strconv"

	"jixiao/internal/parallel"
	"jixiao/internal/project"
)

// legacyPostings accumulates one token's list while the documents are read.
type legacyPostings struct {
	docs   []int32
	masks  []uint8
	counts []uint32 // positions per (posting, class), for pairs only
	pos    []uint32 // the positions, in order of counts
	last   int      // class of the last count, while its document is read
}

func (l *legacyPostings) add(doc int32, class int) {
	if n := len(l.docs); n > 0 && l.docs[n-1] == doc {
		l.masks[n-1] |= 1 << class
		return
	}
	l.docs = append(l.docs, doc)
	l.masks = append(l.masks, 1<<class)
	l.last = -1
}

func (l *legacyPostings) addPos(doc int32, class int, p uint32) {
	l.add(doc, class)
	if l.last != class {
		l.counts = append(l.counts, 0)
		l.last = class
	}
	l.counts[len(l.counts)-1]++
	l.pos = append(l.pos, p)
}

// gramKey packs a character (b < 0) or a pair into a map key, which is
// cheaper than a string.
func legacyGramKey(a, b rune) uint64 {
	if b < 0 {
		return uint64(a)
	}
	return 1<<42 | uint64(a)<<21 | uint64(b)
}

func legacyGramToken(k uint64) string {
	if k < 1<<42 {
		return string(rune(k))
	}
	return string([]rune{rune(k >> 21 & (1<<21 - 1)), rune(k & (1<<21 - 1))})
}

// legacyBuilder holds the index as it is built.
type legacyBuilder struct {
	opt  Options
	docs []*project.Project
	// Characters and pairs, read in parallel: parts[i] has the lists of
	// the i-th run of documents.
	parts   []map[uint64]*legacyPostings
	filters map[string]*legacyPostings // filter tokens

	years       []int
	departments []Department
	slugs       map[string]string // department name → slug
	categories  []string
}

// legacyBuild is Build as it was.
func legacyBuild(projects []*project.Project, opt Options) []File {
	if opt.Dir == "" {
		opt.Dir = DefaultDir
	}
	if opt.ProjectURL == nil {
		opt.ProjectURL = (*project.Project).URL
	}
	b := &legacyBuilder{opt: opt, filters: map[string]*legacyPostings{}}
	b.sortDocs(projects)
	b.parts = make([]map[uint64]*legacyPostings, runtime.GOMAXPROCS(0))
	per := (len(b.docs) + len(b.parts) - 1) / len(b.parts)
	parallel.For(len(b.parts), func(i int) {
		grams := map[uint64]*legacyPostings{}
		for id := i * per; id < min((i+1)*per, len(b.docs)); id++ {
			legacyAddGrams(grams, int32(id), b.docs[id])
		}
		b.parts[i] = grams
	})
	for id, p := range b.docs {
		b.addFilters(int32(id), p)
	}
	files, shards := b.shards()
	files = append(files, b.meta(shards), b.departmentsFile())
	files = append(files, b.chunks()...)
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Name, b.Name) })
	return files
}

// sortDocs numbers the documents in the order that breaks ties between
// equally good results: newest year first, then by name, then by URL.
func (b *legacyBuilder) sortDocs(projects []*project.Project) {
	b.docs = slices.Clone(projects)
	slices.SortStableFunc(b.docs, func(p, q *project.Project) int {
		return cmp.Or(cmp.Compare(q.Year, p.Year), cmp.Compare(p.Name, q.Name),
			cmp.Compare(b.opt.ProjectURL(p), b.opt.ProjectURL(q)))
	})
	years, depts, cats := map[int]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range b.docs {
		years[p.Year], depts[p.Department], cats[p.Category] = true, true, true
	}
	for y := range years {
		b.years = append(b.years, y)
	}
	slices.SortFunc(b.years, func(a, b int) int { return cmp.Compare(b, a) })

	listed := map[string]bool{}
	b.slugs = map[string]string{}
	for _, d := range b.opt.Departments {
		if depts[d.Name] && !listed[d.Name] {
			listed[d.Name] = true
			b.departments = append(b.departments, d)
			b.slugs[d.Name] = d.Slug
		}
	}
	b.departments = append(b.departments, legacySortedOthers(depts, listed, func(s string) Department { return Department{Name: s} })...)
	// Categories in the form's order, then any others.
	listed = map[string]bool{}
	for _, c := range project.Categories {
		if cats[c] {
			listed[c] = true
			b.categories = append(b.categories, c)
		}
	}
	b.categories = append(b.categories, legacySortedOthers(cats, listed, func(s string) string { return s })...)
}

// legacySortedOthers returns the keys of all that are not in listed, sorted.
func legacySortedOthers[T any](all, listed map[string]bool, f func(string) T) []T {
	var keys []string
	for k := range all {
		if !listed[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := make([]T, len(keys))
	for i, k := range keys {
		out[i] = f(k)
	}
	return out
}

// legacyAddGrams adds to grams every character of every class of a document with
// its class, and every pair with its position too.
func legacyAddGrams(grams map[uint64]*legacyPostings, id int32, p *project.Project) {
	gram := func(k uint64) *legacyPostings {
		l := grams[k]
		if l == nil {
			l = &legacyPostings{last: -1}
			grams[k] = l
		}
		return l
	}
	for class, text := range classTexts(p) {
		rs := []rune(Normalize(text))
		for i, r := range rs {
			if !isWord(r) {
				continue
			}
			gram(legacyGramKey(r, -1)).add(id, class)
			if i+1 < len(rs) && isWord(rs[i+1]) {
				gram(legacyGramKey(r, rs[i+1])).addPos(id, class, uint32(i))
			}
		}
	}
}

// addFilters adds a document to the lists of its year, department and
// category.
func (b *legacyBuilder) addFilters(id int32, p *project.Project) {
	filters := []string{yearToken(p.Year), deptToken(p.Department), categoryToken(p.Category)}
	if slug := b.slugs[p.Department]; slug != "" && slug != p.Department {
		filters = append(filters, deptToken(slug))
	}
	for _, t := range filters {
		l := b.filters[t]
		if l == nil {
			l = &legacyPostings{}
			b.filters[t] = l
		}
		l.docs = append(l.docs, id)
		l.masks = append(l.masks, 0)
	}
}

// legacyEncoded is one token's lists as bit streams.
type legacyEncoded struct {
	token      string
	df         int
	k, pk      uint
	mask       uint8 // the most common mask of the list, coded in one bit
	post, posi []byte
}

// encode writes a token's list, given in parts of ascending documents, as
// rice(k, gap) and the class mask for each document — a 0 bit for the
// list's most common mask, else a 1 bit and the mask in 4 bits — and the
// positions as, for each posting and each class of its mask, gamma(count)
// and rice(pk, gap) for each position.
func legacyEncode(token string, parts []*legacyPostings) legacyEncoded {
	nd, np, nc := 0, 0, 0
	for _, l := range parts {
		nd, np, nc = nd+len(l.docs), np+len(l.pos), nc+len(l.counts)
	}
	gaps, pgaps := make([]uint64, 0, nd), make([]uint64, 0, np)
	counts := make([]uint32, 0, nc)
	prev := int32(-1)
	for _, l := range parts {
		for _, d := range l.docs {
			gaps = append(gaps, uint64(d-prev-1))
			prev = d
		}
		j := 0
		for _, n := range l.counts {
			prev := int64(-1)
			for _, p := range l.pos[j : j+int(n)] {
				pgaps = append(pgaps, uint64(int64(p)-prev-1))
				prev = int64(p)
			}
			j += int(n)
		}
		counts = append(counts, l.counts...)
	}
	var freq [1 << maskBits]int
	for _, l := range parts {
		for _, m := range l.masks {
			freq[m]++
		}
	}
	e := legacyEncoded{token: token, df: len(gaps), k: legacyBestRice(gaps)}
	for m, n := range freq {
		if n > freq[e.mask] {
			e.mask = uint8(m)
		}
	}
	w := legacyBitWriter{buf: make([]byte, 0, len(gaps))}
	i := 0
	for _, l := range parts {
		for _, m := range l.masks {
			w.rice(e.k, gaps[i])
			if m == e.mask {
				w.bits(1, 0)
			} else {
				w.bits(1+maskBits, 1<<maskBits|uint64(m))
			}
			i++
		}
	}
	e.post = w.bytes()
	if len(counts) == 0 {
		return e
	}
	e.pk = legacyBestRice(pgaps)
	w = legacyBitWriter{buf: make([]byte, 0, len(pgaps))}
	j := 0
	for _, n := range counts {
		w.gamma(uint64(n))
		for _, g := range pgaps[j : j+int(n)] {
			w.rice(e.pk, g)
		}
		j += int(n)
	}
	e.posi = w.bytes()
	return e
}

// shardOf is FNV-1a of the token's UTF-8 bytes, modulo the shard count (a
// power of two).
func legacyShardOf(token string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(token))
	return int(h.Sum32() & uint32(shards-1))
}

// shards encodes every list and groups them into the files p/<shard>.bin
// (a table of tokens, then the posting lists) and x/<shard>.bin (the
// position lists, in the order of the table).
func (b *legacyBuilder) shards() ([]File, int) {
	lists := map[string][]*legacyPostings{}
	for _, grams := range b.parts {
		for k, l := range grams {
			t := legacyGramToken(k)
			lists[t] = append(lists[t], l)
		}
	}
	for t, l := range b.filters {
		lists[t] = []*legacyPostings{l}
	}
	tokens := slices.Sorted(maps.Keys(lists))
	all := make([]legacyEncoded, len(tokens))
	parallel.For(len(tokens), func(i int) { all[i] = legacyEncode(tokens[i], lists[tokens[i]]) })
	total := 0
	for _, e := range all {
		total += len(e.post)
	}
	n := 1
	for n < maxShards && total/n > shardTarget {
		n *= 2
	}
	groups := make([][]legacyEncoded, n)
	for _, e := range all {
		s := legacyShardOf(e.token, n)
		groups[s] = append(groups[s], e)
	}
	// Every shard has a file, even an empty one, so that a query for a
	// token that is nowhere never meets a 404.
	var files []File
	for s, g := range groups {
		var head, post, posi []byte
		head = binary.AppendUvarint(head, uint64(len(g)))
		for _, e := range g {
			head = binary.AppendUvarint(head, uint64(len(e.token)))
			head = append(head, e.token...)
			for _, v := range []uint64{uint64(e.df), uint64(e.k), uint64(e.mask), uint64(len(e.post)), uint64(e.pk), uint64(len(e.posi))} {
				head = binary.AppendUvarint(head, v)
			}
			post = append(post, e.post...)
			posi = append(posi, e.posi...)
		}
		name := strconv.FormatInt(int64(s), 16) + ".bin"
		files = append(files, File{path.Join(b.opt.Dir, "p", name), append(head, post...)})
		if len(posi) > 0 {
			files = append(files, File{path.Join(b.opt.Dir, "x", name), posi})
		}
	}
	return files, n
}

func (b *legacyBuilder) meta(shards int) File {
	m := meta{
		Version: formatVersion, Docs: len(b.docs), Shards: shards, Chunk: docsPerChunk,
		Years:      append([]int{}, b.years...), // [] rather than null
		Categories: append([]string{}, b.categories...),
	}
	return File{path.Join(b.opt.Dir, "meta.json"), mustJSON(m)}
}

// departmentsFile is departments.json, the options of the department
// filter, which the client reads only to fill an empty select.
func (b *legacyBuilder) departmentsFile() File {
	return File{path.Join(b.opt.Dir, "departments.json"), mustJSON(append([]Department{}, b.departments...))}
}

// chunks writes, for each run of docsPerChunk documents:
//
//   - d/<n>.json, for each document the array
//     [name, url, department, unit, code, category, year, total 万元];
//   - g/<n>.json.gz and n/<n>.json.gz, gzipped arrays of each document's
//     goals and indicator names (classGoals) and narrative (classText),
//     for the snippets under the results.
func (b *legacyBuilder) chunks() []File {
	n := (len(b.docs) + docsPerChunk - 1) / docsPerChunk
	files := make([]File, 3*n)
	parallel.For(n, func(c int) {
		docs := b.docs[c*docsPerChunk : min((c+1)*docsPerChunk, len(b.docs))]
		var rows [][]any
		var goals, text []string
		for _, p := range docs {
			rows = append(rows, []any{p.Name, b.opt.ProjectURL(p), p.Department, p.Unit, p.Code,
				p.Category, p.Year, p.Funds.Total.String()})
			t := classTexts(p)
			goals, text = append(goals, t[classGoals]), append(text, t[classText])
		}
		name := strconv.Itoa(c) + ".json"
		files[3*c] = File{path.Join(b.opt.Dir, "d", name), mustJSON(rows)}
		files[3*c+1] = File{path.Join(b.opt.Dir, "g", name+".gz"), gzipped(mustJSON(goals))}
		files[3*c+2] = File{path.Join(b.opt.Dir, "n", name+".gz"), gzipped(mustJSON(text))}
	})
	return files
}

func legacyBestRice(vs []uint64) uint {
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

type legacyBitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (w *legacyBitWriter) bits(n uint, v uint64) {
	w.acc = w.acc<<n | v&(1<<n-1)
	w.n += n
	for w.n >= 8 {
		w.n -= 8
		w.buf = append(w.buf, byte(w.acc>>w.n))
	}
}

func (w *legacyBitWriter) gamma(v uint64) {
	n := uint(bits.Len64(v))
	w.bits(n-1, 0)
	w.bits(n, v)
}

func (w *legacyBitWriter) rice(k uint, v uint64) {
	for q := v >> k; q > 0; {
		step := min(q, 24)
		w.bits(uint(step), 1<<step-1)
		q -= step
	}
	w.bits(1, 0)
	w.bits(k, v)
}

func (w *legacyBitWriter) bytes() []byte {
	if w.n > 0 {
		w.bits(8-w.n, 0)
	}
	return w.buf
}

func riceBits(k uint, v uint64) int { return int(v>>k) + 1 + int(k) }
