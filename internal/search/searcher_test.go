package search

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// searcher runs queries on a written index the way static/search.js does,
// reading only the files a query needs and counting their bytes. Tests use
// it to check the index without a browser; the benchmark, to measure what a
// query downloads.
type searcher struct {
	fsys   fs.FS // the index folder
	meta   meta
	shards map[int]*shard
	loaded map[string]bool // files read, for the download count
	bytes  int
}

type shard struct {
	entries map[string]*entry
	posi    []byte // x/<shard>.bin, read when first needed
}

type entry struct {
	df             int
	k, pk          uint
	mask           uint8
	post           []byte
	posOff, posLen int
}

// list is a decoded posting list.
type list struct {
	docs  []int32
	masks []uint8
}

// filter holds the filters of a search; zero values filter nothing.
type filter struct {
	Year                 int
	Department, Category string
}

func openSearcher(fsys fs.FS) (*searcher, error) {
	s := &searcher{fsys: fsys, shards: map[int]*shard{}, loaded: map[string]bool{}}
	data, err := s.read("meta.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &s.meta); err != nil {
		return nil, err
	}
	if s.meta.Version != formatVersion {
		return nil, fmt.Errorf("index version %d, want %d", s.meta.Version, formatVersion)
	}
	return s, nil
}

func (s *searcher) read(name string) ([]byte, error) {
	data, err := fs.ReadFile(s.fsys, name)
	if err == nil && !s.loaded[name] {
		s.loaded[name] = true
		s.bytes += len(data)
	}
	return data, err
}

func (s *searcher) shard(n int) (*shard, error) {
	if sh := s.shards[n]; sh != nil {
		return sh, nil
	}
	sh := &shard{entries: map[string]*entry{}}
	data, err := s.read(path.Join("p", strconv.FormatInt(int64(n), 16)+".bin"))
	if err != nil {
		return nil, err
	}
	uv := func() int {
		v, k := binary.Uvarint(data)
		if k <= 0 {
			err = errShort
			return 0
		}
		data = data[k:]
		return int(v)
	}
	n0 := uv()
	type raw struct {
		token string
		e     *entry
		n     int
	}
	var table []raw
	posOff := 0
	for range n0 {
		l := uv()
		if err != nil || l > len(data) {
			return nil, errShort
		}
		token := string(data[:l])
		data = data[l:]
		e := &entry{df: uv(), k: uint(uv()), mask: uint8(uv())}
		nb := uv()
		e.pk, e.posLen, e.posOff = uint(uv()), uv(), posOff
		posOff += e.posLen
		table = append(table, raw{token, e, nb})
	}
	for _, r := range table {
		if err != nil || r.n > len(data) {
			return nil, errShort
		}
		r.e.post, data = data[:r.n], data[r.n:]
		sh.entries[r.token] = r.e
	}
	s.shards[n] = sh
	return sh, nil
}

func (s *searcher) entry(token string) (*shard, *entry, error) {
	sh, err := s.shard(shardOf(token, s.meta.Shards))
	if err != nil {
		return nil, nil, err
	}
	return sh, sh.entries[token], nil
}

func (s *searcher) list(token string) (list, error) {
	_, e, err := s.entry(token)
	if err != nil || e == nil {
		return list{}, err
	}
	r := bitReader{buf: e.post}
	l := list{docs: make([]int32, e.df), masks: make([]uint8, e.df)}
	prev := int32(-1)
	for i := range e.df {
		prev += int32(r.rice(e.k)) + 1
		l.docs[i], l.masks[i] = prev, e.mask
		if r.bit() == 1 {
			l.masks[i] = uint8(r.bits(maskBits))
		}
	}
	return l, r.err
}

