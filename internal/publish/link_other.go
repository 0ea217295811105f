//go:build !unix

package publish

import (
	"io/fs"
	"os"
)

// canLink is false where who owns a file and how many names it has are
// not at hand: every file is written.
const canLink = false

const openForCompare = os.O_RDONLY

func ownedAlike(info, marker fs.FileInfo) bool { return false }
