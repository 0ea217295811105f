//go:build unix

package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// publishSite writes files into target with a Dir, after hook, and
// commits, or aborts when commit is false.
func publishSite(t *testing.T, target string, files map[string]string, commit bool, hook func(*Dir)) {
	t.Helper()
	d, err := Create(target, Protect{})
	if err != nil {
		t.Fatal(err)
	}
	if hook != nil {
		hook(d)
	}
	for name, data := range files {
		if err := d.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if !commit {
		if err := d.Abort(); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

func lstat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// TestUnchangedFilesLinked: a file that the previous site holds byte for
// byte is that very file in the new site, modification time and all; any
// other is written anew: one whose bytes differ (of the same size, shorter,
// longer), one whose mode or group was changed, one with another name too,
// a pipe, one reached through a symbolic link, in the file's name or a
// folder's — even where link(2) follows a symbolic link, as on BSD. An
// aborted build leaves the previous site as it was.
func TestUnchangedFilesLinked(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	outside := t.TempDir()
	publishSite(t, target, map[string]string{
		"a/index.html": "same", "empty": "", "changed": "old", "shorter": "ab", "longer": "abcd",
		"mode": "m", "twice": "t", "group": "g",
	}, true, nil)
	at := func(name string) string { return filepath.Join(target, name) }
	if err := os.Chmod(at("mode"), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		if err := os.Chown(at("group"), 0, 12345); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("not root: the file of another group is the building user's")
	}
	if err := syscall.Mkfifo(at("pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(at("twice"), filepath.Join(outside, "twice")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(outside, "dir", "index.html"), "through a folder")
	write(t, at("elsewhere"), "elsewhere")
	for link, to := range map[string]string{"dir": filepath.Join(outside, "dir"), "symlink": "elsewhere"} {
		if err := os.Symlink(to, at(link)); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]os.FileInfo{}
	for _, name := range []string{"a/index.html", "empty", "changed", "shorter", "longer", "mode", "twice", "group", "pipe"} {
		before[name] = lstat(t, at(name))
	}
	before["dir/index.html"] = lstat(t, filepath.Join(outside, "dir", "index.html"))
	before["symlink"] = lstat(t, at("elsewhere"))

	files := map[string]string{
		"a/index.html": "same", "empty": "", "changed": "new", "shorter": "abc", "longer": "abc",
		"mode": "m", "twice": "t", "group": "g", "pipe": "",
		"dir/index.html": "through a folder", "symlink": "elsewhere",
	}
	publishSite(t, target, files, true, func(d *Dir) {
		d.prev.link = func(oldname, newname string) error {
			if real, err := filepath.EvalSymlinks(oldname); err == nil {
				oldname = real // as link(2) does on BSD
			}
			return os.Link(oldname, newname)
		}
	})
	for name, data := range files {
		info := lstat(t, at(name))
		want := name == "a/index.html" || name == "empty" || name == "group" && os.Getuid() != 0
		if linked := os.SameFile(before[name], info); linked != want {
			t.Errorf("%s: linked = %v", name, linked)
		}
		if !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 || read(t, at(name)) != data {
			t.Errorf("%s: %v holding %q, want a file of mode 0644 holding %q", name, info.Mode(), read(t, at(name)), data)
		}
	}
	if !lstat(t, at("a/index.html")).ModTime().Equal(before["a/index.html"].ModTime()) {
		t.Error("the unchanged file has a new modification time")
	}

	kept := lstat(t, at("a/index.html"))
	publishSite(t, target, map[string]string{"a/index.html": "same", "changed": "newer"}, false, nil)
	if !os.SameFile(kept, lstat(t, at("a/index.html"))) || read(t, at("changed")) != "new" {
		t.Error("an aborted build changed the previous site")
	}
	if s := siblings(t, target); len(s) != 0 {
		t.Errorf("left beside the target: %v", s)
	}
}

// TestLinkFallsBack: where a link fails, the file is written and no more
// links are tried; where it names another file than the one compared (the
// site changed meanwhile), that link is removed and the file written; a
// link that fails because the name exists (which O_EXCL then reports)
// does not turn linking off.
func TestLinkFallsBack(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"a": "1", "b": "2", "c": "3"}
	publishSite(t, target, files, true, nil)
	other := filepath.Join(t.TempDir(), "other")
	write(t, other, "9")

	for _, tt := range []struct {
		name  string
		link  func(oldname, newname string) error
		calls int  // want, of link
		off   bool // want linking turned off
	}{
		{"no links here", func(string, string) error { return errors.New("operation not supported") }, 1, true},
		{"another file", func(_, newname string) error { return os.Link(other, newname) }, 3, false},
		{"exists", func(string, string) error { return fs.ErrExist }, 3, false},
		{"old file gone", func(string, string) error { return fs.ErrNotExist }, 3, false},
	} {
		calls := 0
		var d *Dir
		publishSite(t, target, files, true, func(dir *Dir) {
			d = dir
			link := tt.link
			d.prev.link = func(oldname, newname string) error { calls++; return link(oldname, newname) }
		})
		if calls != tt.calls || d.prev.off.Load() != tt.off {
			t.Errorf("%s: %d links tried, linking off %v; want %d, %v", tt.name, calls, d.prev.off.Load(), tt.calls, tt.off)
		}
		for name, data := range files {
			if got := read(t, filepath.Join(target, name)); got != data {
				t.Errorf("%s: %s holds %q, want %q", tt.name, name, got, data)
			}
		}
	}
}

// TestLinkingLeaksNothing: builds that commit and builds that abort, over a
// previous site, leave no file open.
func TestLinkingLeaksNothing(t *testing.T) {
	fds := func() int {
		entries, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip("no /proc/self/fd:", err)
		}
		return len(entries)
	}
	target := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"a": "1", "b/c": "2"}
	publishSite(t, target, files, true, nil)
	before := fds()
	for i := range 10 {
		publishSite(t, target, files, i%2 == 0, nil)
	}
	if after := fds(); after != before {
		t.Errorf("%d files open after 10 builds, %d before", after, before)
	}
}
