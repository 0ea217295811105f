package build

import (
	"errors"
	"os"
	"runtime"
	"testing"
	"weak"

	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

// TestWriteSearch checks that the index of slim projects, got in full
// from the spool by where they are, is the index of the full projects;
// that the spool has let go of the projects then; and that a slim
// project with no way to get it in full is refused rather than indexed
// without its text.
func TestWriteSearch(t *testing.T) {
	s := exampleSite(t)
	g, ds := site.New(s)
	if g == nil {
		t.Fatal(ds)
	}
	want := publish.Memory{}
	if err := searchIndex(g, want); err != nil {
		t.Fatal(err)
	}

	spool := spooled(t, s)
	if g, ds = site.New(s); g == nil {
		t.Fatal(ds)
	}
	got := publish.Memory{}
	if err := writeSearch(g, spool.each, got); err != nil {
		t.Fatal(err)
	}
	if _, err := spool.get(s.Projects[0]); !errors.Is(err, project.ErrSlim) {
		t.Errorf("get after each: %v, want ErrSlim: the spool still holds the projects", err)
	}
	if len(got) != len(want) || len(want) < 5 {
		t.Fatalf("%d files from slim projects, %d from full ones", len(got), len(want))
	}
	for name, data := range want {
		if string(got[name]) != string(data) {
			t.Errorf("%s differs when the projects are slim", name)
		}
	}

	if err := searchIndex(g, publish.Memory{}); !errors.Is(err, project.ErrSlim) {
		t.Errorf("slim projects without a way to get them in full: %v, want ErrSlim", err)
	}
	empty, err := newProjectSpool()
	if err != nil {
		t.Fatal(err)
	}
	defer empty.close()
	if err := writeSearch(g, empty.each, publish.Memory{}); !errors.Is(err, project.ErrSlim) {
		t.Errorf("projects that were never spooled: %v, want ErrSlim", err)
	}
}

// TestSearchLetsGo checks that while a build's search index is made,
// nothing holds the slim projects or the page graph any more: the index
// gets each project from the spool by where it waits. At 100,000 projects
// they are most of the live heap before then.
func TestSearchLetsGo(t *testing.T) {
	s := exampleSite(t)
	spool := spooled(t, s)
	g, ds := site.New(s)
	if g == nil {
		t.Fatal(ds)
	}
	graph, slim := weak.Make(g), weak.Make(g.Projects[0].Project)
	s = nil
	held := -1
	each := func(ps []*project.Project) func(int) (*project.Project, error) {
		get := spool.each(ps)
		return func(i int) (*project.Project, error) {
			if i == 0 {
				runtime.GC()
				held = 0
				if graph.Value() != nil {
					held++
				}
				if slim.Value() != nil {
					held++
				}
			}
			return get(i)
		}
	}
	if err := writeSearch(g, each, publish.Memory{}); err != nil {
		t.Fatal(err)
	}
	if held != 0 {
		t.Errorf("%d of the graph and a slim project still held while the index is made", held)
	}
}

// exampleSite loads the example site.
func exampleSite(t *testing.T) *load.Site {
	t.Helper()
	s, ds := load.Read(os.DirFS("../.."))
	if s == nil || len(s.Projects) == 0 {
		t.Fatalf("no projects in the example site: %v", ds)
	}
	return s
}

// spooled puts the projects of s in a spool, as a build does, and makes
// them slim. The spool is closed when the test ends.
func spooled(t *testing.T, s *load.Site) *projectSpool {
	t.Helper()
	spool, err := newProjectSpool()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(spool.close)
	for _, p := range s.Projects {
		if err := spool.put(p); err != nil {
			t.Fatal(err)
		}
		p.Slim()
	}
	if err := spool.done(); err != nil {
		t.Fatal(err)
	}
	return spool
}
