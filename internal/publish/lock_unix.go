//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package publish

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

const canLock = true

// openLock opens the lock file name, making it if need be, without
// following a symbolic link. It opens it for writing where it may (NFS
// locks only such files), else for reading.
func openLock(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if errors.Is(err, fs.ErrPermission) {
		f, err = os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	}
	return f, err
}

// lockFile takes the exclusive lock of f without waiting: errLocked if
// another open file holds it, another error if the system gives no lock.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}
