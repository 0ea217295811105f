package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrBusy is the error of Create while another build writes to the same
// target.
var ErrBusy = errors.New("另一次构建正在写入同一输出文件夹，请等它结束后再试 [another build is writing to the same output folder; try again when it has finished]")

// A lock is held by one Dir at a time for its target, from Create to
// Commit or Abort. Without it, a second build would take the first's
// temporary folder for what a killed build left, and remove it.
//
// It is an open file ".<target>.jixiao-lock" beside the target, locked
// with flock; the system unlocks it when the file is closed, also when
// the process is killed. The holder removes the file before it unlocks,
// so that nothing is left beside the site; whoever locked the file
// meanwhile finds that the name no longer leads to it, and tries again.
type lock struct {
	f    *os.File
	name string
}

// lockTarget takes the lock of target. It returns ErrBusy, naming target,
// if another holds it, and a nil lock where the system has none to give
// (no flock, or a file system that refuses it), as builds were before
// there was a lock: Commit's checks still keep a build whose folder was
// removed from publishing.
func lockTarget(target string) (*lock, error) {
	if !canLock {
		return nil, nil
	}
	name := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".jixiao-lock")
	for range 100 {
		f, err := openLock(name)
		if err != nil {
			return nil, lockErr(err)
		}
		err = lockFile(f)
		if err != nil && !errors.Is(err, errLocked) {
			f.Close() // no lock here; the file may be another's, and stays
			return nil, nil
		}
		// A file the name no longer leads to was removed by a holder
		// that has let go, or is letting go, of it.
		named, serr := sameFile(f, name)
		switch {
		case serr != nil:
			f.Close()
			return nil, lockErr(serr)
		case named && err == nil:
			return &lock{f: f, name: name}, nil
		case named:
			f.Close()
			return nil, fmt.Errorf("%s: %w", target, ErrBusy)
		}
		f.Close()
	}
	return nil, fmt.Errorf("%s: %w", target, ErrBusy)
}

// lockErr is the error of the lock's file, which names it.
func lockErr(err error) error {
	return fmt.Errorf("输出文件夹的锁 [output folder lock]: %w", err)
}

// sameFile reports whether name leads to the open file f: false if name
// is gone.
func sameFile(f *os.File, name string) (bool, error) {
	held, err := f.Stat()
	if err != nil {
		return false, err
	}
	named, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(held, named), nil
}

// release removes the lock's file and unlocks it. A nil lock does nothing.
func (l *lock) release() {
	if l == nil {
		return
	}
	os.Remove(l.name)
	l.f.Close()
}

// errLocked is the error of lockFile when another holds the lock.
var errLocked = errors.New("locked")
