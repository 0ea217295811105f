package render

import (
	"os"
	"testing"

	"jixiao"
	"jixiao/internal/load"
	"jixiao/internal/site"
)

// BenchmarkProjectPage renders the pages of the example site's projects
// with the built-in layouts: most of a build's rendering is this page.
//
//	go test ./internal/render -run '^$' -bench ProjectPage
func BenchmarkProjectPage(b *testing.B) {
	s, ds := load.Read(os.DirFS("../.."))
	if len(s.Projects) == 0 {
		b.Fatalf("no projects: %v", ds)
	}
	g, ds := site.New(s)
	if g == nil {
		b.Fatal(ds)
	}
	r, err := New(Overlay{{FS: jixiao.Builtin}}, g, Extras{})
	if err != nil {
		b.Fatal(err)
	}
	pages := make([]*site.Page, len(g.Projects))
	for i, p := range g.Projects {
		full, err := g.Full(p)
		if err != nil {
			b.Fatal(err)
		}
		pages[i] = site.ProjectPageOf(full)
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		for _, pg := range pages {
			if buf, err = r.AppendPage(buf[:0], pg); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(g.Projects)), "µs/page")
}
