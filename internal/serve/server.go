package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/check"
	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/render"
	"jixiao/internal/watch"
)

// Options tune a Server. The zero value is what `jixiao serve` uses.
type Options struct {
	// Log receives what the terminal shows: each rebuild, and the
	// diagnostics as `jixiao check` prints them. nil discards it.
	Log io.Writer
	// Poll, if set, polls for changes at this interval instead of
	// waiting for file system events.
	Poll time.Duration
	// Quiet is how long the files must be quiet before a rebuild;
	// 0 means watch.DefaultQuiet.
	Quiet time.Duration
	// MaxStreams caps the open event streams; 0 means DefaultMaxStreams.
	MaxStreams int
	// AnyHost accepts requests for any host name. Without it, a server
	// answers only to loopback names (localhost, 127.0.0.1, [::1]), so
	// that a web page elsewhere cannot read it through a DNS name that
	// points at this machine.
	AnyHost bool
	// Build holds the options of the build: generators and the
	// built-in files (nil means jixiao.Builtin).
	Build build.Options
}

// DefaultMaxStreams is how many event streams a server keeps open at most.
const DefaultMaxStreams = 256

// Server previews one site. It is an http.Handler.
type Server struct {
	opts    Options
	log     io.Writer
	logMu   sync.Mutex
	root    *os.Root
	fsys    fs.FS // the site folder, through root
	assets  fs.FS // layouts/ and static/: the site's over the built-in ones
	watcher *watch.Watcher
	hub     *hub

	cur atomic.Pointer[state] // nil until a plan succeeds

	// Used only by the rebuild goroutine (New, then Run).
	src      source
	version  uint64
	dirty    map[string]bool // project files changed since the current state
	dirtyAll bool            // everything changed since the current state
	baseline map[string]bool // errorKey of each error the current state was made with
	custom   bool            // the site has layouts of its own
	checked  chan struct{}   // closed when the first check is done
	busy     sync.Mutex      // held while Run works on the site
	closed   sync.Once
}

// New reads the site in dir, plans it and starts watching it; the first
// page can be served when it returns. It checks the site in the
// background: Run reports what the check finds. It fails only when the
// folder cannot be read or watched at all; problems of the content are
// shown in the browser and in Log.
func New(dir string, opts Options) (*Server, error) {
	if opts.MaxStreams <= 0 {
		opts.MaxStreams = DefaultMaxStreams
	}
	if opts.Build.Builtin == nil {
		opts.Build.Builtin = jixiao.Builtin
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	var id [8]byte
	rand.Read(id[:])
	s := &Server{
		opts:     opts,
		log:      opts.Log,
		root:     root,
		fsys:     root.FS(),
		hub:      newHub(hex.EncodeToString(id[:]), opts.MaxStreams),
		dirty:    map[string]bool{},
		baseline: map[string]bool{},
		checked:  make(chan struct{}),
	}
	if s.log == nil {
		s.log = io.Discard
	}
	s.assets = render.Overlay{{Name: "站点", FS: s.fsys}, {Name: "内置", FS: opts.Build.Builtin}}
	s.src.root, s.src.fsys = root, s.fsys

	// Watch while reading, so that no edit in between is missed.
	watched := make(chan error, 1)
	go func() {
		var err error
		s.watcher, err = s.watch(dir)
		watched <- err
	}()
	// Reading is a burst of garbage from the TOML decoder: collecting
	// less often meanwhile saves about a fifth of the time to the first page.
	gc := debug.SetGCPercent(400)
	s.src.readAll()
	debug.SetGCPercent(gc)
	s.dirtyAll = true
	// Checked later, in Run: the first page need not wait for it.
	p, ds := s.makePlan(s.src.site())
	if ds == nil {
		_, err = s.swap(p, nil)
	}
	if ds != nil || err != nil {
		s.logf("网站无法生成，浏览器将显示原因 [the site cannot be built yet]\n")
		if ds == nil {
			ds = []diag.Diagnostic{errorDiag(err)}
		}
		s.failed("", ds, time.Now())
	}
	if err := <-watched; err != nil {
		root.Close()
		return nil, err
	}
	return s, nil
}

// watch starts watching dir, falling back to polling when the system has
// no file events to give.
func (s *Server) watch(dir string) (*watch.Watcher, error) {
	opt := watch.Options{Poll: s.opts.Poll, Quiet: s.opts.Quiet, Ignore: load.Temporary, Warn: func(err error) {
		s.logf("警告 [warning]: %v\n", err)
	}}
	files := []string{load.ConfigFile}
	trees := []string{load.ContentDir, render.LayoutDir, build.StaticDir}
	w, err := watch.New(dir, files, trees, opt)
	if err != nil && opt.Poll == 0 {
		s.logf("警告 [warning]: %v；改为每秒轮询 [polling every second instead]\n", err)
		opt.Poll = time.Second
		w, err = watch.New(dir, files, trees, opt)
	}
	return w, err
}

// ID names the server process: a page served by another process (before
// a restart) reloads when its script reconnects.
func (s *Server) ID() string { return s.hub.id }

// Run checks the site, then rebuilds on every change until ctx is done or
// the server is closed.
func (s *Server) Run(ctx context.Context) error {
	if !s.work(s.firstCheck) {
		close(s.checked)
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.hub.done:
			return nil
		case b, ok := <-s.watcher.Batches():
			if !ok || !s.work(func() { s.rebuild(b) }) {
				return nil
			}
		}
	}
}