// positions returns, for the documents of a pair's list that are in want,
// the pair's positions by class.
func (s *searcher) positions(token string, want map[int32]uint8) (map[int32]*[numClasses][]uint32, error) {
	l, err := s.list(token)
	if err != nil {
		return nil, err
	}
	sh, e, err := s.entry(token)
	if err != nil || e == nil {
		return nil, err
	}
	if sh.posi == nil {
		name := path.Join("x", strconv.FormatInt(int64(shardOf(token, s.meta.Shards)), 16)+".bin")
		if sh.posi, err = s.read(name); err != nil {
			return nil, err
		}
	}
	r := bitReader{buf: sh.posi[e.posOff : e.posOff+e.posLen]}
	out := map[int32]*[numClasses][]uint32{}
	for i, d := range l.docs {
		_, keep := want[d]
		var ps [numClasses][]uint32
		for c := range numClasses {
			if l.masks[i]&(1<<c) == 0 {
				continue
			}
			n := r.gamma()
			p := int64(-1)
			for range n {
				p += int64(r.rice(e.pk)) + 1
				if keep {
					ps[c] = append(ps[c], uint32(p))
				}
			}
		}
		if keep {
			out[d] = &ps
		}
	}
	return out, r.err
}

// term returns the documents that contain a term, each with the classes it
// occurs in. Characters and pairs are looked up; a longer term is the
// intersection of its pairs' lists, verified with their positions.
func (s *searcher) term(t string, within map[int32]bool) (map[int32]uint8, error) {
	rs := []rune(t)
	out := map[int32]uint8{}
	if len(rs) <= 2 {
		l, err := s.list(t)
		for i, d := range l.docs {
			if within == nil || within[d] {
				out[d] = l.masks[i]
			}
		}
		return out, err
	}
	var cand map[int32]uint8
	for i := 0; i+1 < len(rs); i++ {
		l, err := s.list(string(rs[i : i+2]))
		if err != nil {
			return nil, err
		}
		next := map[int32]uint8{}
		for j, d := range l.docs {
			m := l.masks[j]
			if cand != nil {
				m &= cand[d]
			} else if within != nil && !within[d] {
				m = 0
			}
			if m != 0 {
				next[d] = m
			}
		}
		cand = next
	}
	if len(cand) == 0 {
		return out, nil
	}
	weights := make([]int, len(rs)-1)
	for i := range weights {
		_, e, err := s.entry(string(rs[i : i+2]))
		if err != nil {
			return nil, err
		}
		weights[i] = e.posLen // every pair has an entry, or cand would be empty
	}
	offsets := cover(weights)
	pos := make([]map[int32]*[numClasses][]uint32, len(offsets))
	for i, o := range offsets {
		var err error
		if pos[i], err = s.positions(string(rs[o:o+2]), cand); err != nil {
			return nil, err
		}
	}
	for d, m := range cand {
		var found uint8
		for c := range numClasses {
			if m&(1<<c) != 0 && aligned(pos, offsets, d, c) {
				found |= 1 << c
			}
		}
		if found != 0 {
			out[d] = found
		}
	}
	return out, nil
}

// cover returns the offsets of the pairs of a term, of least total
// weight, that cover each of its characters: pair o covers characters o and
// o+1, so the first and the last pair are in, and no two pairs in a row are
// out. weights[o] is the size of pair o's positions.
func cover(weights []int) []int {
	n := len(weights)
	best := make([]int, n) // least weight of a cover of 0…o+1 that takes pair o
	prev := make([]int, n) // the pair taken before o in it
	for o := range n {
		best[o], prev[o] = weights[o], -1
		if o >= 1 {
			best[o], prev[o] = weights[o]+best[o-1], o-1
		}
		if o >= 2 && best[o-2]+weights[o] < best[o] {
			best[o], prev[o] = weights[o]+best[o-2], o-2
		}
	}
	var offsets []int
	for o := n - 1; o >= 0; o = prev[o] {
		offsets = append(offsets, o)
	}
	slices.Reverse(offsets)
	return offsets
}

// aligned reports whether the pairs at offsets occur at p+offset in class c
// of document d for some p.
func aligned(pos []map[int32]*[numClasses][]uint32, offsets []int, d int32, c int) bool {
	for _, p := range pos[0][d][c] {
		ok := true
		for i := 1; i < len(offsets) && ok; i++ {
			_, ok = slices.BinarySearch(pos[i][d][c], p+uint32(offsets[i]))
		}
		if ok {
			return true
		}
	}
	return false
}

