package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao/internal/load"
)

var (
	files = []string{"site.toml"}
	trees = []string{"content", "layouts", "static"}
)

// site makes a site folder with the given files and watches it.
func site(t *testing.T, opt Options, names ...string) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		write(t, dir, n, "x")
	}
	opt.Warn = func(err error) { t.Logf("warning: %v", err) }
	opt.Ignore = load.Temporary // as the dev server has it
	w, err := New(dir, files, trees, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return dir, w
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// next returns the next batch.
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	return Batch{}
}

// none checks that no batch comes for a while.
func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %v", b.Paths)
	case <-time.After(150 * time.Millisecond):
	}
}

func want(t *testing.T, b Batch, paths ...string) {
	t.Helper()
	if !slices.Equal(b.Paths, paths) || b.All {
		t.Fatalf("batch %v (all %v), want %v", b.Paths, b.All, paths)
	}
}

func TestEdit(t *testing.T) {
	for _, opt := range []Options{{}, {Poll: 20 * time.Millisecond}} {
		t.Run(fmt.Sprintf("poll=%v", opt.Poll), func(t *testing.T) {
			dir, w := site(t, opt, "site.toml", "content/2023/a.md", "layouts/project.html", "public/index.html")
			write(t, dir, "content/2023/a.md", "changed")
			want(t, next(t, w), "content/2023/a.md")
			write(t, dir, "site.toml", "title = 1")
			write(t, dir, "layouts/project.html", "changed")
			want(t, next(t, w), "layouts/project.html", "site.toml")
			write(t, dir, "public/index.html", "not watched")
			write(t, dir, "README.md", "not watched")
			none(t, w)
		})
	}
}

func TestEditorFilesIgnored(t *testing.T) {
	dir, w := site(t, Options{}, "content/a.md", "static/style.css")
	for _, name := range []string{"content/.a.md.swp", "content/4913", "content/a.md~", "content/#a.md#",
		"content/a.md___jb_tmp___", "content/a.md.bak", "content/a.md.tmp", "content/.git/x", "static/.DS_Store"} {
		write(t, dir, name, "temp")
	}
	none(t, w)
}

// TestVimSave follows vim's default save with backupcopy=auto: a test
// file 4913, the old file renamed to a backup, the new one written, the
// backup removed.
func TestVimSave(t *testing.T) {
	dir, w := site(t, Options{}, "content/2023/a.md")
	p := filepath.Join(dir, "content", "2023")
	write(t, dir, "content/2023/4913", "")
	must(t, os.Remove(filepath.Join(p, "4913")))
	must(t, os.Rename(filepath.Join(p, "a.md"), filepath.Join(p, "a.md~")))
	write(t, dir, "content/2023/a.md", "new")
	must(t, os.Remove(filepath.Join(p, "a.md~")))
	want(t, next(t, w), "content/2023/a.md")
	none(t, w)
}

// TestRenameOver follows VS Code's and JetBrains' atomic saves: a temporary
// file renamed over the old one.
func TestRenameOver(t *testing.T) {
	dir, w := site(t, Options{}, "content/a.md", "static/style.css")
	write(t, dir, "content/a.md___jb_tmp___", "new")
	must(t, os.Rename(filepath.Join(dir, "content", "a.md"), filepath.Join(dir, "content", "a.md___jb_old___")))
	must(t, os.Rename(filepath.Join(dir, "content", "a.md___jb_tmp___"), filepath.Join(dir, "content", "a.md")))
	must(t, os.Remove(filepath.Join(dir, "content", "a.md___jb_old___")))
	want(t, next(t, w), "content/a.md")
	write(t, dir, "static/.style.css.tmp", "new")
	must(t, os.Rename(filepath.Join(dir, "static", ".style.css.tmp"), filepath.Join(dir, "static", "style.css")))
	want(t, next(t, w), "static/style.css")
}

func TestNewFolders(t *testing.T) {
	for _, opt := range []Options{{}, {Poll: 20 * time.Millisecond}} {
		t.Run(fmt.Sprintf("poll=%v", opt.Poll), func(t *testing.T) {
			dir, w := site(t, opt, "site.toml")
			// content/ itself is new, and the file is written before
			// anything could watch its folder.
			write(t, dir, "content/2024/new/b.md", "b")
			b := next(t, w)
			if !slices.Contains(b.Paths, "content/2024/new/b.md") {
				t.Fatalf("batch %v misses the new file", b.Paths)
			}
			// The new folder is watched now.
			write(t, dir, "content/2024/new/b.md", "bb")
			want(t, next(t, w), "content/2024/new/b.md")
		})
	}
}

func TestMovedAndRemovedFolders(t *testing.T) {
	dir, w := site(t, Options{}, "content/x/a.md", "content/x/deep/b.md", "content/y/c.md")
	must(t, os.Rename(filepath.Join(dir, "content", "x"), filepath.Join(dir, "content", "z")))
	b := next(t, w)
	for _, p := range []string{"content/x", "content/z/a.md", "content/z/deep/b.md"} {
		if !slices.Contains(b.Paths, p) {
			t.Errorf("batch %v misses %s", b.Paths, p)
		}
	}
	// The moved folders are watched under their new names.
	write(t, dir, "content/z/deep/b.md", "changed")
	want(t, next(t, w), "content/z/deep/b.md")
	must(t, os.RemoveAll(filepath.Join(dir, "content", "y")))
	b = next(t, w)
	if !slices.Contains(b.Paths, "content/y") {
		t.Errorf("batch %v misses content/y", b.Paths)
	}
}

// TestBurst checks that a burst of writes to many files is one batch, or
// very few: none of its files is missing.
func TestBurst(t *testing.T) {
	dir, w := site(t, Options{}, "content/a.md")
	var names []string
	for i := range 100 {
		name := fmt.Sprintf("content/p%03d.md", i%20)
		write(t, dir, name, strings.Repeat("x", i))
		names = append(names, name)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var got []string
	batches := 0
	for len(got) < len(names) {
		b := next(t, w)
		batches++
		got = append(got, b.Paths...)
		slices.Sort(got)
		got = slices.Compact(got)
	}
	if batches > 2 || !slices.Equal(got, names) {
		t.Errorf("%d batches of %v", batches, got)
	}
}

// TestSlowReceiver checks that batches merge while the receiver is busy.
func TestSlowReceiver(t *testing.T) {
	dir, w := site(t, Options{Quiet: 5 * time.Millisecond}, "content/a.md", "content/b.md")
	write(t, dir, "content/a.md", "1")
	time.Sleep(100 * time.Millisecond)
	write(t, dir, "content/b.md", "2")
	time.Sleep(100 * time.Millisecond)
	want(t, next(t, w), "content/a.md", "content/b.md")
}

func TestClose(t *testing.T) {
	_, w := site(t, Options{}, "content/a.md")
	must(t, w.Close())
	must(t, w.Close())
	if _, ok := <-w.Batches(); ok {
		t.Error("Batches still open")
	}
}
