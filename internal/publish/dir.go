package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Marker is the file that Dir writes at the root of every output folder.
// A folder that has it was written by jixiao and may be replaced; an
// existing folder without it is refused unless empty, so that a mistyped
// -o never destroys somebody's files.
const Marker = ".jixiao-output"

const markerText = "此文件夹由 jixiao build 生成，每次构建都会整体替换。\n" +
	"This folder is written by jixiao build and replaced as a whole by every build.\n"

// Dir is an Output that writes into a fresh temporary folder beside its
// target (same parent, named ".<target>.tmp-*"). Commit swaps it in; Abort
// removes it. Until Commit, the target is untouched. A file that the site
// in the target holds already is linked from there rather than written
// again (see previous). One Dir at a time writes to a target (lockTarget).
type Dir struct {
	target string // absolute, symlinks resolved
	tmp    string
	prev   *previous // the site in target, nil if none
	lock   *lock     // nil where the system gives no lock

	// mu is held for reading by every WriteFile, which may run at once,
	// and for writing by Commit and Abort.
	mu   sync.RWMutex
	done bool     // committed or aborted
	dirs sync.Map // folders of tmp that a Mkdir found there already → struct{}
}

// Create prepares to replace the folder target. It refuses a target that
// Refuse refuses, and an existing target that is not a folder, or is a
// non-empty folder without Marker. While another Dir, of this process or
// another, writes to target, it returns ErrBusy.
func Create(target string, p Protect) (*Dir, error) {
	real, err := Resolve(target)
	if err != nil {
		return nil, err
	}
	if err := Refuse(real, p); err != nil {
		return nil, err
	}
	if err := replaceable(real); err != nil {
		return nil, err
	}
	parent := filepath.Dir(real)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	held, err := lockTarget(real)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Dir, error) {
		held.release()
		return nil, err
	}
	if _, err := Leftovers(real); err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(real)+".tmp-")
	if err != nil {
		return fail(err)
	}
	// MkdirTemp makes 0700 folders; a web server needs to read the site.
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fail(err)
	}
	d := &Dir{target: real, tmp: tmp, lock: held}
	if err := d.WriteFile(Marker, []byte(markerText)); err != nil {
		d.Abort()
		return nil, err
	}
	// The marker is written, not linked: the previous site is opened only
	// now, to link files like it.
	if info, err := os.Lstat(filepath.Join(tmp, Marker)); err == nil {
		d.prev = openPrevious(real, info)
	}
	return d, nil
}

// Target is the folder that Commit replaces: absolute, symlinks resolved.
func (d *Dir) Target() string { return d.target }

// Temp is the folder being written.
func (d *Dir) Temp() string { return d.tmp }

// WriteFile writes a file into the temporary folder, making its folders,
// or links it from the target's site if that holds data under name. It is
// safe for concurrent use.
func (d *Dir) WriteFile(name string, data []byte) error {
	f, linked, err := d.createUnlessLinked(name, data, true)
	if err != nil || linked {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		// A full disk may only show at Close.
		err = cerr
	}
	return err
}

// Create starts a new file in the temporary folder, making its folders;
// it is written when Close returns nil. It is safe for concurrent use;
// the file must be closed before Commit.
func (d *Dir) Create(name string) (io.WriteCloser, error) {
	f, _, err := d.createUnlessLinked(name, nil, false)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// createUnlessLinked creates the file name, or, if link is set and the
// target's site holds data under name, links it from there and reports
// that it did.
func (d *Dir) createUnlessLinked(name string, data []byte, link bool) (f *os.File, linked bool, err error) {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return nil, false, fmt.Errorf("publish: invalid file name %q", name)
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.done {
		return nil, false, errors.New("publish: write after commit or abort")
	}
	path := filepath.Join(d.tmp, filepath.FromSlash(name))
	if dir := filepath.Dir(path); dir != d.tmp {
		if err := d.mkdir(dir); err != nil {
			return nil, false, err
		}
	}
	if link && d.prev.linkTo(path, name, data) {
		return nil, true, nil
	}
	f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) && d.tmpGone() {
		return nil, false, d.gone()
	}
	return f, false, err
}

// mkdir makes sure that the folder dir exists. A folder is remembered
// only once a second file goes into it: most folders of a site hold one
// page, and remembering each would cost memory for every project while
// saving nothing.
func (d *Dir) mkdir(dir string) error {
	if _, ok := d.dirs.Load(dir); ok {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		d.dirs.Store(dir, struct{}{})
		return nil
	case errors.Is(err, fs.ErrNotExist):
		if d.tmpGone() {
			return d.gone()
		}
		return os.MkdirAll(dir, 0o755)
	}
	return err
}