func lowestBit(m uint8) int {
	for c := range numClasses {
		if m&(1<<c) != 0 {
			return c
		}
	}
	return numClasses
}

// search returns the documents matching query and f, best first, and for
// each the classes in which some term occurs.
func (s *searcher) search(query string, f filter) ([]int32, map[int32]uint8, error) {
	var within map[int32]bool
	for _, t := range s.filterTokens(f) {
		l, err := s.list(t)
		if err != nil {
			return nil, nil, err
		}
		next := map[int32]bool{}
		for _, d := range l.docs {
			if within == nil || within[d] {
				next[d] = true
			}
		}
		within = next
	}
	var terms []string
	for _, t := range Terms(query) {
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	classes := map[int32]uint8{}
	if len(terms) == 0 {
		var ids []int32
		for d := range within {
			ids = append(ids, d)
		}
		slices.Sort(ids)
		return ids, classes, nil
	}
	score := map[int32]int{}
	for i, t := range terms {
		m, err := s.term(t, within)
		if err != nil {
			return nil, nil, err
		}
		next := map[int32]int{}
		for d, c := range m {
			if _, ok := score[d]; ok || i == 0 {
				next[d] = score[d] + lowestBit(c)
				classes[d] |= c
			}
		}
		score = next
	}
	phrase := map[int32]uint8{}
	if len(terms) > 1 {
		in := map[int32]bool{}
		for d := range score {
			in[d] = true
		}
		var err error
		if phrase, err = s.term(strings.Join(terms, ""), in); err != nil {
			return nil, nil, err
		}
	}
	ids := make([]int32, 0, len(score))
	for d := range score {
		ids = append(ids, d)
	}
	slices.SortFunc(ids, func(a, b int32) int {
		_, pa := phrase[a]
		_, pb := phrase[b]
		return cmp.Or(cmp.Compare(score[a], score[b]), boolCmp(pb, pa), cmp.Compare(a, b))
	})
	return ids, classes, nil
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func (s *searcher) filterTokens(f filter) []string {
	var ts []string
	if f.Year != 0 {
		ts = append(ts, yearToken(f.Year))
	}
	if f.Department != "" {
		ts = append(ts, deptToken(f.Department))
	}
	if f.Category != "" {
		ts = append(ts, categoryToken(f.Category))
	}
	return ts
}

// urls returns the URLs of ids, reading the row files they are in.
func (s *searcher) urls(ids []int32) ([]string, error) {
	chunks := map[int][][]json.RawMessage{}
	var urls []string
	for _, id := range ids {
		c := int(id) / s.meta.Chunk
		if chunks[c] == nil {
			data, err := s.read(path.Join("d", strconv.Itoa(c)+".json"))
			if err != nil {
				return nil, err
			}
			var rows [][]json.RawMessage
			if err := json.Unmarshal(data, &rows); err != nil {
				return nil, err
			}
			chunks[c] = rows
		}
		var u string
		if err := json.Unmarshal(chunks[c][int(id)%s.meta.Chunk][1], &u); err != nil {
			return nil, err
		}
		urls = append(urls, u)
	}
	return urls, nil
}

// showPage reads what the client reads to show the first n results: their
// rows, and the goals or else the narrative of those with a term there,
// for the snippet.
func (s *searcher) showPage(ids []int32, classes map[int32]uint8, n int) error {
	ids = ids[:min(n, len(ids))]
	if _, err := s.urls(ids); err != nil {
		return err
	}
	for _, id := range ids {
		dir := ""
		switch {
		case classes[id]&(1<<classGoals) != 0:
			dir = "g"
		case classes[id]&(1<<classText) != 0:
			dir = "n"
		default:
			continue
		}
		if _, err := s.read(path.Join(dir, strconv.Itoa(int(id)/s.meta.Chunk)+".json.gz")); err != nil {
			return err
		}
	}
	return nil
}
