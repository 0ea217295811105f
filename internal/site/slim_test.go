package site

import (
	"errors"
	"os"
	"strings"
	"testing"

	"jixiao/internal/load"
	"jixiao/internal/project"
)

// TestSlimKeepsTotals plans the example site and the results site from
// slim projects (project.Project.Slim), as a build does, and finds every
// total and every project's results equal to those of the full projects.
func TestSlimKeepsTotals(t *testing.T) {
	for _, dir := range []string{"../..", "../../testdata/results"} {
		full, ds := load.Read(os.DirFS(dir))
		if len(full.Projects) == 0 {
			t.Fatalf("%s: no projects: %v", dir, ds)
		}
		slim, _ := load.Read(os.DirFS(dir))
		for _, p := range slim.Projects {
			p.Slim()
			if !p.IsSlim() || p.Indicators != nil || p.Body != nil || p.Goals != (project.Goals{}) {
				t.Fatalf("%s: Slim kept the text", p.Path)
			}
		}
		g, _ := New(full)
		h, _ := New(slim)
		if g.Totals != h.Totals {
			t.Errorf("%s: totals %+v, slim %+v", dir, g.Totals, h.Totals)
		}
		if g.Totals.Results.Projects == 0 && dir != "../.." {
			t.Errorf("%s: no results to compare", dir)
		}
		for i, y := range g.Years {
			if y.Totals != h.Years[i].Totals {
				t.Errorf("%s: %s totals differ", dir, y.Name())
			}
		}
		for i, d := range g.Departments {
			if d.Totals != h.Departments[i].Totals {
				t.Errorf("%s: %s totals differ", dir, d.Name)
			}
		}
		for i, u := range g.Units {
			if u.Totals != h.Units[i].Totals {
				t.Errorf("%s: %s totals differ", dir, u.Name)
			}
		}
		for i, p := range g.Projects {
			q := h.Projects[i]
			if p.Results() != q.Results() || p.HasResults() != q.HasResults() || p.Outline() != q.Outline() {
				t.Errorf("%s: results %+v, slim %+v", p.Path, p.Results(), q.Results())
			}
		}
	}
}

// TestFull gives a project that is not slim as it is, reads a slim one
// through SetFull's function, placed as the slim one is, and fails without a way to.
func TestFull(t *testing.T) {
	s, _ := load.Read(os.DirFS("../.."))
	g, _ := New(s)
	p := g.Projects[0]
	if got, err := g.Full(p); got != p || err != nil {
		t.Errorf("Full of a full project: %p, %v; want %p", got, err, p)
	}
	whole := *p.Project
	p.Slim()
	if _, err := g.Full(p); !errors.Is(err, project.ErrSlim) || !strings.Contains(err.Error(), p.Path) {
		t.Errorf("Full of a slim project without SetFull: error %v, want ErrSlim with the file's name", err)
	}
	g.SetFull(func(q *project.Project) (*project.Project, error) {
		if q != p.Project {
			return nil, errors.New("asked for another project")
		}
		return &whole, nil
	})
	got, err := g.Full(p)
	if err != nil || got.Project != &whole || got.Department != p.Department || got.Unit != p.Unit || got.Year != p.Year {
		t.Errorf("Full of a slim project: %+v, %v", got, err)
	}
	if len(got.Indicators) == 0 || !p.IsSlim() {
		t.Errorf("Full changed the slim project or lost the indicators")
	}
}
