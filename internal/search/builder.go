package search

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"jixiao/internal/project"
)

// A Builder builds the index one project at a time, in memory that does
// not grow with the projects' text: a caller can hand it each project
// (Add) and let it go.
//
//	b := search.NewBuilder(out, opt, tmpDir)
//	defer b.Close()
//	for each project, in Key order { b.Add(p) }
//	err := b.Finish()
//
// Add writes the d/, g/ and n/ files of each run of docsPerChunk projects
// as soon as they are complete, and spools the project's postings to
// scratch files in tmpDir; Finish writes the shards, meta.json and
// departments.json. All calls to the Writer are made from inside Add and
// Finish, one at a time, so it needs no locking. The bytes written do not
// depend on what was spooled to files; doc.go says how that is done.
//
// A Builder is not safe for concurrent use.
type Builder struct {
	opt Options
	w   Writer
	cfg config

	// What meta.json and the filters need, which is small.
	slugs        map[string]string // department name → slug, as listed
	years        map[int]bool
	depts, cats  map[string]bool
	filterKeys   map[string]uint64 // filter token → key
	filterTokens []string          // by key − filterBase
	filterHashes []uint32          // their fnv32a, made by Finish

	docs    int32 // added so far
	last    Key   // of the last added
	cur     *block
	pending []*block // handed to the workers, oldest first
	jobs    chan *block
	workers sync.WaitGroup

	// The blocks consumed since the last run was written, whose records
	// the next run holds (see spool.go).
	held     []*block
	buffered int // bytes of their records
	raw      *spool
	runs     []*[spoolGroups + 1]int64 // run r holds group g at runs[r][g:g+2]

	err      error // the first error, returned by every later call
	finished bool
}

// config holds the Builder's limits; tests make them tiny.
type config struct {
	workers     int // goroutines that tokenize and compress; Finish's too
	runBudget   int // bytes of records buffered before a run is spooled
	spoolMem    int // bytes a spool keeps in memory before it moves to a file; < 0: never
	partBytes   int // bytes of records a worker of Finish encodes at once, if it can
	decodeBytes int // bytes of records of the longest lists Finish decodes whole
}

func defaultConfig() config {
	return config{workers: runtime.GOMAXPROCS(0), runBudget: 4 << 20, spoolMem: 4 << 20, partBytes: 2 << 20, decodeBytes: 1 << 20}
}

// NewBuilder returns a Builder that writes the index to w, with scratch
// files in tmpDir ("" means os.TempDir()). Where the system allows they
// are unlinked as soon as made, so that not even a killed process leaves
// them behind; Close removes any others.
func NewBuilder(w Writer, opt Options, tmpDir string) *Builder {
	return newBuilder(w, opt, tmpDir, defaultConfig())
}

func newBuilder(w Writer, opt Options, tmpDir string, cfg config) *Builder {
	if opt.Dir == "" {
		opt.Dir = DefaultDir
	}
	cfg.workers = max(cfg.workers, 1)
	b := &Builder{
		opt: opt, w: w, cfg: cfg,
		slugs: map[string]string{}, years: map[int]bool{}, depts: map[string]bool{}, cats: map[string]bool{},
		filterKeys: map[string]uint64{},
		raw:        &spool{dir: tmpDir, limit: cfg.spoolMem},
	}
	for _, d := range opt.Departments {
		if _, ok := b.slugs[d.Name]; !ok {
			b.slugs[d.Name] = d.Slug
		}
	}
	return b
}

// Add adds p as the next document. Projects must come in the order of
// their keys (Options.Key, Key.Compare), which Add checks. Add may write
// chunk files to the Builder's Writer. It keeps p's strings, not p, and
// only until a worker has read them, a few blocks later.
func (b *Builder) Add(p *project.Project) error {
	if b.finished {
		return errors.New("search: Add after Finish")
	}
	if b.err != nil {
		return b.err
	}
	k := b.opt.Key(p)
	if b.docs > 0 && k.Compare(b.last) < 0 {
		return fmt.Errorf("search: %s (%d) added after %s (%d): projects must come in Key order",
			k.URL, k.Year, b.last.URL, b.last.Year)
	}
	b.last = k
	b.years[p.Year] = true
	// Cloned: a project's strings may pin the whole file it was parsed from.
	if !b.depts[p.Department] {
		b.depts[strings.Clone(p.Department)] = true
	}
	if !b.cats[p.Category] {
		b.cats[strings.Clone(p.Category)] = true
	}

	if b.cur == nil {
		b.cur = &block{first: b.docs, done: make(chan struct{})}
	}
	d := doc{
		texts: classTexts(p),
		row: []any{p.Name, k.URL, p.Department, p.Unit, p.Code, p.Category, p.Year,
			p.Funds.Total.String()},
		filters: b.filters(p),
	}
	b.cur.docs = append(b.cur.docs, d)
	for _, t := range d.texts {
		b.cur.text += len(t)
	}
	b.docs++
	if n := len(b.cur.docs); n%docsPerChunk == 0 && (n == blockDocs || b.cur.text >= blockText) {
		return b.submit()
	}
	return nil
}

// filters returns the keys of p's filter tokens: its year, department
// (by name and by slug) and category.
func (b *Builder) filters(p *project.Project) []filterRef {
	tokens := []string{yearToken(p.Year), deptToken(p.Department), categoryToken(p.Category)}
	if slug := b.slugs[p.Department]; slug != "" && slug != p.Department {
		tokens = append(tokens, deptToken(slug))
	}
	refs := make([]filterRef, len(tokens))
	for i, t := range tokens {
		key, ok := b.filterKeys[t]
		if !ok {
			key = filterBase + uint64(len(b.filterTokens))
			b.filterKeys[t] = key
			b.filterTokens = append(b.filterTokens, t)
		}
		refs[i] = filterRef{key, fnv32a(t)}
	}
	return refs
}

