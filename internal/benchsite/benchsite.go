// Package benchsite gives tests and benchmarks a generated site of N
// projects, made by the shared corpus generator (../shared/bench/gen.go
// beside the module, or the file JIXIAO_BENCH_GEN names). A benchmark's
// site is generated once per size and kept in the temporary folder for
// later runs, and JIXIAO_BENCH_SITE names a site for benchmarks to use
// instead, whatever the size; a test's site is its own and removed after.
package benchsite

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// Dir returns the folder of a generated site of n projects, generating it
// if it is not there yet. It skips tb when the generator is missing.
func Dir(tb testing.TB, n int) string {
	tb.Helper()
	_, bench := tb.(*testing.B)
	if dir := os.Getenv("JIXIAO_BENCH_SITE"); dir != "" && bench {
		return dir
	}
	gen := Generator()
	if _, err := os.Stat(gen); err != nil {
		tb.Skipf("no corpus generator at %s (set JIXIAO_BENCH_GEN)", gen)
	}
	if !bench {
		dir := filepath.Join(tb.TempDir(), "site")
		generate(tb, gen, n, dir)
		return dir
	}
	dir := filepath.Join(os.TempDir(), "jixiao-bench-"+strconv.Itoa(n))
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		return dir
	}
	// Generate beside and rename, so that a killed run leaves no half site.
	tmp, err := os.MkdirTemp(os.TempDir(), "jixiao-bench-gen-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	generate(tb, gen, n, filepath.Join(tmp, "site"))
	if err := os.Rename(filepath.Join(tmp, "site"), dir); err != nil && !exists(dir) {
		tb.Fatal(err)
	}
	return dir
}

func generate(tb testing.TB, gen string, n int, dir string) {
	tb.Helper()
	cmd := exec.Command("go", "run", gen, "-n", strconv.Itoa(n), "-out", dir)
	cmd.Dir = os.TempDir() // outside the module: gen.go is a program of its own
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
}

// Generator is the path of gen.go.
func Generator() string {
	if p := os.Getenv("JIXIAO_BENCH_GEN"); p != "" {
		return p
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "bench", "gen.go")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
