package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test run this binary as the jixiao command, so that a
// build can be started, and killed, as a process of its own.
func TestMain(m *testing.M) {
	if os.Getenv("JIXIAO_TEST_MAIN") == "1" {
		for i, a := range os.Args {
			if a == "--" {
				os.Exit(run(os.Args[i+1:], os.Stdout, os.Stderr))
			}
		}
	}
	os.Exit(m.Run())
}

// process returns the jixiao command as a process of this test binary.
func process(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), append(env, "JIXIAO_TEST_MAIN=1")...)
	return cmd
}

// bigSite writes a site of n projects made from the example's four.
func bigSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../../content/2023/wujing/*.md")
	if len(files) == 0 {
		t.Fatal("example content missing")
	}
	site, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "site.toml"), site, 0o644))
	for i := range n {
		src, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			t.Fatal(err)
		}
		data := strings.Replace(string(src), `name = "`, fmt.Sprintf(`name = "第%04d号`, i), 1)
		path := filepath.Join(dir, "content", fmt.Sprintf("g%02d", i/100), fmt.Sprintf("p%04d.md", i))
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, []byte(data), 0o644))
	}
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// tree hashes every file under dir, by slash path.
func tree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sums[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

func sameTree(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func buildOnce(t *testing.T, site, out string, env ...string) time.Duration {
	t.Helper()
	start := time.Now()
	cmd := process(t, env, "build", "-s", site, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	return time.Since(start)
}

// TestKilledBuildKeepsSite starts `jixiao build` over an existing output of
// a 2,000-project site and kills it with SIGKILL at a random moment, 20
// times. After every kill the output is one complete site, byte for byte:
// the previous one, or — when the kill came after the swap — the new one.
// The next successful build leaves no temporary folders behind.
func TestKilledBuildKeepsSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-project site 20 times")
	}
	site := bigSite(t, 2000)
	work := t.TempDir()
	out := filepath.Join(work, "public")
	full := buildOnce(t, site, out)
	prev := tree(t, out)

	project := filepath.Join(site, "content", "g00", "p0000.md")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		// Each run would publish a different site, so a half-swapped output cannot pass.
		src, _ := os.ReadFile(project)
		must(t, os.WriteFile(project, bytes.Replace(src, []byte(`name = "第`), []byte(fmt.Sprintf(`name = "改%d第`, i)), 1), 0o644))
		cmd := process(t, nil, "build", "-s", site, "-o", out)
		must(t, cmd.Start())
		time.Sleep(time.Duration(rng.Int64N(int64(full) * 11 / 10)))
		cmd.Process.Kill()
		cmd.Wait()

		got := tree(t, out)
		if sameTree(got, prev) {
			continue
		}
		// Not the previous site: it must be the whole new one.
		next := filepath.Join(t.TempDir(), "expected")
		buildOnce(t, site, next)
		if want := tree(t, next); !sameTree(got, want) {
			t.Fatalf("kill %d: the output is neither the previous site nor the new one (%d files)", i, len(got))
		}
		prev = got
	}
	buildOnce(t, site, out)
	entries, err := os.ReadDir(work)
	must(t, err)
	if len(entries) != 1 || entries[0].Name() != "public" {
		t.Errorf("after a successful build the output's folder holds %v, want only public", names(entries))
	}
}

// TestBuildIgnoresGOMAXPROCS builds with one processor and with all of
// them: the outputs are equal file by file.
func TestBuildIgnoresGOMAXPROCS(t *testing.T) {
	site := bigSite(t, 300)
	one, all := filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "all")
	buildOnce(t, site, one, "GOMAXPROCS=1")
	buildOnce(t, site, all)
	if a, b := tree(t, one), tree(t, all); !sameTree(a, b) || len(a) < 300 {
		t.Fatalf("outputs differ (%d and %d files)", len(a), len(b))
	}
}
