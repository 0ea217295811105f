package publish

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// previous is the site that a Dir replaces. A file of it that holds, byte
// for byte, what the Dir is asked to write is linked (a hard link) into
// the new folder rather than written again: a rebuild creates no file for
// what has not changed, and an unchanged file keeps its modification time,
// so that caches and copies to a server can tell that it has not changed.
//
// Only a file like those Dir makes is linked: a regular file (not a
// symbolic link, a pipe or a device), with the mode, user and group of the
// marker that Dir has just written, with no other name, found without
// leaving the site — and only if, once linked, the new name is the very
// file that was compared. Anything else is written as usual; so is every
// file where the system has no hard links.
type previous struct {
	dir    string      // the target
	root   *os.Root    // on dir: no lookup leaves the site
	marker fs.FileInfo // of the new folder's marker, which Dir wrote
	off    atomic.Bool // a link failed: write every file
	// link is os.Link; tests replace it.
	link func(oldname, newname string) error
}

// openPrevious returns the site in target that a Dir whose new marker is
// marker may link from, or nil when target holds none.
func openPrevious(target string, marker fs.FileInfo) *previous {
	if !canLink {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(target, Marker)); err != nil {
		return nil
	}
	root, err := os.OpenRoot(target)
	if err != nil {
		return nil
	}
	return &previous{dir: target, root: root, marker: marker, link: os.Link}
}

func (p *previous) close() {
	if p != nil {
		p.root.Close()
	}
}

// linkTo links path, a new file of the Dir, to the previous site's file
// name if that holds data, and reports whether it did.
func (p *previous) linkTo(path, name string, data []byte) bool {
	if p == nil || p.off.Load() {
		return false
	}
	// What the name is, before anything is opened: Root would follow a
	// symbolic link within the site, and opening a pipe or a device may
	// do something.
	name = filepath.FromSlash(name)
	found, err := p.root.Lstat(name)
	if err != nil || !p.alike(found) || found.Size() != int64(len(data)) {
		return false
	}
	f, err := p.root.OpenFile(name, openForCompare, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !os.SameFile(info, found) || !p.alike(info) || !holds(f, data) {
		return false
	}
	if err := p.link(filepath.Join(p.dir, name), path); err != nil {
		// A name taken, or a file gone as another build committed, is
		// this file's trouble; anything else turns linking off.
		if !errors.Is(err, fs.ErrExist) && !errors.Is(err, fs.ErrNotExist) {
			p.off.Store(true)
		}
		return false
	}
	// The name may have been given to another file since it was opened.
	if got, err := os.Lstat(path); err != nil || !os.SameFile(got, info) {
		os.Remove(path)
		return false
	}
	return true
}

// alike reports whether info is that of a file like the marker: regular,
// of its mode, user and group, with one name.
func (p *previous) alike(info fs.FileInfo) bool {
	return info.Mode() == p.marker.Mode() && ownedAlike(info, p.marker)
}

// compareBuffers hold what holds reads.
var compareBuffers = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// holds reports whether what is left to read of f is data.
func holds(f io.Reader, data []byte) bool {
	buf := compareBuffers.Get().(*[32 << 10]byte)
	defer compareBuffers.Put(buf)
	for {
		n, err := f.Read(buf[:])
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err == io.EOF {
			return len(data) == 0
		}
		if err != nil {
			return false
		}
	}
}
