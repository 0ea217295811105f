//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"
)

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
