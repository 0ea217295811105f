//go:build unix

package publish

import (
	"io/fs"
	"os"
	"syscall"
)

const canLink = true

// openForCompare opens a file of the previous site without waiting on a
// pipe, should one take the place of the file after it was looked at.
const openForCompare = os.O_RDONLY | syscall.O_NONBLOCK

// ownedAlike reports whether the file info has the user and group of the
// file marker, and no other name.
func ownedAlike(info, marker fs.FileInfo) bool {
	a, ok := info.Sys().(*syscall.Stat_t)
	b, ok2 := marker.Sys().(*syscall.Stat_t)
	return ok && ok2 && a.Uid == b.Uid && a.Gid == b.Gid && a.Nlink == 1
}
