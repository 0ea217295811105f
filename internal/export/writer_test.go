package export

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

// TestWriterUsesGivenProjects: a Writer made from a site whose projects
// are summaries, without goals, indicators or self-evaluation, and given
// the full projects one by one, writes the same files as Write of the
// full site.
func TestWriterUsesGivenProjects(t *testing.T) {
	full := withResults(t)
	var summaries []*project.Project
	for _, p := range full.Projects {
		q := *p.Project
		q.Goals, q.Indicators, q.Evaluation = project.Goals{}, nil, nil
		summaries = append(summaries, &q)
	}
	summary, ds := site.New(&load.Site{Config: full.Config, Projects: summaries})
	if len(ds) > 0 {
		t.Fatal(ds)
	}

	want := publish.Memory{}
	wantFiles, err := Write(full, want)
	if err != nil {
		t.Fatal(err)
	}
	got := publish.Memory{}
	w, err := NewWriter(summary, got)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range full.Projects {
		if err := w.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	gotFiles, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gotFiles, wantFiles) {
		t.Errorf("files = %v, want %v", gotFiles, wantFiles)
	}
	for _, name := range want.Names() {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs from Write's", name)
		}
	}
	if _, err := w.Close(); err == nil {
		t.Error("a second Close succeeded")
	}

	// Had the summaries been written, the files would differ.
	summed := publish.Memory{}
	if _, err := Write(summary, summed); err != nil {
		t.Fatal(err)
	}
	for _, name := range want.Names() {
		if bytes.Equal(summed[name], want[name]) {
			t.Errorf("%s of the summaries is that of the full projects: the test tells nothing", name)
		}
	}
}

// TestWriterReleases: however writing ends — closed, aborted, or failing
// on any file — every file opened is closed, the workbook's temporary
// files are gone, and a failure names its file.
func TestWriterReleases(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where os.CreateTemp puts the spooled rows
	s := testSite(t)
	// long has a goal longer than the buffers, so that the CSV and JSON
	// files are written to while the project is added; of s they are only
	// at Close.
	long := testSite(t)
	long.Projects[0].Goals.Overall = strings.Repeat("长", 50000)
	leftovers := func() []string {
		t.Helper()
		entries, err := os.ReadDir(tmp)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}

	for _, tt := range []struct {
		name              string
		s                 *site.Site
		failCreate, fails string
	}{
		{name: "closed", s: s},
		{name: "open fails", s: s, failCreate: "data/projects.xlsx"},
		{name: "add fails", s: long, fails: "data/projects.csv"},
		{name: "add fails on JSON", s: long, fails: "data/projects.json"},
		{name: "close fails before the workbook", s: s, fails: "data/projects.json"},
		{name: "workbook fails", s: s, fails: "data/projects.xlsx"},
	} {
		out := &failing{Memory: publish.Memory{}, failCreate: tt.failCreate, failWrite: tt.fails}
		_, err := Write(tt.s, out)
		switch want := tt.failCreate + tt.fails; {
		case want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want+": ")):
			t.Errorf("%s: error %v, want one on %s", tt.name, err, want)
		}
		if out.open != 0 {
			t.Errorf("%s: %d files left open", tt.name, out.open)
		}
		if names := leftovers(); len(names) > 0 {
			t.Errorf("%s: temporary files left: %v", tt.name, names)
		}
	}

	out := &failing{Memory: publish.Memory{}}
	w, err := NewWriter(long, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(long.Projects[0]); err != nil {
		t.Fatal(err)
	}
	if len(leftovers()) == 0 {
		t.Error("no temporary files while writing: the test tells nothing")
	}
	w.Abort()
	if out.open != 0 {
		t.Errorf("aborted: %d files left open", out.open)
	}
	if names := leftovers(); len(names) > 0 {
		t.Errorf("aborted: temporary files left: %v", names)
	}
	if err := w.Add(long.Projects[0]); err == nil {
		t.Error("Add after Abort succeeded")
	}
	if _, err := w.Close(); err == nil {
		t.Error("Close after Abort succeeded")
	}
}

// failing is a publish.Creator that counts the files open, cannot create
// the file failCreate, and cannot write to the file failWrite.
type failing struct {
	publish.Memory
	open                  int
	failCreate, failWrite string
}

var errDiskFull = errors.New("disk full")

func (o *failing) Create(name string) (io.WriteCloser, error) {
	if name == o.failCreate {
		return nil, errDiskFull
	}
	o.open++
	return &failingFile{o: o, name: name}, nil
}

type failingFile struct {
	bytes.Buffer
	o    *failing
	name string
}

func (f *failingFile) Write(p []byte) (int, error) {
	if f.name == f.o.failWrite {
		return 0, errDiskFull
	}
	return f.Buffer.Write(p)
}

func (f *failingFile) Close() error {
	f.o.open--
	return f.o.WriteFile(f.name, f.Bytes())
}
