package build

import (
	"bufio"
	"fmt"
	"os"
	"sync"

	"jixiao/internal/project"
)

// projectSpool keeps the projects of a build, encoded in a temporary
// file, from when each is checked to when it is wanted in full again —
// for its page, the data files and the feed, and once more for the search
// index — while the build holds them slim (project.Project.Slim). What is
// published is then what was checked, even if a file is saved during the
// build, and decoding costs a fraction of reading the file again.
//
// Puts may come from several goroutines; so may gets, after done, until
// each, which ends them.
type projectSpool struct {
	mu       sync.Mutex
	f        *os.File
	unlinked bool // removed by name at once, where open files outlive their names
	w        *bufio.Writer
	size     int64 // bytes put
	at       map[*project.Project]span
}

// span is where put placed a project.
type span struct {
	at int64
	n  int
}

func newProjectSpool() (*projectSpool, error) {
	f, err := os.CreateTemp("", "jixiao-*")
	if err != nil {
		return nil, scratchErr(err)
	}
	// Unlinked at once, the file goes with the build, even a killed one.
	return &projectSpool{f: f, unlinked: os.Remove(f.Name()) == nil,
		w: bufio.NewWriterSize(f, 64<<10), at: map[*project.Project]span{}}, nil
}

func scratchErr(err error) error {
	return fmt.Errorf("项目的临时文件 [project scratch file]: %w", err)
}

// put keeps p, which must not be slim yet, under its pointer, encoding it
// straight into the file's buffer.
func (s *projectSpool) put(p *project.Project) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := p.AppendBinary(s.w.AvailableBuffer())
	if err != nil {
		return err
	}
	if _, err := s.w.Write(b); err != nil {
		return scratchErr(err)
	}
	s.at[p] = span{s.size, len(b)}
	s.size += int64(len(b))
	return nil
}

// done ends the puts, writing out what is still buffered.
func (s *projectSpool) done() error {
	if err := s.w.Flush(); err != nil {
		return scratchErr(err)
	}
	return nil
}

// get returns the whole project that slim was before it was made slim.
func (s *projectSpool) get(slim *project.Project) (*project.Project, error) {
	if s.at == nil {
		return nil, fmt.Errorf("%s: 临时文件已交给搜索索引 [project scratch file handed to the search index]: %w", slim.Path, project.ErrSlim)
	}
	sp, ok := s.at[slim]
	if !ok {
		return nil, notSpooled(slim)
	}
	p, err := s.read(sp)
	if err != nil {
		return nil, scratchErr(fmt.Errorf("%s: %w", slim.Path, err))
	}
	return p, nil
}

// each returns what gets ps[i] in full, as get does. It keeps where the
// projects are rather than the projects, and lets go of the spool's own
// map, whose keys they are, so that the projects can go once the build
// lets go of them: it ends the gets, and may not run beside one.
func (s *projectSpool) each(ps []*project.Project) func(i int) (*project.Project, error) {
	// Their places only: a path for the errors would keep 4 MB of strings
	// at 100,000 projects. A read fails only when the file does, which the
	// error then names.
	places := make([]span, len(ps))
	var missing error
	for i, p := range ps {
		sp, ok := s.at[p]
		if !ok && missing == nil {
			missing = notSpooled(p)
		}
		places[i] = sp
	}
	s.at = nil
	return func(i int) (*project.Project, error) {
		if missing != nil {
			return nil, missing
		}
		p, err := s.read(places[i])
		if err != nil {
			return nil, scratchErr(fmt.Errorf("%s: %w", s.f.Name(), err))
		}
		return p, nil
	}
}

func notSpooled(p *project.Project) error {
	return fmt.Errorf("%s: 项目未存入临时文件 [project not spooled]: %w", p.Path, project.ErrSlim)
}

// read decodes the project at sp.
func (s *projectSpool) read(sp span) (*project.Project, error) {
	b := make([]byte, sp.n)
	if _, err := s.f.ReadAt(b, sp.at); err != nil {
		return nil, err
	}
	p := new(project.Project)
	if err := p.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return p, nil
}

// close removes the file.
func (s *projectSpool) close() {
	s.f.Close()
	if !s.unlinked {
		os.Remove(s.f.Name())
	}
}
