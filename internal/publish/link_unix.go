//go:build unix

package publish

import (
	"io/fs"
	"os"
	"syscall"
)

const canLink = true

// openForCompare opens a file of the previous site: not through a
// symbolic link, and without waiting on a pipe.
const openForCompare = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// soleOwned reports whether the file is the building user's and has no
// other name.
func soleOwned(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid() && st.Nlink == 1
}
