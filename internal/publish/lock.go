package publish

import (
	"errors"
	"fmt"
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
// It is an open file ".<target>.lock" beside the target, locked with flock
// on Unix; the system unlocks it when the file is closed, also when the
// process is killed. The holder removes the file before it unlocks, so
// that nothing is left beside the site; whoever locked the file meanwhile
// finds that the name no longer leads to it, and tries again.
type lock struct {
	f    *os.File
	name string
}

// lockTarget takes the lock of target. It returns ErrBusy, naming target,
// if another holds it, and a nil lock where the system has none to give.
func lockTarget(target string) (*lock, error) {
	name := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
	for range 100 {
		f, err := os.OpenFile(name, os.O_RDONLY|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		switch err := lockFile(f); {
		case errors.Is(err, errLocked):
			f.Close()
			return nil, fmt.Errorf("%s: %w", target, ErrBusy)
		case err != nil:
			f.Close()
			os.Remove(name)
			return nil, nil
		}
		held, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if named, err := os.Stat(name); err == nil && os.SameFile(held, named) {
			return &lock{f: f, name: name}, nil
		}
		f.Close() // removed by the holder before: try again
	}
	return nil, fmt.Errorf("%s: %w", target, ErrBusy)
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
