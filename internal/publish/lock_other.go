//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd)

package publish

import (
	"errors"
	"os"
)

// canLock is false where Go gives no flock: two builds into one output
// then rely on Commit's checks alone.
const canLock = false

func openLock(string) (*os.File, error) { return nil, errors.ErrUnsupported }
func lockFile(*os.File) error           { return errors.ErrUnsupported }
