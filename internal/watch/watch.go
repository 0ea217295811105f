// Package watch tells the dev server which source files of a site changed:
// a few named files (site.toml) and every file in a few folders (content/,
// layouts/, static/) at any depth, including folders created later.
//
// Changes come in batches. An editor's save is several events — vim writes
// a test file 4913, renames the old file to a backup, writes the new one
// and deletes the backup; VS Code and JetBrains write a temporary file and
// rename it over the old one — and a `git checkout` or a script touches
// many files at once: a batch ends only when the folders have been quiet
// for a moment (Options.Quiet), or after Options.Max at the latest, so that
// each of these is one rebuild. Files that Options.Ignore names, such as
// editors' temporary, backup and swap files, are never reported.
//
// The watcher uses fsnotify (inotify on Linux). File systems that deliver
// no events — network shares, some container mounts — need Options.Poll,
// which compares the size and modification time of every file at an
// interval instead.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Batch is what changed: paths relative to the site, with slashes
// ("content/2023/a.md", "site.toml"), sorted. A path may name a file
// that no longer exists, or a folder that was created, removed or renamed:
// what it holds may have changed too.
type Batch struct {
	Paths []string
	// All is set when events were lost (the kernel's queue overflowed):
	// anything may have changed.
	All bool
}

// Options tune a Watcher. The zero value watches with fsnotify.
type Options struct {
	// Poll, if set, makes the watcher poll at this interval instead of
	// waiting for events.
	Poll time.Duration
	// Quiet is how long the folders must be quiet for a batch to end;
	// 0 means DefaultQuiet.
	Quiet time.Duration
	// Max is the longest a batch waits after its first event; 0 means
	// DefaultMax.
	Max time.Duration
	// Warn, if set, receives problems that do not stop the watcher: a
	// folder that could not be watched, an unreadable folder.
	Warn func(error)
	// Ignore, if set, names the files and folders under a watched folder
	// that are never reported, such as editors' temporary files; it is
	// given each part of a path. The dev server gives load.Temporary.
	Ignore func(name string) bool
}

// The defaults of Options.
const (
	DefaultQuiet = 25 * time.Millisecond
	DefaultMax   = 400 * time.Millisecond
)

// ErrLost is given to Options.Warn when events were lost.
var ErrLost = errors.New("文件事件丢失，将重新读取整个站点 [events lost: rereading everything]")

// Watcher watches a site. Receive from Batches; Close stops it.
type Watcher struct {
	root  string
	files []string // watched files, relative to root
	trees []string // watched folders, relative to root
	opt   Options

	out     chan Batch
	events  chan event // from the back end to the loop
	done    chan struct{}
	stopped chan struct{}
	close   func() error // of the back end
	once    sync.Once
}

// event is one change seen by a back end: a path relative to the root.
type event struct {
	path    string
	created bool // the path was created or moved here: a new folder needs watching
	lost    bool // events were lost
}

// New watches the files and the folders (at any depth) named relative to
// dir. A file or folder that does not exist yet is reported when it is
// created.
func New(dir string, files, trees []string, opt Options) (*Watcher, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = DefaultQuiet
	}
	if opt.Max <= 0 {
		opt.Max = DefaultMax
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root: root, files: files, trees: trees, opt: opt,
		out:     make(chan Batch),
		events:  make(chan event, 256),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	var b backend
	if opt.Poll > 0 {
		b, err = newPoller(w)
	} else {
		b, err = newNotifier(w)
	}
	if err != nil {
		return nil, err
	}
	w.close = b.close
	go w.loop(b)
	return w, nil
}

// backend is where events come from.
type backend interface {
	// update is told, at the end of a batch, of the paths (relative to
	// the root) that were removed or moved away and of the folders that
	// were created or moved here; it returns the files that the new
	// folders hold, some perhaps created before the folder was watched.
	update(gone, dirs []string) []string
	close() error
}

