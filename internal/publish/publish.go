// Package publish is the last stage of the pipeline (load → check → plan →
// render → write): it puts the files of a built site somewhere. A build
// writes to an Output; Memory keeps the files in memory (for tests and the
// dev server), Dir writes a fresh folder beside the target and swaps it in
// only when the whole build has succeeded, so that a failed build leaves
// the previous site exactly as it was.
package publish

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
)

// Output receives the files of a build. name is a slash-separated path
// relative to the site's root, such as "2023/a/index.html"; it is valid in
// the sense of fs.ValidPath.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Memory is an Output that keeps the files in a map, by name. It is not
// safe for concurrent writes.
type Memory map[string][]byte

// WriteFile stores a copy of data under name.
func (m Memory) WriteFile(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("publish: invalid file name %q", name)
	}
	m[name] = slices.Clone(data)
	return nil
}

// Names returns the names of the files, sorted.
func (m Memory) Names() []string {
	return slices.Sorted(maps.Keys(m))
}

// Creator is an Output that can also stream a file as it is made, so that
// a large file need not be held in memory whole. Dir is one.
type Creator interface {
	Output
	// Create starts the new file name; it is complete when Close returns nil.
	Create(name string) (io.WriteCloser, error)
}

// Stream starts the file name of out: through out.Create when out is a
// Creator, otherwise into memory and then out.WriteFile on Close.
func Stream(out Output, name string) (io.WriteCloser, error) {
	if c, ok := out.(Creator); ok {
		return c.Create(name)
	}
	return &buffered{out: out, name: name}, nil
}

type buffered struct {
	bytes.Buffer
	out  Output
	name string
}

func (b *buffered) Close() error { return b.out.WriteFile(b.name, b.Bytes()) }
