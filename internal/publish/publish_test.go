package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// siblings lists the names beside target other than target itself.
func siblings(t *testing.T, target string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(target))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(target) {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestCommitReplaces(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	for i, page := range []string{"first", "second"} {
		d, err := Create(target, Protect{})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.WriteFile("a/index.html", []byte(page)); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			d.WriteFile("only-first.txt", nil)
		}
		if _, err := os.Stat(filepath.Join(target, "a", "index.html")); i == 0 && err == nil {
			t.Error("the target exists before Commit")
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(target, "a", "index.html")); got != page {
			t.Errorf("build %d: page = %q", i, got)
		}
		if _, err := os.Stat(filepath.Join(target, Marker)); err != nil {
			t.Errorf("no marker: %v", err)
		}
		if s := siblings(t, target); len(s) != 0 {
			t.Errorf("left beside the target: %v", s)
		}
	}
	if _, err := os.Stat(filepath.Join(target, "only-first.txt")); err == nil {
		t.Error("a file of the previous build survived")
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o755 {
		t.Errorf("target mode %v, want 0755 so a web server can read it", info.Mode().Perm())
	}
}

func TestAbortKeepsPrevious(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, _ := Create(target, Protect{})
	d.WriteFile("index.html", []byte("old"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d, _ = Create(target, Protect{})
	d.WriteFile("index.html", []byte("new"))
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(target, "index.html")); got != "old" {
		t.Errorf("after abort: %q", got)
	}
	if s := siblings(t, target); len(s) != 0 {
		t.Errorf("left beside the target: %v", s)
	}
	if err := d.WriteFile("x", nil); err == nil {
		t.Error("write after abort succeeded")
	}
	if err := d.Commit(); err == nil {
		t.Error("commit after abort succeeded")
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	target := filepath.Join(t.TempDir(), "docs")
	write(t, filepath.Join(target, "thesis.docx"), "years of work")
	if _, err := Create(target, Protect{}); err == nil || !strings.Contains(err.Error(), Marker) {
		t.Errorf("non-empty folder without marker: err = %v", err)
	}
	if got := read(t, filepath.Join(target, "thesis.docx")); got != "years of work" {
		t.Error("the folder was touched")
	}
	empty := filepath.Join(t.TempDir(), "empty")
	os.Mkdir(empty, 0o755)
	if d, err := Create(empty, Protect{}); err != nil {
		t.Errorf("empty folder refused: %v", err)
	} else {
		d.Abort()
	}
	file := filepath.Join(t.TempDir(), "file")
	write(t, file, "x")
	if _, err := Create(file, Protect{}); err == nil {
		t.Error("a file accepted as output folder")
	}
}

func TestRefusesProtected(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	content := filepath.Join(site, "content")
	os.MkdirAll(content, 0o755)
	link := filepath.Join(root, "link")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	p := Protect{Keep: []string{site}, Inputs: []string{content, filepath.Join(site, "static")}}
	for _, target := range []string{
		site, content, root, "/", filepath.Join(content, "out"), filepath.Join(site, "static", "x"),
		link, filepath.Join(link, "content"), filepath.Join(site, "content", "..", "content"),
	} {
		if err := Refuse(target, p); err == nil {
			t.Errorf("Refuse(%s) = nil, want an error", target)
		}
	}
	for _, target := range []string{filepath.Join(site, "public"), filepath.Join(root, "out"), filepath.Join(link, "public")} {
		if err := Refuse(target, p); err != nil {
			t.Errorf("Refuse(%s) = %v", target, err)
		}
	}
}

func TestSymlinkedTarget(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "releases", "site")
	d, _ := Create(real, Protect{})
	d.WriteFile("index.html", []byte("v1"))
	d.Commit()
	link := filepath.Join(root, "www")
	os.Symlink(real, link)
	d, err := Create(link, Protect{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("v2"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v", err)
	}
	if got := read(t, filepath.Join(link, "index.html")); got != "v2" {
		t.Errorf("through the link: %q", got)
	}
}

func TestInvalidNames(t *testing.T) {
	d, _ := Create(filepath.Join(t.TempDir(), "out"), Protect{})
	defer d.Abort()
	for _, name := range []string{"../x", "/etc/passwd", "a/../../x", "", ".", `a\..\x`} {
		if err := d.WriteFile(name, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", name)
		}
	}
	m := Memory{}
	if err := m.WriteFile("../x", nil); err == nil {
		t.Error("Memory accepted ../x")
	}
	m.WriteFile("b", []byte("2"))
	m.WriteFile("a", []byte("1"))
	if got := strings.Join(m.Names(), ","); got != "a,b" {
		t.Errorf("Names = %s", got)
	}
}

func TestLeftoversRemoved(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "public")
	mk := func(name string, marker bool) {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if marker {
			os.WriteFile(filepath.Join(dir, Marker), nil, 0o644)
		}
	}
	mk(".public.tmp-123", true)
	mk(".public.old-456", false) // killed while being removed: marker gone
	mk(".public.tmp-keep", true) // not a name Dir makes
	mk(".other.tmp-1", true)
	mk("public-notes", false)
	d, err := Create(target, Protect{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("x"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{".other.tmp-1", ".public.tmp-keep", "public", "public-notes"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after a build: %v, want %v", got, want)
	}
}

// TestStream writes files in pieces, at once from many goroutines, to a
// Dir (which streams them) and to a Memory (which gets them whole on
// Close); both end with the same files, and a name taken twice is refused
// by the Dir.
func TestStream(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, err := Create(target, Protect{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	mem := Memory{}
	var mu sync.Mutex // a Memory takes one write at a time
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 50 {
		wg.Go(func() {
			name := fmt.Sprintf("d%d/sub/f%d.txt", i%5, i)
			for _, out := range []Output{d, mem} {
				if _, ok := out.(Memory); ok {
					mu.Lock()
					defer mu.Unlock()
				}
				f, err := Stream(out, name)
				if err != nil {
					errs <- err
					return
				}
				for j := range 3 {
					fmt.Fprintf(f, "%s part %d\n", name, j)
				}
				if err := f.Close(); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, err := d.Create("d0/sub/f0.txt"); err == nil {
		t.Error("Create of an existing file succeeded")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(mem) != 50 {
		t.Errorf("memory has %d files, want 50", len(mem))
	}
	for name, data := range mem {
		want := fmt.Sprintf("%[1]s part 0\n%[1]s part 1\n%[1]s part 2\n", name)
		if string(data) != want {
			t.Errorf("memory %s = %q, want %q", name, data, want)
		}
		if got := read(t, filepath.Join(target, filepath.FromSlash(name))); got != want {
			t.Errorf("folder %s = %q, want %q", name, got, want)
		}
	}
	if _, err := d.Create("late.txt"); err == nil {
		t.Error("Create after Commit succeeded")
	}
}

// firstBuild starts a build into a new target and writes a file of it.
func firstBuild(t *testing.T) (target string, first *Dir) {
	t.Helper()
	target = filepath.Join(t.TempDir(), "public")
	first, err := Create(target, Protect{})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.WriteFile("early/index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	return target, first
}

// TestSecondBuildRefused: a build into a target that another build is
// still writing is refused, and leaves the first one's folder alone; once
// the first has committed, or aborted, the next may start, and nothing is
// left beside the target.
func TestSecondBuildRefused(t *testing.T) {
	target, first := firstBuild(t)
	second, err := Create(target, Protect{})
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), target) {
		t.Fatalf("a second build while the first writes: error %v, want ErrBusy naming the target", err)
	}
	if second != nil {
		t.Error("a refused build returned a Dir")
	}
	if _, err := os.Stat(first.Temp()); err != nil {
		t.Fatalf("the refused build removed the first one's folder: %v", err)
	}
	if err := first.WriteFile("late/index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(target, "late/index.html")); got != "first" {
		t.Errorf("published %q", got)
	}
	third, err := Create(target, Protect{})
	if err != nil {
		t.Fatalf("a build after the first committed: %v", err)
	}
	if err := third.Abort(); err != nil {
		t.Fatal(err)
	}
	fourth, err := Create(target, Protect{})
	if err != nil {
		t.Fatalf("a build after one aborted: %v", err)
	}
	if err := fourth.Abort(); err != nil {
		t.Fatal(err)
	}
	if s := siblings(t, target); len(s) != 0 {
		t.Errorf("left beside the target: %v", s)
	}
}

// TestTempRemovedWhileWriting: where the system gives no lock, a second
// build into a target that another is still writing removes that one's
// temporary folder, taking it for a killed build's leftovers. The first
// build then fails, on its next write into a new folder and on Commit,
// rather than publishing the part of its folder that it writes after that.
func TestTempRemovedWhileWriting(t *testing.T) {
	target, first := firstBuild(t)
	if _, err := Leftovers(target); err != nil { // what a second build without the lock does
		t.Fatal(err)
	}
	if _, err := os.Stat(first.Temp()); err == nil {
		t.Fatal("Leftovers left the first one's folder: the test tells nothing")
	}
	for _, name := range []string{"late/index.html", "root.txt"} {
		if err := first.WriteFile(name, []byte("first")); err == nil || !strings.Contains(err.Error(), "another build") {
			t.Errorf("the first build wrote %s into a removed folder: error %v", name, err)
		}
	}
	// Had a write made the folder again, Commit would still refuse it.
	if err := os.MkdirAll(filepath.Join(first.Temp(), "late"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err == nil || !strings.Contains(err.Error(), "another build") {
		t.Errorf("the first build committed a folder that was removed: error %v", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("a target was published")
	}
	if s := siblings(t, target); len(s) != 0 {
		t.Errorf("left beside the target: %v", s)
	}
}

// lockableTarget returns a new target, skipping the test where the system
// has no flock.
func lockableTarget(t *testing.T) string {
	t.Helper()
	if !canLock {
		t.Skip("no flock here")
	}
	return filepath.Join(t.TempDir(), "public")
}

// TestLockOneHolder takes and lets go of a target's lock from many
// goroutines at once: never two hold it, however the removal of its file
// by one falls between another's opening it and locking it.
func TestLockOneHolder(t *testing.T) {
	target := lockableTarget(t)
	var holders, most, taken atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 3000 {
				l, err := lockTarget(target)
				if errors.Is(err, ErrBusy) {
					continue
				}
				if err != nil || l == nil {
					t.Errorf("lockTarget: %v, %v", l, err)
					return
				}
				taken.Add(1)
				n := holders.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				holders.Add(-1)
				l.release()
			}
		})
	}
	wg.Wait()
	if m := most.Load(); m != 1 {
		t.Errorf("%d held the lock at once (of %d taken)", m, taken.Load())
	}
	if s := siblings(t, target); len(s) != 0 {
		t.Errorf("left beside the target: %v", s)
	}
}

// TestLockFileRefused: a lock file that cannot be opened — here a
// symbolic link in its place, which is never followed — stops the build
// with an error naming it, and nothing is written.
func TestLockFileRefused(t *testing.T) {
	target := lockableTarget(t)
	name := filepath.Join(filepath.Dir(target), ".public.jixiao-lock")
	elsewhere := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Symlink(elsewhere, name); err != nil {
		t.Fatal(err)
	}
	d, err := Create(target, Protect{})
	if err == nil {
		d.Abort()
		t.Fatal("a build took a lock through a symbolic link")
	}
	if !strings.Contains(err.Error(), "[output folder lock]") || !strings.Contains(err.Error(), name) {
		t.Errorf("error %v, want one about the lock naming %s", err, name)
	}
	if s := siblings(t, target); len(s) != 1 {
		t.Errorf("beside the target: %v, want the link alone", s)
	}
	if _, err := os.Lstat(elsewhere); err == nil {
		t.Error("the link was followed: its target was made")
	}
}
