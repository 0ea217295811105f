package project_test

import (
	"sync"
	"testing"

	"jixiao/internal/diag"
	"jixiao/internal/project"
)

func TestKeepPositions(t *testing.T) {
	p := &project.Project{
		Content: &project.Content{Pos: map[string]diag.Pos{
			"name":         {Line: 3, Col: 1},
			"code":         {Line: 4, Col: 1},
			"indicators.0": {Line: 20, Col: 1},
			"indicators":   {Line: 20, Col: 1},
		}},
	}
	line1 := diag.Pos{Line: 1, Col: 1}
	p.KeepPositions("name", "code", "department")
	for key, want := range map[string]diag.Pos{
		"name":                {Line: 3, Col: 1},
		"code":                {Line: 4, Col: 1},
		"department":          line1, // never written
		"indicators.0.target": line1, // let go of
	} {
		if got := p.At(key); got != want {
			t.Errorf("after KeepPositions, At(%q) = %v, want %v", key, got, want)
		}
	}
	if p.Pos != nil {
		t.Error("KeepPositions kept the map")
	}

	p.KeepPositions("code") // from what was kept
	if got, want := p.At("code"), (diag.Pos{Line: 4, Col: 1}); got != want {
		t.Errorf("kept twice, At(code) = %v, want %v", got, want)
	}
	if got := p.At("name"); got != line1 {
		t.Errorf("At(name) = %v after it was let go of, want line 1", got)
	}
	p.KeepPositions()
	if got := p.At("code"); got != line1 {
		t.Errorf("At(code) = %v after KeepPositions(), want line 1", got)
	}
}

// TestSlimSharedContent: slim projects share one empty Content, which
// KeepPositions and Slim of any of them leave empty; a project slimmed
// after KeepPositions still finds the positions kept, and its copy made
// before Slim keeps its text.
func TestSlimSharedContent(t *testing.T) {
	p := &project.Project{Name: "甲", Content: &project.Content{
		Goals:      project.Goals{Annual: "目标"},
		Indicators: []project.Indicator{{Name: "指标"}},
		Pos:        map[string]diag.Pos{"name": {Line: 2, Col: 1}},
	}}
	whole := *p
	p.KeepPositions("name")
	p.Slim()
	q := &project.Project{Name: "乙", Content: &project.Content{Pos: map[string]diag.Pos{"name": {Line: 7, Col: 3}}}}
	q.Slim()
	q.KeepPositions("name")
	p.Slim()
	if p.Content != q.Content || p.Pos != nil || p.Indicators != nil || p.Goals != (project.Goals{}) {
		t.Errorf("slim projects' content: %p %+v and %p", p.Content, *p.Content, q.Content)
	}
	if got, want := p.At("name"), (diag.Pos{Line: 2, Col: 1}); got != want {
		t.Errorf("At(name) of a slim project = %v, want %v", got, want)
	}
	if got := p.Outline(); got != (project.Outline{Indicators: 1}) {
		t.Errorf("Outline of a slim project = %+v, want 1 indicator", got)
	}
	if whole.Goals.Annual != "目标" || len(whole.Indicators) != 1 || whole.IsSlim() {
		t.Errorf("a copy made before Slim lost its text: %+v", whole)
	}
}

func TestNewDate(t *testing.T) {
	for _, c := range []struct {
		y, m, d int
		ok      bool
	}{
		{0, 0, 0, true}, {2024, 2, 29, true}, {9999, 12, 31, true},
		{10000, 1, 1, false}, {-1, 1, 1, false}, {2024, 13, 1, false}, {2024, 1, 32, false},
		{2024, -1, 1, false}, {2024, 1, -1, false},
	} {
		got, ok := project.NewDate(c.y, c.m, c.d)
		if ok != c.ok || ok && (int(got.Year) != c.y || int(got.Month) != c.m || int(got.Day) != c.d) {
			t.Errorf("NewDate(%d, %d, %d) = %v, %v; want ok %v", c.y, c.m, c.d, got, ok, c.ok)
		}
	}
}

// TestSlimConcurrent: slim projects share their Content, so KeepPositions
// of one must not write to it while another is read; `go test -race`
// tells.
func TestSlimConcurrent(t *testing.T) {
	ps := make([]*project.Project, 8)
	for i := range ps {
		ps[i] = &project.Project{Content: &project.Content{Pos: map[string]diag.Pos{"name": {Line: i + 1, Col: 1}}}}
		ps[i].KeepPositions("name")
		ps[i].Slim()
	}
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Go(func() {
			for range 100 {
				p.KeepPositions("name")
				if got := p.At("name"); got.Line != i+1 {
					t.Errorf("At(name) = %v, want line %d", got, i+1)
					return
				}
			}
		})
	}
	wg.Wait()
}
