package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want files of testdata/bad")

// TestBadInputs runs `check` and `build` on every case of testdata/bad: a
// small site with one kind of bad input, and in its "want" file the
// diagnostics it must produce (path:line severity rule). Neither command
// may panic; a case with an error must make build exit 1 and write nothing.
func TestBadInputs(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/bad/*.txtar")
	if len(files) < 40 {
		t.Fatalf("%d bad-input cases, want at least 40", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			site := filepath.Join(dir, "site")
			want := materialize(t, site, ar)

			code, stdout, stderr := runCmd("check", "-s", site, "--format", "json")
			got := summarize(t, stdout)
			if *update {
				writeWant(t, file, ar, got)
				return
			}
			if got != want {
				t.Errorf("check diagnostics differ\n--- got\n%s--- want\n%s", got, want)
			}
			hasError := strings.Contains(got, " error ")
			if wantCode := map[bool]int{true: exitFailed, false: exitOK}[hasError]; code != wantCode {
				t.Errorf("check exit %d, want %d\n%s", code, wantCode, stderr)
			}

			out := filepath.Join(dir, "public")
			code, _, stderr = runCmd("build", "-s", site, "-o", out)
			if hasError {
				if code != exitFailed {
					t.Errorf("build exit %d, want %d\n%s", code, exitFailed, stderr)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 1 {
					t.Errorf("build left %v beside the site, want nothing", names(entries))
				}
			} else if code != exitOK {
				t.Errorf("build exit %d, want 0\n%s", code, stderr)
			}
		})
	}
}

// materialize writes the archive's files into dir and returns its want file.
// A name "a -> b" is a symbolic link to b; data starting with "#repeat N"
// is its next line repeated to N bytes (too large to keep in the archive).
func materialize(t *testing.T, dir string, ar *txtar.Archive) string {
	t.Helper()
	want := ""
	for _, f := range ar.Files {
		if f.Name == "want" {
			want = string(f.Data)
			continue
		}
		name, target, link := strings.Cut(f.Name, " -> ")
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if link {
			if err := os.Symlink(target, path); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			continue
		}
		data := f.Data
		if rest, ok := bytes.CutPrefix(data, []byte("#repeat ")); ok {
			num, line, _ := bytes.Cut(rest, []byte("\n"))
			n, _ := strconv.Atoi(string(num))
			data = bytes.Repeat(line, n/max(len(line), 1)+1)[:n]
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return want
}

// summarize reduces check's JSON to one line per diagnostic: what the
// corpus pins down (path, line, severity, rule), not the wording.
func summarize(t *testing.T, stdout string) string {
	t.Helper()
	var ds []struct {
		Path, Severity, Rule string
		Line                 int
	}
	if err := json.Unmarshal([]byte(stdout), &ds); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, stdout)
	}
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s:%d %s %s\n", d.Path, d.Line, d.Severity, d.Rule)
	}
	return b.String()
}

func writeWant(t *testing.T, file string, ar *txtar.Archive, got string) {
	t.Helper()
	found := false
	for i := range ar.Files {
		if ar.Files[i].Name == "want" {
			ar.Files[i].Data, found = []byte(got), true
		}
	}
	if !found {
		ar.Files = append(ar.Files, txtar.File{Name: "want", Data: []byte(got)})
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(entries []os.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