// tmpGone reports whether the temporary folder was removed: by another
// build into the same target, which removes what it takes for the
// leftovers of killed builds (Leftovers).
func (d *Dir) tmpGone() bool {
	_, err := os.Lstat(d.tmp)
	return err != nil
}

// gone is the error of a write or a commit whose temporary folder was
// removed (tmpGone).
func (d *Dir) gone() error {
	return fmt.Errorf("publish: 临时文件夹 %s 已被删除，是否有另一次构建在写同一输出文件夹？"+
		"[the temporary folder was removed: is another build writing to the same output?]", d.tmp)
}

// Commit replaces the target with the written folder. Where the file
// system can exchange two folders in one step (Linux), the target never
// stops existing: a reader, or a kill at any moment, sees the old site or
// the new one, whole. Elsewhere the old target is renamed aside and the new
// folder renamed into place, and the old one put back if that fails. The
// old site is removed last.
func (d *Dir) Commit() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return errors.New("publish: commit after commit or abort")
	}
	d.done = true
	d.prev.close()
	defer d.lock.release() // last: the old site is removed under the lock
	// A folder without its marker was removed, and perhaps made again in
	// part, while it was written: it must not replace the site.
	if _, err := os.Lstat(filepath.Join(d.tmp, Marker)); err != nil {
		os.RemoveAll(d.tmp)
		if errors.Is(err, fs.ErrNotExist) {
			return d.gone()
		}
		return err
	}
	if _, err := os.Lstat(d.target); err == nil {
		// Check again: the folder may have changed since Create.
		if err := replaceable(d.target); err != nil {
			os.RemoveAll(d.tmp)
			return err
		}
		ok, err := exchange(d.tmp, d.target)
		if err != nil {
			os.RemoveAll(d.tmp)
			return err
		}
		if ok {
			// d.tmp now holds the old site.
			return removeOld(d.tmp)
		}
	}
	old := ""
	if _, err := os.Lstat(d.target); err == nil {
		if old, err = aside(d.target); err != nil {
			os.RemoveAll(d.tmp)
			return err
		}
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		if old != "" {
			if rerr := os.Rename(old, d.target); rerr != nil {
				err = fmt.Errorf("%w; the previous site is left at %s: %v", err, old, rerr)
			}
		}
		os.RemoveAll(d.tmp)
		return err
	}
	if old != "" {
		return removeOld(old)
	}
	return nil
}

func removeOld(old string) error {
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("publish: the new site is in place but the old one could not be removed: %w", err)
	}
	return nil
}

// Leftovers removes what builds that were killed left beside target: the
// folders ".<target>.tmp-N" and ".<target>.old-N" (N the digits that
// os.MkdirTemp adds), which only Dir creates. Their Marker is not required:
// a build killed while removing one may already have removed it. It
// returns the folders it removed. Create calls it holding the target's
// lock, so that no folder of a running build is taken for a leftover.
func Leftovers(target string) ([]string, error) {
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !leftover(name, base) {
			continue
		}
		path := filepath.Join(parent, name)
		if err := os.RemoveAll(path); err != nil {
			return removed, err
		}
		removed = append(removed, path)
	}
	return removed, nil
}

// aside renames the target to a new name ".<target>.old-*" beside it.
func aside(target string) (string, error) {
	old, err := os.MkdirTemp(filepath.Dir(target), "."+filepath.Base(target)+".old-")
	if err != nil {
		return "", err
	}
	// Only the unique name is wanted: free it for the rename.
	if err := os.Remove(old); err != nil {
		return "", err
	}
	return old, os.Rename(target, old)
}

// Abort removes the temporary folder; the target stays as it was. It is a
// no-op after Commit, so `defer d.Abort()` is safe.
func (d *Dir) Abort() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return nil
	}
	d.done = true
	d.prev.close()
	defer d.lock.release()
	return os.RemoveAll(d.tmp)
}

func leftover(name, base string) bool {
	for _, kind := range []string{".tmp-", ".old-"} {
		if n, ok := strings.CutPrefix(name, "."+base+kind); ok {
			return n != "" && strings.Trim(n, "0123456789") == ""
		}
	}
	return false
}

// replaceable reports why an existing target may not be replaced.
func replaceable(target string) error {
	info, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("输出位置 %s 已存在且不是文件夹 [output exists and is not a folder]", target)
	}
	if _, err := os.Lstat(filepath.Join(target, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("输出文件夹 %s 不是 jixiao 生成的（没有 %s 文件）且不为空，不会覆盖；请换一个文件夹或先清空它 "+
			"[output folder is not empty and was not written by jixiao]", target, Marker)
	}
	return nil
}