// maxPending bounds the blocks between Add and the workers, and so the
// memory they hold.
func (b *Builder) maxPending() int { return 2*b.cfg.workers + 2 }

// submit hands the current block to the workers and consumes the blocks
// that are done, in order, waiting while too many are pending.
func (b *Builder) submit() error {
	if b.jobs == nil {
		b.jobs = make(chan *block, b.maxPending())
		for range b.cfg.workers {
			b.workers.Go(func() {
				var ix indexer
				for blk := range b.jobs {
					ix.run(blk, b.opt.Dir)
					close(blk.done)
				}
			})
		}
	}
	b.pending = append(b.pending, b.cur)
	b.jobs <- b.cur // never blocks: fewer than maxPending are in the channel
	b.cur = nil
	return b.collect(false)
}

// collect consumes the pending blocks that are done, oldest first: all of
// them when all is set, else until fewer than maxPending remain and the
// oldest is still running.
func (b *Builder) collect(all bool) error {
	for len(b.pending) > 0 {
		blk := b.pending[0]
		if all || len(b.pending) >= b.maxPending() {
			<-blk.done
		} else {
			select {
			case <-blk.done:
			default:
				return nil
			}
		}
		b.pending[0] = nil
		b.pending = b.pending[1:]
		if err := b.consume(blk); err != nil {
			b.err = err
			return err
		}
	}
	return nil
}

// consume writes a finished block's chunk files and buffers its records.
func (b *Builder) consume(blk *block) error {
	for _, f := range blk.files {
		if err := b.write(f); err != nil {
			return err
		}
	}
	blk.files = nil
	b.held = append(b.held, blk)
	b.buffered += len(blk.recs)
	if b.buffered >= b.cfg.runBudget {
		return b.writeRun()
	}
	return nil
}

// writeRun appends the records of the held blocks to the spool as one
// run: group after group, and in each group block after block.
func (b *Builder) writeRun() error {
	run := new([spoolGroups + 1]int64)
	run[0] = b.raw.size
	for g := range spoolGroups {
		for _, blk := range b.held {
			start := int32(0)
			if g > 0 {
				start = blk.ends[g-1]
			}
			if err := b.raw.write(blk.recs[start:blk.ends[g]]); err != nil {
				return err
			}
		}
		run[g+1] = b.raw.size
	}
	b.runs = append(b.runs, run)
	clear(b.held)
	b.held, b.buffered = b.held[:0], 0
	return nil
}

// stopWorkers lets the workers finish what they have and end.
func (b *Builder) stopWorkers() {
	if b.jobs != nil {
		close(b.jobs)
		b.workers.Wait()
		b.jobs = nil
	}
}

// Finish writes the rest of the index: the last chunk files, the shards,
// meta.json and departments.json. The Builder takes no more projects.
func (b *Builder) Finish() error {
	if b.finished {
		return errors.New("search: Finish called twice")
	}
	b.finished = true
	if b.err == nil {
		b.err = b.finish()
	}
	return b.err
}

func (b *Builder) finish() error {
	if b.cur != nil {
		if err := b.submit(); err != nil {
			return err
		}
	}
	if err := b.collect(true); err != nil {
		return err
	}
	b.stopWorkers()
	if b.buffered > 0 {
		if err := b.writeRun(); err != nil {
			return err
		}
	}
	b.held = nil
	shards, err := b.writeShards()
	if err != nil {
		return err
	}
	years, depts, cats := b.metaLists()
	for _, f := range []File{metaFile(b.opt.Dir, int(b.docs), shards, years, cats), departmentsFile(b.opt.Dir, depts)} {
		if err := b.write(f); err != nil {
			return err
		}
	}
	return b.raw.close()
}

// write hands f to the Builder's Writer.
func (b *Builder) write(f File) error {
	if err := b.w.WriteFile(f.Name, f.Data); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// Close ends the Builder's goroutines and removes its scratch files. It
// may be called more than once, and must be called even when Finish was
// not.
func (b *Builder) Close() error {
	b.stopWorkers()
	b.pending, b.cur = nil, nil
	return b.raw.close()
}

// metaLists returns the years, newest first, the departments in the
// filter's order (Options.Departments), and the categories in the
// form's order, then any others by name.
func (b *Builder) metaLists() (years []int, depts []Department, cats []string) {
	for y := range b.years {
		years = append(years, y)
	}
	slices.SortFunc(years, func(a, b int) int { return cmp.Compare(b, a) })

	listed := map[string]bool{}
	for _, d := range b.opt.Departments {
		if b.depts[d.Name] && !listed[d.Name] {
			listed[d.Name] = true
			depts = append(depts, d)
		}
	}
	depts = append(depts, sortedOthers(b.depts, listed, func(s string) Department { return Department{Name: s} })...)

	listed = map[string]bool{}
	for _, c := range project.Categories {
		if b.cats[c] {
			listed[c] = true
			cats = append(cats, c)
		}
	}
	cats = append(cats, sortedOthers(b.cats, listed, func(s string) string { return s })...)
	return years, depts, cats
}

// sortedOthers returns the keys of all that are not in listed, sorted.
func sortedOthers[T any](all, listed map[string]bool, f func(string) T) []T {
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
