package build

import (
	"bufio"
	"fmt"
	"os"
	"sync"

	"jixiao/internal/project"
)

// scratch is a temporary file that a build appends records to and reads
// them back from by place. Puts may come from several goroutines, and so
// may gets, once the puts are over.
type scratch struct {
	zh, en string // what it holds, for errors: "项目", "project"

	mu       sync.Mutex
	f        *os.File
	unlinked bool // removed by name at once, where open files outlive their names
	w        *bufio.Writer
	size     int64 // bytes put
}

// span is where put placed a record.
type span struct {
	at int64
	n  int
}

func newScratch(zh, en string) (*scratch, error) {
	s := &scratch{zh: zh, en: en}
	f, err := os.CreateTemp("", "jixiao-*")
	if err != nil {
		return nil, s.fail(err)
	}
	// Unlinked at once, the file goes with the build, even a killed one.
	s.f, s.unlinked, s.w = f, os.Remove(f.Name()) == nil, bufio.NewWriterSize(f, 64<<10)
	return s, nil
}

func (s *scratch) fail(err error) error {
	return fmt.Errorf("%s的临时文件 [%s scratch file]: %w", s.zh, s.en, err)
}

// put appends the record b.
func (s *scratch) put(b []byte) (span, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.w.Write(b); err != nil {
		return span{}, s.fail(err)
	}
	sp := span{s.size, len(b)}
	s.size += int64(len(b))
	return sp, nil
}

// get reads back the record put at sp.
func (s *scratch) get(sp span) ([]byte, error) {
	s.mu.Lock()
	err := s.w.Flush()
	s.mu.Unlock()
	if err != nil {
		return nil, s.fail(err)
	}
	b := make([]byte, sp.n)
	if _, err := s.f.ReadAt(b, sp.at); err != nil {
		return nil, s.fail(err)
	}
	return b, nil
}

// close removes the file.
func (s *scratch) close() {
	s.f.Close()
	if !s.unlinked {
		os.Remove(s.f.Name())
	}
}

// projectSpool keeps the projects of a build, encoded, from when each is
// checked to when its page is made, while the build holds them slim
// (project.Project.Slim). What is published is then what was checked,
// even if a file is saved during the build, and decoding costs a fraction
// of reading the file again.
type projectSpool struct {
	file *scratch
	mu   sync.Mutex
	at   map[*project.Project]span
}

func newProjectSpool() (*projectSpool, error) {
	f, err := newScratch("项目", "project")
	if err != nil {
		return nil, err
	}
	return &projectSpool{file: f, at: map[*project.Project]span{}}, nil
}

// put keeps p, which must not be slim yet, under its pointer.
func (s *projectSpool) put(p *project.Project, buf []byte) ([]byte, error) {
	buf, err := p.AppendBinary(buf[:0])
	if err != nil {
		return buf, err
	}
	sp, err := s.file.put(buf)
	if err != nil {
		return buf, err
	}
	s.mu.Lock()
	s.at[p] = sp
	s.mu.Unlock()
	return buf, nil
}

// get returns the whole project that slim was before it was made slim. It
// may be called from several goroutines once all are put.
func (s *projectSpool) get(slim *project.Project) (*project.Project, error) {
	sp, ok := s.at[slim]
	if !ok {
		return nil, fmt.Errorf("%s: 项目内容未保留 [project not spooled]", slim.Path)
	}
	b, err := s.file.get(sp)
	if err != nil {
		return nil, err
	}
	p := new(project.Project)
	if err := p.UnmarshalBinary(b); err != nil {
		return nil, s.file.fail(fmt.Errorf("%s: %w", slim.Path, err))
	}
	return p, nil
}

func (s *projectSpool) close() { s.file.close() }