// Batches delivers the batches. It is closed when the watcher stops.
func (w *Watcher) Batches() <-chan Batch { return w.out }

// Close stops the watcher and closes Batches.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		<-w.stopped
		err = w.close()
	})
	return err
}

// loop gathers events into batches and delivers them. While the receiver
// is busy, later batches merge into the one waiting to be taken.
func (w *Watcher) loop(back backend) {
	defer close(w.stopped)
	defer close(w.out)
	pending := map[string]bool{} // paths of the batch being gathered
	created := map[string]bool{}
	lost := false
	var first, last time.Time
	var ready *Batch // gathered, waiting for the receiver
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var out chan Batch
		var b Batch
		if ready != nil {
			out, b = w.out, *ready
		}
		select {
		case <-w.done:
			timer.Stop()
			return
		case ev := <-w.events:
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			last = now
			switch {
			case ev.lost:
				lost = true
			default:
				pending[ev.path] = true
				if ev.created {
					created[ev.path] = true
				}
			}
			end := last.Add(w.opt.Quiet)
			if limit := first.Add(w.opt.Max); limit.Before(end) {
				end = limit
			}
			timer.Reset(end.Sub(now))
		case <-timer.C:
			var gone, dirs []string
			for p := range pending {
				if _, err := os.Lstat(w.abs(p)); errors.Is(err, fs.ErrNotExist) {
					gone = append(gone, p)
				} else if created[p] && w.isDir(p) {
					dirs = append(dirs, p)
				}
			}
			slices.Sort(dirs)
			for _, f := range back.update(gone, dirs) {
				pending[f] = true
			}
			if ready == nil {
				ready = &Batch{}
			}
			ready.All = ready.All || lost
			for p := range pending {
				ready.Paths = append(ready.Paths, p)
			}
			slices.Sort(ready.Paths)
			ready.Paths = slices.Compact(ready.Paths)
			pending, created, lost = map[string]bool{}, map[string]bool{}, false
			first = time.Time{}
		case out <- b:
			ready = nil
		}
	}
}

// send hands an event to the loop; it gives up when the watcher stops.
func (w *Watcher) send(ev event) bool {
	select {
	case w.events <- ev:
		return true
	case <-w.done:
		return false
	}
}

func (w *Watcher) warn(err error) {
	if w.opt.Warn != nil && err != nil {
		w.opt.Warn(err)
	}
}

// abs turns a path relative to the root into a path of the OS.
func (w *Watcher) abs(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

// rel turns a path of the OS into one relative to the root, or "" for a
// path outside it.
func (w *Watcher) rel(name string) string {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return ""
	}
	return filepath.ToSlash(r)
}

// isDir reports whether rel is a folder, not a link to one.
func (w *Watcher) isDir(rel string) bool {
	info, err := os.Lstat(w.abs(rel))
	return err == nil && info.IsDir()
}

// watched reports whether a path relative to the root is one to report:
// a watched file, a watched folder, or something in one, with no part of
// its path ignored.
func (w *Watcher) watched(rel string) bool {
	if rel == "" {
		return false
	}
	if slices.Contains(w.files, rel) {
		return true
	}
	for _, t := range w.trees {
		if rel == t {
			return true
		}
		if rest, ok := strings.CutPrefix(rel, t+"/"); ok {
			for _, part := range strings.Split(rest, "/") {
				if w.opt.Ignore != nil && w.opt.Ignore(part) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// walk lists the files under the folder rel that the watcher reports,
// calling dir first for each folder, itself included.
func (w *Watcher) walk(rel string, dir func(rel string)) []string {
	var files []string
	err := filepath.WalkDir(w.abs(rel), func(name string, d fs.DirEntry, err error) error {
		r := w.rel(name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				w.warn(err)
			}
			return nil
		}
		if !w.watched(r) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dir(r)
		} else {
			files = append(files, r)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		w.warn(err)
	}
	return files
}
