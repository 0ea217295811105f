package build

import (
	"bytes"
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
			Indicators: []project.Indicator{{Name: "指标"}}, Body: bytes.Repeat([]byte("说明"), body(i))}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			var buf []byte
			for i := w; i < len(projects); i += 4 {
				var err error
				if buf, err = s.put(projects[i], buf); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
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
	if _, err := s.get(&project.Project{Path: "content/other.md"}); err == nil || !strings.Contains(err.Error(), "content/other.md") {
		t.Errorf("a project never put: error %v", err)
	}
}

// TestScratchFails: a scratch file that can no longer be written or read
// says so, as a scratch file, rather than giving wrong bytes.
func TestScratchFails(t *testing.T) {
	s, err := newScratch("测试", "test")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := s.put([]byte("kept"))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := s.get(sp); string(b) != "kept" || err != nil {
		t.Fatalf("got %q, %v", b, err)
	}
	s.close() // after a get, so nothing is left to flush: only the read fails
	if _, err := s.get(sp); err == nil || !strings.Contains(err.Error(), "[test scratch file]") {
		t.Errorf("get from a closed file: error %v", err)
	}
	if _, err := s.put(make([]byte, 128<<10)); err == nil || !strings.Contains(err.Error(), "[test scratch file]") {
		t.Errorf("put to a closed file: error %v", err)
	}
	if _, err := s.get(sp); err == nil || !strings.Contains(err.Error(), "[test scratch file]") {
		t.Errorf("get after a failed put: error %v", err)
	}
}
