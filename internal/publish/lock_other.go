//go:build !unix

package publish

import (
	"errors"
	"os"
)

// lockFile gives no lock where there is no flock: two builds into one
// output then rely on Commit's checks alone.
func lockFile(*os.File) error { return errors.ErrUnsupported }
