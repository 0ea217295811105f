package build

import (
	"os"
	"path/filepath"
	"testing"

	"jixiao/internal/benchsite"
	"jixiao/internal/load"
	"jixiao/internal/publish"
)

// BenchmarkBuild builds a generated site of 10,000 projects (or the site
// JIXIAO_BENCH_SITE names) into a folder, as `jixiao build` does (issue 6).
// scripts/bench measures the command itself, with its peak memory, beside
// Hugo and the I/O floor.
//
//	go test ./internal/build -run '^$' -bench Build -benchtime 3x
func BenchmarkBuild(b *testing.B) {
	dir := benchsite.Dir(b, 10000)
	fsys := os.DirFS(dir)
	want, _ := load.ContentFiles(fsys)
	b.ReportAllocs()
	for b.Loop() {
		out, err := publish.Create(filepath.Join(b.TempDir(), "public"), publish.Protect{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Build(fsys, out, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
		if res.Projects != len(want) {
			b.Fatalf("built %d projects, want %d", res.Projects, len(want))
		}
	}
}
