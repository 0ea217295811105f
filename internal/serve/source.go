package serve

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"jixiao/internal/check"
	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/parallel"
	"jixiao/internal/project"
)

// source is the site as last read from disk: site.toml and every project
// file, each with its diagnostics, kept so that an edit re-reads and
// re-checks one file. Only the server's rebuild goroutine uses it.
type source struct {
	root        *os.Root
	fsys        fs.FS // root.FS()
	config      *config.Site
	configDiags []diag.Diagnostic
	listDiags   []diag.Diagnostic // of listing content/
	siteDiags   []diag.Diagnostic // of the site-wide rules
	files       map[string]*file  // by path, "content/2023/a.md"
	names       []string          // the keys of files, sorted; nil when to be sorted again
}

// file is one project file.
type file struct {
	project *project.Project // nil when the file could not be read
	load    []diag.Diagnostic
	check   []diag.Diagnostic // of the per-project rules
}

// readAll reads site.toml and every project file, on every processor.
// It does not check them: see checkAll.
func (s *source) readAll() {
	s.readConfig()
	names, ds := load.ContentFiles(s.fsys)
	s.listDiags = ds
	files := make([]*file, len(names))
	dirs := folders{root: s.root, open: map[string]*os.Root{}}
	defer dirs.close()
	parallel.For(len(names), func(i int) {
		p, ds := dirs.load(s.fsys, names[i])
		files[i] = &file{project: p, load: ds}
	})
	s.files = make(map[string]*file, len(names))
	for i, name := range names {
		s.files[name] = files[i]
	}
	s.names = names
}

func (s *source) readConfig() {
	s.config, s.configDiags = load.Config(s.fsys)
}

// checkAll applies every rule, on every processor.
func (s *source) checkAll() {
	ls := s.site()
	files := slices.Collect(maps.Values(s.files))
	parallel.For(len(files), func(i int) {
		if f := files[i]; f.project != nil {
			f.check = check.Project(ls, f.project)
		}
	})
	s.siteDiags = check.Site(ls)
}

// checkSite applies the site-wide rules, those that compare projects.
func (s *source) checkSite() {
	s.siteDiags = check.Site(s.site())
}

// update re-reads the project files at the paths of a batch of changes
// under content/ and applies the per-project rules to them; the caller
// applies the site-wide ones. A path that is a folder stands for every
// file in it; one that no longer exists, for every file that was in it.
// update returns the paths of the files that were read or removed.
func (s *source) update(paths []string) []string {
	var touched []string
	ls := &load.Site{Config: s.config} // what the per-project rules read
	read := func(name string) {
		if _, ok := s.files[name]; !ok {
			s.names = nil
		}
		p, ds := load.File(s.fsys, name)
		f := &file{project: p, load: ds}
		if p != nil {
			f.check = check.Project(ls, p)
		}
		s.files[name] = f
		touched = append(touched, name)
	}
	remove := func(name string) {
		if _, ok := s.files[name]; ok {
			delete(s.files, name)
			s.names = nil
			touched = append(touched, name)
		}
	}
	for _, p := range paths {
		// Lstat: a link to a folder is not followed, as load.ContentFiles
		// does not follow it.
		info, err := fs.Lstat(s.fsys, p)
		switch {
		case err == nil && info.IsDir():
			found := map[string]bool{}
			if inContent(p) {
				for _, name := range s.list(p) {
					found[name] = true
					read(name)
				}
			}
			for name := range s.files {
				if strings.HasPrefix(name, p+"/") && !found[name] {
					remove(name)
				}
			}
		case err == nil:
			if isContent(p) {
				read(p)
			}
		case errors.Is(err, fs.ErrNotExist):
			remove(p)
			for name := range s.files {
				if strings.HasPrefix(name, p+"/") {
					remove(name)
				}
			}
		default:
			// Unreadable: reading it reports why.
			if isContent(p) {
				read(p)
			}
		}
	}
	slices.Sort(touched)
	return slices.Compact(touched)
}

// list lists the project files under the folder dir of content/, as
// load.ContentFiles does for the whole of it.
func (s *source) list(dir string) []string {
	var names []string
	fs.WalkDir(s.fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if name != dir && load.Ignored(path.Base(name)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && load.IsProjectFile(name) {
			names = append(names, name)
		}
		return nil
	})
	return names
}

// isContent reports whether a path is where load.ContentFiles would find
// a project file: in content/, with a project file's extension.
func isContent(p string) bool {
	return load.IsProjectFile(p) && inContent(p)
}

// inContent reports whether a path is content/ or in it, with no part of
// its path that load.ContentFiles skips.
func inContent(p string) bool {
	if p == load.ContentDir {
		return true
	}
	rest, ok := strings.CutPrefix(p, load.ContentDir+"/")
	if !ok {
		return false
	}
	for _, part := range strings.Split(rest, "/") {
		if load.Ignored(part) {
			return false
		}
	}
	return true
}

// site returns the loaded site: the configuration and the projects that
// could be read, sorted by path as load.Read sorts them.
func (s *source) site() *load.Site {
	ls := &load.Site{Config: s.config}
	if s.names == nil {
		s.names = slices.Sorted(maps.Keys(s.files))
	}
	for _, name := range s.names {
		if p := s.files[name].project; p != nil {
			ls.Projects = append(ls.Projects, p)
		}
	}
	return ls
}

// diagnostics returns every diagnostic, sorted: what `jixiao check` prints.
func (s *source) diagnostics() []diag.Diagnostic {
	ds := slices.Concat(s.configDiags, s.listDiags, s.siteDiags)
	for _, f := range s.files {
		ds = append(ds, f.load...)
		ds = append(ds, f.check...)
	}
	diag.Sort(ds)
	return ds
}

// folders opens each folder of the site once, to read the many files in
// it with one lookup each rather than one per part of their path.
type folders struct {
	root *os.Root
	mu   sync.Mutex
	open map[string]*os.Root // by slash path; nil when it cannot be opened
}

// load loads a project file as load.File does. A plain file of at most
// load.MaxFileSize is read through its folder; anything else (a link, a
// file too large) is left to load.File, which says what is wrong.
func (f *folders) load(fsys fs.FS, name string) (*project.Project, []diag.Diagnostic) {
	if dir := f.folder(path.Dir(name)); dir != nil {
		base := path.Base(name)
		if info, err := dir.Lstat(base); err == nil && info.Mode().IsRegular() && info.Size() <= load.MaxFileSize {
			if data, err := dir.ReadFile(base); err == nil {
				return load.Project(name, data)
			}
		}
	}
	return load.File(fsys, name)
}

func (f *folders) folder(dir string) *os.Root {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.open[dir]
	if !ok {
		r, _ = f.root.OpenRoot(filepath.FromSlash(dir))
		f.open[dir] = r
	}
	return r
}

func (f *folders) close() {
	for _, r := range f.open {
		if r != nil {
			r.Close()
		}
	}
}