// work does f unless the server is closed, and keeps Close from closing
// the site folder meanwhile.
func (s *Server) work(f func()) bool {
	s.busy.Lock()
	defer s.busy.Unlock()
	select {
	case <-s.hub.done:
		return false
	default:
	}
	f()
	return true
}

// Close ends the event streams, stops watching and, once a rebuild under
// way has ended, closes the site folder. Call it before shutting down the
// HTTP server, which waits for open streams.
func (s *Server) Close() error {
	var err error
	s.closed.Do(func() {
		s.hub.close()
		if s.watcher != nil {
			err = s.watcher.Close()
		}
		s.busy.Lock()
		defer s.busy.Unlock()
		s.root.Close()
	})
	return err
}

// firstCheck checks the site as read by New, prints the diagnostics as
// `jixiao check` does, and shows the errors in the browser.
func (s *Server) firstCheck() {
	defer close(s.checked)
	start := time.Now()
	s.src.checkAll()
	ds := s.src.diagnostics()
	s.logMu.Lock()
	for _, d := range ds {
		fmt.Fprintln(s.log, d)
	}
	s.logMu.Unlock()
	errs, warns := diag.Count(ds)
	s.logf("%d 个项目，%d 个错误，%d 个警告，检查用时 %v (%d projects, %d errors, %d warnings)\n",
		len(s.src.files), errs, warns, since(start), len(s.src.files), errs, warns)
	if errs > 0 {
		// The pages were made before the check: they show these errors.
		problems := errorsOf(ds)
		for _, d := range problems {
			s.baseline[errorKey(d)] = true
		}
		if s.cur.Load() == nil {
			problems = append(problems, s.hub.currentProblems()...) // of planning
		}
		s.hub.fail(problems)
	}
}

// rebuild applies a batch of changes.
func (s *Server) rebuild(b watch.Batch) {
	start := time.Now()
	var content []string
	config, assets := b.All, b.All
	for _, p := range b.Paths {
		switch {
		case p == load.ConfigFile:
			config = true
		case p == load.ContentDir || strings.HasPrefix(p, load.ContentDir+"/"):
			content = append(content, p)
		default:
			assets = true
		}
	}
	switch {
	case b.All:
		s.src.readAll()
	case config:
		s.src.readConfig()
	}
	touched := s.src.update(content)
	if len(touched) == 0 && !config && !assets {
		return // editors' files, folders without projects
	}
	for _, t := range touched {
		s.dirty[t] = true
	}
	s.dirtyAll = s.dirtyAll || config || assets
	what := describe(b)

	// Plan while the site-wide rules run: on two processors the edit
	// shows sooner, and a plan that the check refuses is dropped.
	ls := s.src.site()
	checked := make(chan []diag.Diagnostic, 1)
	if config {
		s.src.checkAll()
		checked <- s.src.siteDiags
	} else {
		go func() { checked <- check.Site(ls) }()
	}
	p, planErrs := s.makePlan(ls)
	s.src.siteDiags = <-checked
	ds := s.src.diagnostics()
	errs := errorsOf(ds)
	switch {
	case s.newErrors(errs) && s.cur.Load() != nil:
		s.failed(what, errs, start)
	case planErrs != nil:
		s.failed(what, append(errs, planErrs...), start)
	default:
		n, err := s.swap(p, errs)
		if err != nil {
			s.failed(what, append(errs, errorDiag(err)), start)
			return
		}
		_, warns := diag.Count(ds)
		s.logf("已更新 %s：重渲染 %d 个页面，%d 个错误，%d 个警告，用时 %v (rebuilt %d pages)\n",
			what, n, len(errs), warns, since(start), n)
	}
}

