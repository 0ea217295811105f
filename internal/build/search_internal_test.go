package build

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"weak"

	"jixiao"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/search"
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

// TestSearchLetsGo checks that while a build makes its search index,
// nothing holds the slim projects, nor so the page graph, which holds
// them all: the index gets each project from the spool by where it waits.
// At 100,000 projects they are most of the live heap before then.
func TestSearchLetsGo(t *testing.T) {
	s := exampleSite(t)
	spool := spooled(t, s)
	slim := weak.Make(s.Projects[0])
	out := &watched{Memory: publish.Memory{}, prefix: search.DefaultDir + "/", first: func() {
		runtime.GC()
		if slim.Value() != nil {
			t.Error("a slim project is still held while the search index is written")
		}
	}}
	assets := render.Overlay{{Name: "站点", FS: os.DirFS("../..")}, {Name: "内置", FS: jixiao.Builtin}}
	if _, err := loaded(s, assets, out, Options{}, spool); err != nil {
		t.Fatal(err)
	}
	if out.seen == 0 {
		t.Fatal("no file of the search index was written")
	}
}

// watched is an output that calls first when the first file under prefix
// is written.
type watched struct {
	publish.Memory
	prefix string
	first  func()
	seen   int
}

func (w *watched) WriteFile(name string, data []byte) error {
	if strings.HasPrefix(name, w.prefix) {
		if w.seen++; w.seen == 1 {
			w.first()
		}
	}
	return w.Memory.WriteFile(name, data)
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
