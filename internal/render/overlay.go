package render

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// Layer is one file system of an Overlay, named for messages: "站点" (the
// site's own files) or "内置" (built-in).
type Layer struct {
	Name string
	FS   fs.FS
}

// Overlay is a file system made of layers: a file is read from the first
// layer that has it, and a folder lists the files of all layers. A site's
// layouts/ and static/ are laid over the built-in ones this way, so that a
// site overrides a built-in file by having one of the same name.
type Overlay []Layer

// Open opens name from the first layer that has it.
func (o Overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var first error
	for _, l := range o {
		f, err := l.FS.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	if first == nil {
		first = fs.ErrNotExist
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: first}
}

// ReadDir lists the union of the folder's entries in all layers, sorted by
// name; an entry comes from the first layer that has it.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	seen := map[string]bool{}
	found := false
	for _, l := range o {
		entries, err := fs.ReadDir(l.FS, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// Origin names the layer that name is read from, or "" when none has it.
func (o Overlay) Origin(name string) string {
	for _, l := range o {
		if _, err := fs.Stat(l.FS, name); err == nil {
			return l.Name
		}
	}
	return ""
}

// Files lists the files under dir in all layers, sorted, each once,
// leaving out hidden files and folders (".DS_Store", ".git") and editors'
// backups ("style.css~").
func (o Overlay) Files(dir string) ([]string, error) {
	var names []string
	err := fs.WalkDir(o, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if name != dir && (strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(d.Name(), "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			names = append(names, name)
		}
		return nil
	})
	return names, err
}