// newErrors reports whether errs holds an error that the served pages
// were not made with. An edit that adds none is shown; the errors stay
// listed over the pages. So a file broken long ago does not keep every
// other edit from showing. Without served pages (the site could not be
// planned before), whatever can be planned is shown, errors and all.
func (s *Server) newErrors(errs []diag.Diagnostic) bool {
	for _, d := range errs {
		if !s.baseline[errorKey(d)] {
			return true
		}
	}
	return false
}

// errorKey identifies an error across edits that move its line.
func errorKey(d diag.Diagnostic) string { return d.Path + "\x00" + d.Rule + "\x00" + d.Message }

// makePlan plans the loaded site: from the layouts and static files of
// the current state after an edit of content only, else from a new read of
// them, rendering a page of each kind to find errors of the layouts. It
// returns the problems if that fails.
func (s *Server) makePlan(ls *load.Site) (*build.Plan, []diag.Diagnostic) {
	var p *build.Plan
	var ds []diag.Diagnostic
	var err error
	if old := s.cur.Load(); old != nil && !s.dirtyAll {
		p, ds, err = old.plan.Replan(ls)
	} else {
		p, ds, err = build.NewPlan(ls, s.assets, s.opts.Build)
		if err == nil {
			err = p.Verify()
		}
		s.custom = hasLayouts(s.fsys)
	}
	if err == nil {
		return p, nil
	}
	if len(ds) == 0 {
		ds = []diag.Diagnostic{errorDiag(err)}
	}
	return nil, ds
}

// swap makes p the served state, with the errors it still has, and tells
// the tabs whose pages changed to reload. It renders the edited projects'
// pages first: a layout that fails on their content fails the rebuild,
// not the reload. It returns how many pages changed.
func (s *Server) swap(p *build.Plan, errs []diag.Diagnostic) (int, error) {
	old := s.cur.Load()
	st := newState(s.version+1, p)
	c := changes{all: true}
	if old != nil && !s.dirtyAll && !s.custom {
		touched := slices.Sorted(maps.Keys(s.dirty))
		c = affected(old, st, touched)
		for _, t := range touched {
			if pr := st.projects[t]; pr != nil {
				if _, err := st.render(pageAt(st, pr.URL())); err != nil {
					return 0, err
				}
			}
		}
		st.carry(old, c)
	}
	s.version++
	s.cur.Store(st)
	s.hub.publish(st.version, c, errs)
	s.baseline = map[string]bool{}
	for _, d := range errs {
		s.baseline[errorKey(d)] = true
	}
	clear(s.dirty)
	s.dirtyAll = false
	return c.count(old, st), nil
}

// failed reports the problems of a rebuild in the terminal and the
// browser, which keeps showing the last good pages, or the problems alone
// when no build has succeeded yet.
func (s *Server) failed(what string, problems []diag.Diagnostic, start time.Time) {
	s.logMu.Lock()
	for _, d := range problems {
		fmt.Fprintln(s.log, d)
	}
	s.logMu.Unlock()
	if what != "" {
		what = " " + what
	}
	shows := "浏览器显示上次成功的页面"
	if s.cur.Load() == nil {
		shows = "浏览器显示错误列表"
	}
	s.logf("生成失败%s：%d 个错误，%s，用时 %v (build failed)\n", what, len(problems), shows, since(start))
	s.hub.fail(problems)
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log, format, args...)
}

func since(t time.Time) time.Duration {
	d := time.Since(t)
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// describe names the changed files for the terminal: "content/2023/a.md",
// or the first two and how many more.
func describe(b watch.Batch) string {
	if b.All {
		return "全部文件"
	}
	if len(b.Paths) <= 2 {
		return strings.Join(b.Paths, "、")
	}
	return fmt.Sprintf("%s 等 %d 个文件", strings.Join(b.Paths[:2], "、"), len(b.Paths))
}

// errorsOf returns the errors among ds.
func errorsOf(ds []diag.Diagnostic) []diag.Diagnostic {
	var errs []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	return errs
}

// hasLayouts reports whether the site has layouts of its own. They may
// show anything on any page, so every edit changes every page.
func hasLayouts(fsys fs.FS) bool {
	found := false
	fs.WalkDir(fsys, render.LayoutDir, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(name, ".html") {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}
