package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"jixiao/internal/load"
	"jixiao/internal/site"
)

// benchSite is where BenchmarkFiles10k keeps its generated site between
// runs; JIXIAO_BENCH_SITE overrides it.
func benchSite() string {
	if d := os.Getenv("JIXIAO_BENCH_SITE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "b10k")
}

// BenchmarkFiles10k writes the data files of 10,000 generated projects
// (issue 6). The site is generated once by the shared corpus generator;
// the benchmark is skipped when the generator is not there.
func BenchmarkFiles10k(b *testing.B) {
	gen, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "bench", "gen.go"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no corpus generator at %s", gen)
	}
	dir := benchSite()
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		cmd := exec.Command("go", "run", gen, "-n", "10000", "-out", dir)
		cmd.Dir = os.TempDir() // outside the module: gen.go is a program of its own
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", cmd.Args, err, out)
		}
	}
	ls, ds := load.Read(os.DirFS(dir))
	if len(ls.Projects) != 10000 {
		b.Fatalf("loaded %d projects, want 10000 (%d diagnostics)", len(ls.Projects), len(ds))
	}
	s, ds := site.New(ls)
	if len(ds) > 0 {
		b.Fatal(ds[0])
	}
	first, err := Files(s) // also the reference for the bytes
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var size int
	var files []File
	for b.Loop() {
		files, err = Files(s)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range files {
			size += len(f.Data)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB-out")
	// The workbook's sheets spill to temporary files at this size: the
	// bytes must not depend on them.
	for i := range files {
		if !bytes.Equal(files[i].Data, first[i].Data) {
			b.Errorf("%s differs between two runs", files[i].Name)
		}
	}
}
