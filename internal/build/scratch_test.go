package build

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"jixiao/internal/project"
)

// TestProjectSpool gives back, from several goroutines, each project put
// from several goroutines, in full though the project was made slim.
func TestProjectSpool(t *testing.T) {
	s, err := newProjectSpool()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	// Narratives of 0 to 12 KB, and every 50th of 72 KB: larger than the
	// file's buffer.
	body := func(i int) int {
		if i%50 == 49 {
			return 12000
		}
		return 2 * i
	}
	projects := make([]*project.Project, 200)
	for i := range projects {
		projects[i] = &project.Project{
			Path: "content/" + strings.Repeat("a", i) + ".md", Name: strings.Repeat("名", i),
			Content: &project.Content{Indicators: []project.Indicator{{Name: "指标"}}, Body: bytes.Repeat([]byte("说明"), body(i))},
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(projects); i += 4 {
				if err := s.put(projects[i]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := s.done(); err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		p.Slim()
	}
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(projects); i += 4 {
				full, err := s.get(projects[i])
				if err != nil {
					t.Error(err)
					continue
				}
				if full.Path != projects[i].Path || full.IsSlim() || len(full.Body) != 6*body(i) || len(full.Indicators) != 1 {
					t.Errorf("project %d came back as %s with %d bytes of narrative", i, full.Path, len(full.Body))
				}
			}
		})
	}
	wg.Wait()
	if _, err := s.get(&project.Project{Path: "content/other.md", Content: &project.Content{}}); !errors.Is(err, project.ErrSlim) || !strings.Contains(err.Error(), "content/other.md") {
		t.Errorf("a project never put: error %v", err)
	}
}

// TestScratchFails: a spool whose file can no longer be written or read
// says so, as the projects' scratch file, rather than giving wrong bytes.
func TestScratchFails(t *testing.T) {
	s, err := newProjectSpool()
	if err != nil {
		t.Fatal(err)
	}
	kept := &project.Project{Path: "content/kept.md", Name: "留存", Content: &project.Content{}}
	if err := s.put(kept); err != nil {
		t.Fatal(err)
	}
	if err := s.done(); err != nil {
		t.Fatal(err)
	}
	kept.Slim()
	if p, err := s.get(kept); err != nil || p.Name != "留存" {
		t.Fatalf("got %v, %v", p, err)
	}
	s.close() // after done, so nothing is left to flush: only the read fails
	const want = "[project scratch file]"
	if _, err := s.get(kept); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("get from a closed file: error %v", err)
	}
	get := s.each([]*project.Project{kept})
	if _, err := get(0); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), s.f.Name()) {
		t.Errorf("each from a closed file: error %v", err)
	}
	if _, err := s.get(kept); !errors.Is(err, project.ErrSlim) || !strings.Contains(err.Error(), "content/kept.md") {
		t.Errorf("get after each: error %v, want ErrSlim naming the file", err)
	}
	large := &project.Project{Path: "content/large.md", Content: &project.Content{Body: make([]byte, 128<<10)}}
	if err := s.put(large); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("put to a closed file: error %v", err)
	}
	if err := s.done(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("done after a failed put: error %v", err)
	}
}
