package build

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"

	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/search"
	"jixiao/internal/site"
)

// searchIndex writes the search index (package search) of the planned
// projects, which must not be slim.
func searchIndex(s *site.Site, out publish.Output) error {
	projects, opt := indexOf(s)
	return search.Write(out, projects, opt)
}

// indexOf returns the projects of the plan and the options of its search
// index, with the departments in the order the site lists them.
func indexOf(s *site.Site) ([]*project.Project, search.Options) {
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	projects := make([]*project.Project, len(s.Projects))
	for i, p := range s.Projects {
		projects[i] = p.Project
	}
	return projects, search.Options{Departments: depts}
}

// textSpool keeps the search texts of the projects in a temporary file
// while a build lets go of the projects, until the index, which takes them
// in an order of its own, asks for them. They are added in the site's
// order, and asked for by their place in it.
type textSpool struct {
	f        *os.File
	unlinked bool // removed by name at once, where open files outlive their names
	w        *bufio.Writer
	at       []int64 // where the texts of each project start; the end last
	buf      []byte
}

func newTextSpool() (*textSpool, error) {
	f, err := os.CreateTemp("", "jixiao-search-*")
	if err != nil {
		return nil, fmt.Errorf("搜索索引的临时文件 [search scratch file]: %w", err)
	}
	// Unlinked at once, the file goes with the build, even a killed one.
	unlinked := os.Remove(f.Name()) == nil
	return &textSpool{f: f, unlinked: unlinked, w: bufio.NewWriterSize(f, 64<<10), at: []int64{0}}, nil
}

// add keeps the texts of the next project.
func (s *textSpool) add(t search.Texts) error {
	b := binary.AppendUvarint(s.buf[:0], uint64(len(t.Goals)))
	b = append(b, t.Goals...)
	b = append(b, t.Narrative...)
	s.buf = b
	if _, err := s.w.Write(b); err != nil {
		return fmt.Errorf("搜索索引的临时文件 [search scratch file]: %w", err)
	}
	s.at = append(s.at, s.at[len(s.at)-1]+int64(len(b)))
	return nil
}

// get returns the texts of the i-th project added; all must have been
// added.
func (s *textSpool) get(i int) (search.Texts, error) {
	if err := s.w.Flush(); err != nil {
		return search.Texts{}, fmt.Errorf("搜索索引的临时文件 [search scratch file]: %w", err)
	}
	b := make([]byte, s.at[i+1]-s.at[i])
	if _, err := s.f.ReadAt(b, s.at[i]); err != nil {
		return search.Texts{}, fmt.Errorf("搜索索引的临时文件 [search scratch file]: %w", err)
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return search.Texts{}, fmt.Errorf("搜索索引的临时文件损坏 [search scratch file corrupt]")
	}
	rest := string(b[k:])
	return search.Texts{Goals: rest[:n], Narrative: rest[n:]}, nil
}

// close removes the spool.
func (s *textSpool) close() {
	s.f.Close()
	if !s.unlinked {
		os.Remove(s.f.Name())
	}
}
