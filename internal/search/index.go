package search

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"path"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"jixiao/internal/project"
)

// Writer receives the files of the index. name is slash-separated and
// relative to the site's root ("search/index/meta.json").
type Writer interface {
	WriteFile(name string, data []byte) error
}

// DefaultDir is where the index goes unless Options.Dir says otherwise:
// the folder "index/" of the search page /search/, which is where
// static/search.js looks for it.
const DefaultDir = "search/index"

// Options tell WriteEach and a Builder how the site names its pages. The zero
// value is fine.
type Options struct {
	Dir        string                        // folder of the index; "" means DefaultDir
	ProjectURL func(*project.Project) string // a project's page; nil means p.URL()
	// Departments are offered by the department filter in this order;
	// departments of projects that are not listed follow, by name. Listed
	// departments without projects are left out.
	Departments []Department
}

// Department is a 主管部门 as the filter offers it.
type Department struct {
	Name string `json:"name"`
	// Slug is the value of department= in the URL; "" means the name.
	// The index answers to the name as well.
	Slug string `json:"slug,omitempty"`
}

// File is one file of the index.
type File struct {
	Name string // slash-separated, relative to the site's root
	Data []byte
}

// WriteEach builds the index of n projects and writes its files to w,
// with scratch files in os.TempDir() when the postings outgrow memory (see
// Builder). get(i) returns the i-th project in the index's order (Order),
// and is asked for each once, in turn: a build that has let go of its
// projects can give them back one at a time.
func WriteEach(w Writer, n int, get func(i int) (*project.Project, error), opt Options) error {
	b := NewBuilder(w, opt, "")
	defer b.Close()
	for i := range n {
		p, err := get(i)
		if err != nil {
			return err
		}
		if err := b.Add(p); err != nil {
			return err
		}
	}
	if err := b.Finish(); err != nil {
		return err
	}
	return b.Close()
}

// Key is a project's place among the documents of the index. Documents
// are numbered in the order that breaks ties between equally good results:
// newest year first, then by name, then by URL. A Builder takes projects
// in this order.
type Key struct {
	Year      int
	Name, URL string
}

// Compare orders keys as documents are numbered: -1 when k comes first.
func (k Key) Compare(l Key) int {
	return cmp.Or(cmp.Compare(l.Year, k.Year), cmp.Compare(k.Name, l.Name), cmp.Compare(k.URL, l.URL))
}

// Key returns the key of p, with its URL from o.ProjectURL. It shares
// p's strings: a caller that keeps the keys of projects it lets go should
// clone them (strings.Clone), as a parsed project's strings may keep the
// text of its whole file alive.
func (o Options) Key(p *project.Project) Key {
	return Key{Year: p.Year, Name: p.Name, URL: o.url(p)}
}

func (o Options) url(p *project.Project) string {
	if o.ProjectURL == nil {
		return p.URL()
	}
	return o.ProjectURL(p)
}

// Order returns projects in the index's order: by Key, stably.
func Order(projects []*project.Project, opt Options) []*project.Project {
	type keyed struct {
		k Key
		i int
	}
	ks := make([]keyed, len(projects))
	for i, p := range projects {
		ks[i] = keyed{opt.Key(p), i}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return a.k.Compare(b.k) })
	out := make([]*project.Project, len(ks))
	for i, k := range ks {
		out[i] = projects[k.i]
	}
	return out
}

// Sizes of the index (see doc.go).
const (
	formatVersion = 1
	docsPerChunk  = 16      // documents per file of d/, g/ and n/
	shardTarget   = 4 << 10 // aim for this many bytes of postings per shard
	maxShards     = 4096
	maskBits      = 4 // one bit per field class in a posting
)

// Filter tokens name the documents of a year, department or category. They
// start with "!", which no text token can, being a separator.
func yearToken(y int) string        { return "!y:" + strconv.Itoa(y) }
func deptToken(d string) string     { return "!d:" + d }
func categoryToken(c string) string { return "!c:" + c }

// A token is known by a uint64 key while the index is built: a character
// is its code point, a pair has pairBit set and its two code points in
// 21 bits each, and the n-th filter token is filterBase+n. No key is 0:
// U+0000 is not a word character.
const (
	pairBit    = 1 << 42
	filterBase = 1 << 43
)

// pairKey is the key of the pair of characters a, b.
func pairKey(a, b rune) uint64 {
	return pairBit | uint64(a)<<21 | uint64(b)
}

// isPair reports whether k is the key of a pair.
func isPair(k uint64) bool { return k >= pairBit && k < filterBase }

// appendGram appends the UTF-8 bytes of the token of a character's or a
// pair's key.
func appendGram(dst []byte, k uint64) []byte {
	if k < pairBit {
		return utf8.AppendRune(dst, rune(k))
	}
	dst = utf8.AppendRune(dst, rune(k>>21&(1<<21-1)))
	return utf8.AppendRune(dst, rune(k&(1<<21-1)))
}

// gramHash is fnv32a of the token of a character's or a pair's key.
func gramHash(k uint64) uint32 {
	var buf [8]byte
	return fnv32a(appendGram(buf[:0], k))
}

// fnv32a is FNV-1a-32 of s's bytes, as hash/fnv computes it, without
// allocating.
func fnv32a[T string | []byte](s T) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// shardOf is FNV-1a of the token's UTF-8 bytes, modulo the shard count (a
// power of two).
func shardOf(token string, shards int) int {
	return int(fnv32a(token) & uint32(shards-1))
}

// shardCount is the number of shards for postBytes bytes of posting
// lists: a power of two, so that a shard holds about shardTarget bytes.
func shardCount(postBytes int) int {
	n := 1
	for n < maxShards && postBytes/n > shardTarget {
		n *= 2
	}
	return n
}

// meta is meta.json: what the client needs before its first query.
type meta struct {
	Version    int      `json:"version"`
	Docs       int      `json:"docs"`
	Shards     int      `json:"shards"`
	Chunk      int      `json:"chunk"` // documents per file of d/, g/ and n/
	Years      []int    `json:"years"`
	Categories []string `json:"categories"`
}

// metaFile is meta.json.
func metaFile(dir string, docs, shards int, years []int, categories []string) File {
	m := meta{
		Version: formatVersion, Docs: docs, Shards: shards, Chunk: docsPerChunk,
		Years:      append([]int{}, years...), // [] rather than null
		Categories: append([]string{}, categories...),
	}
	return File{path.Join(dir, "meta.json"), mustJSON(m)}
}

// departmentsFile is departments.json, the options of the department
// filter, which the client reads only to fill an empty select.
func departmentsFile(dir string, depts []Department) File {
	return File{path.Join(dir, "departments.json"), mustJSON(append([]Department{}, depts...))}
}

// gzippers are reused: a new gzip.Writer allocates most of a megabyte.
var gzippers = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

func gzipped(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzippers.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(data) // a bytes.Buffer does not fail
	zw.Close()
	gzippers.Put(zw)
	return buf.Bytes()
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings and numbers
	}
	return data
}
