package watch

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// notifier is the fsnotify back end. fsnotify watches one folder at a
// time, so every folder of the trees is added, and the folders created
// later when a batch finds them: after the quiet moment, when the kernel
// has told of every move, since a folder moved within the site keeps its
// watch under its old name until then.
type notifier struct {
	w  *Watcher
	fw *fsnotify.Watcher
}

func newNotifier(w *Watcher) (*notifier, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("无法监视文件变化，请用 --poll [cannot watch for changes: use --poll]: %w", err)
	}
	n := &notifier{w: w, fw: fw}
	// The root itself, for the watched files and for trees created later.
	if err := fw.Add(w.root); err != nil {
		fw.Close()
		return nil, fmt.Errorf("监视 %s [watching]: %w", w.root, err)
	}
	for _, t := range w.trees {
		if w.isDir(t) {
			w.walk(t, n.add)
		}
	}
	go n.read()
	return n, nil
}

// add watches the folder rel.
func (n *notifier) add(rel string) {
	err := n.fw.Add(n.w.abs(rel))
	if errors.Is(err, syscall.ENOSPC) {
		err = fmt.Errorf("监视的文件夹数达到系统上限，请用 --poll 或提高 fs.inotify.max_user_watches [too many folders to watch]: %s", rel)
	}
	n.w.warn(err)
}

func (n *notifier) update(gone, dirs []string) []string {
	if len(gone) > 0 {
		// A folder moved within the site keeps its watch, and its
		// subfolders theirs, under the old names: drop them, so that
		// adding the new names watches afresh.
		for _, name := range n.fw.WatchList() {
			rel := n.w.rel(name)
			for _, g := range gone {
				if rel == g || strings.HasPrefix(rel, g+"/") {
					n.fw.Remove(name)
					break
				}
			}
		}
	}
	var files []string
	for _, d := range dirs {
		files = append(files, n.w.walk(d, n.add)...)
	}
	return files
}

// read passes fsnotify's events on to the loop.
func (n *notifier) read() {
	for {
		select {
		case ev, ok := <-n.fw.Events:
			if !ok {
				return
			}
			rel := n.w.rel(ev.Name)
			if ev.Op == fsnotify.Chmod || !n.w.watched(rel) {
				continue
			}
			if !n.w.send(event{path: rel, created: ev.Has(fsnotify.Create)}) {
				return
			}
		case err, ok := <-n.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				n.w.warn(ErrLost)
				if !n.w.send(event{lost: true}) {
					return
				}
				continue
			}
			n.w.warn(err)
		}
	}
}

func (n *notifier) close() error { return n.fw.Close() }
