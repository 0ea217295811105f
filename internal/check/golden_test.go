package check_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"jixiao/internal/check"
	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/project"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/check/*.txtar")

// TestGolden runs every scenario in testdata/check: a small site in a txtar
// archive and, in its "want" file, the exact diagnostics it must produce.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/check/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	seen := make(map[string]bool)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			wantIdx := -1
			for i, f := range ar.Files {
				if f.Name == "want" {
					wantIdx = i
					continue
				}
				name, _, _ := strings.Cut(f.Name, " -> ")
				fsys[name] = mapFile(f)
			}
			got := run(fsys)
			if each := runEach(t, fsys); each != got {
				t.Errorf("checked as loaded (check.Each, then check.Site), the diagnostics differ\n--- got\n%s--- want\n%s", each, got)
			}
			for _, line := range strings.Split(got, "\n") {
				if _, rest, ok := strings.Cut(line, ": error "); ok {
					seen[strings.SplitN(rest, ":", 2)[0]] = true
				} else if _, rest, ok := strings.Cut(line, ": warning "); ok {
					seen[strings.SplitN(rest, ":", 2)[0]] = true
				}
			}
			if *update {
				if wantIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wantIdx = len(ar.Files) - 1
				}
				ar.Files[wantIdx].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if wantIdx < 0 {
				t.Fatalf("%s has no want file (run with -update)", file)
			}
			if want := string(ar.Files[wantIdx].Data); got != want {
				t.Errorf("diagnostics differ\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
	if t.Failed() || *update {
		return
	}
	for _, r := range check.All() {
		if !seen[r.ID] {
			t.Errorf("rule %s has no golden scenario in testdata/check", r.ID)
		}
	}
}

// mapFile turns an archive file into a file of the test file system. Two
// conventions stand for what text cannot hold: a name ending in " -> TARGET"
// is a symbolic link, and data starting with "#repeat N" is its second line
// repeated up to N bytes (a file too large to keep in the archive).
func mapFile(f txtar.File) *fstest.MapFile {
	if _, target, ok := strings.Cut(f.Name, " -> "); ok {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	if rest, ok := bytes.CutPrefix(f.Data, []byte("#repeat ")); ok {
		num, line, _ := bytes.Cut(rest, []byte("\n"))
		n, _ := strconv.Atoi(string(num))
		return &fstest.MapFile{Data: bytes.Repeat(line, n/max(len(line), 1)+1)[:n]}
	}
	return &fstest.MapFile{Data: f.Data}
}

// run checks the site the plain way: load everything, then apply every
// rule (check.Run).
func run(fsys fstest.MapFS) string {
	s, ds := load.Read(fsys)
	return format(append(ds, check.Run(s)...))
}

// runEach checks the site as a build and the check command do: each
// project as it is loaded (check.Each, which keeps it slim), then the
// site-wide rules on the slim projects. A build encodes each project for
// its pages and data files before checking it, so it also requires that
// the per-project rules change nothing that is encoded: what is published
// is what was checked.
func runEach(t *testing.T, fsys fstest.MapFS) string {
	s, ds := load.ReadEach(fsys, func(cfg *config.Site, p *project.Project) []diag.Diagnostic {
		before, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		var q project.Project
		if err := q.UnmarshalBinary(before); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		check.Project(&load.Site{Config: cfg}, &q)
		if after, err := q.AppendBinary(nil); err != nil || !bytes.Equal(after, before) {
			t.Errorf("%s: the checks changed what a build publishes (%v)", p.Path, err)
		}
		return check.Each(cfg, p)
	})
	return format(append(ds, check.Site(s)...))
}

// format sorts diagnostics and prints them a line each.
func format(ds []diag.Diagnostic) string {
	diag.Sort(ds)
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
