package build

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"slices"

	"jixiao/internal/publish"
	"jixiao/internal/search"
	"jixiao/internal/site"
)

// searchIndex writes the search index (package search) of the planned
// projects, which must not be slim.
func searchIndex(s *site.Site, out publish.Output) error {
	return writeIndex(s, out, func(i int) (search.Texts, error) {
		return search.TextsOf(s.Projects[i].Project), nil
	})
}

// writeIndex writes the search index of the planned projects, with the
// departments in the order the site lists them, and texts(i) the texts of
// the i-th project of s.Projects. The index takes the projects in an order
// of its own (search.Key).
func writeIndex(s *site.Site, out publish.Output, texts func(i int) (search.Texts, error)) error {
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	opt := search.Options{Departments: depts}
	type keyed struct {
		k search.Key
		i int
	}
	order := make([]keyed, len(s.Projects))
	for i, p := range s.Projects {
		order[i] = keyed{opt.Key(p.Project), i}
	}
	slices.SortStableFunc(order, func(a, b keyed) int { return a.k.Compare(b.k) })

	b := search.NewBuilder(out, opt, "")
	defer b.Close()
	for _, o := range order {
		t, err := texts(o.i)
		if err != nil {
			return err
		}
		if err := b.AddTexts(s.Projects[o.i].Project, t); err != nil {
			return err
		}
	}
	if err := b.Finish(); err != nil {
		return err
	}
	return b.Close()
}

// textSpool keeps the search texts of the projects in a temporary file
// while a build lets go of the projects, until the index, which takes them
// in an order of its own, asks for them. They are added in the site's
// order, and asked for by their place in it.
type textSpool struct {
	f   *os.File
	w   *bufio.Writer
	at  []int64 // where the texts of each project start; the end last
	buf []byte
}

func newTextSpool() (*textSpool, error) {
	f, err := os.CreateTemp("", "jixiao-search-*")
	if err != nil {
		return nil, fmt.Errorf("搜索索引的临时文件 [search scratch file]: %w", err)
	}
	return &textSpool{f: f, w: bufio.NewWriterSize(f, 64<<10), at: []int64{0}}, nil
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
	os.Remove(s.f.Name())
}
