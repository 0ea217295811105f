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
// the projects in full and from slim ones (project.Project.Slim), as a
// build does, and finds every total, and every project's results and
// outline, equal to those of the whole projects.
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
		// The sums over the whole projects, by year, department and unit.
		var total Totals
		years, depts, units := map[int]*Totals{}, map[string]*Totals{}, map[string]*Totals{}
		results := map[string]Results{}
		outlines, hasResults := map[string]project.Outline{}, map[string]bool{}
		for _, p := range full.Projects {
			total.Add(p)
			for _, sum := range []*Totals{lookup(years, p.Year, newTotals), lookup(depts, p.Department, newTotals), lookup(units, p.Unit, newTotals)} {
				sum.Add(p)
			}
			results[p.Path] = (&Project{Project: p}).Results()
			outlines[p.Path], hasResults[p.Path] = p.Outline(), p.HasResults()
		}
		if total.Results.Projects == 0 && dir != "../.." {
			t.Errorf("%s: no results to compare", dir)
		}
		g, _ := New(full)
		h, _ := New(slim)
		for _, g := range []*Site{g, h} {
			if g.Totals != total {
				t.Errorf("%s: totals %+v, want %+v", dir, g.Totals, total)
			}
			for _, y := range g.Years {
				if y.Totals() != *years[y.Year] {
					t.Errorf("%s: %s totals differ", dir, y.Name())
				}
			}
			for _, d := range g.Departments {
				if d.Totals() != *depts[d.Name] {
					t.Errorf("%s: %s totals differ", dir, d.Name)
				}
			}
			for _, u := range g.Units {
				if u.Totals() != *units[u.Name] {
					t.Errorf("%s: %s totals differ", dir, u.Name)
				}
			}
			for _, p := range g.Projects {
				if p.Results() != results[p.Path] || p.HasResults() != hasResults[p.Path] || p.Outline() != outlines[p.Path] {
					t.Errorf("%s: results %+v, outline %+v; want %+v, %+v", p.Path, p.Results(), p.Outline(), results[p.Path], outlines[p.Path])
				}
			}
		}
	}
}

func newTotals() *Totals { return new(Totals) }

// TestFull: the graph of projects given in full holds them slim, as a
// build's does, and Full gives back the very projects given, placed as the
// slim ones are. The graph of slim projects gets them through SetFull's
// function, and fails without one. A project that is not slim is given
// as it is.
func TestFull(t *testing.T) {
	s, _ := load.Read(os.DirFS("../.."))
	given := map[string]*project.Project{}
	for _, p := range s.Projects {
		given[p.Path] = p
	}
	g, _ := New(s)
	for _, p := range g.Projects {
		if !p.IsSlim() || p.Indicators != nil {
			t.Errorf("%s: the graph holds it whole", p.Path)
		}
		got, err := g.Full(p)
		if err != nil || got.Project != given[p.Path] || got.Department != p.Department || got.Unit != p.Unit || got.Year != p.Year {
			t.Errorf("Full of %s: %+v, %v; want the project given", p.Path, got, err)
		}
		if got, err := g.Full(got); err != nil || got.Project != given[p.Path] {
			t.Errorf("Full of %s in full: %+v, %v; want it as it is", p.Path, got, err)
		}
	}

	s, _ = load.Read(os.DirFS("../.."))
	wholes := map[*project.Project]project.Project{}
	for _, p := range s.Projects {
		wholes[p] = *p
		p.Slim()
	}
	g, _ = New(s)
	p := g.Projects[0]
	if _, err := g.Full(p); !errors.Is(err, project.ErrSlim) || !strings.Contains(err.Error(), p.Path) {
		t.Errorf("Full of a slim project without SetFull: error %v, want ErrSlim with the file's name", err)
	}
	whole := wholes[p.Project]
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
