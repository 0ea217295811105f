package export

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
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
	whole := withResults(t)
	var summaries []*project.Project
	for _, p := range whole.Projects {
		q := *full(t, whole, p).Project
		q.Content, q.Evaluation = &project.Content{}, nil
		summaries = append(summaries, &q)
	}
	summary, ds := site.New(&load.Site{Config: whole.Config, Projects: summaries})
	if len(ds) > 0 {
		t.Fatal(ds)
	}

	want := publish.Memory{}
	wantFiles, err := Write(whole, want)
	if err != nil {
		t.Fatal(err)
	}
	got := publish.Memory{}
	w, err := NewWriter(summary, got)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range whole.Projects {
		if err := w.Add(full(t, whole, p)); err != nil {
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
// files are closed and gone, and a failure names its file. While writing,
// the temporary files have no name in the temporary folder, so that a
// build that is killed leaves none there.
func TestWriterReleases(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where os.CreateTemp puts the spooled rows
	spools := openSpools.Load()
	s := testSite(t)
	// long has a goal longer than the buffers, so that the CSV and JSON
	// files are written to while the project is added; of s they are only
	// at Close.
	long := testSite(t)
	full(t, long, long.Projects[0]).Goals.Overall = strings.Repeat("长", 50000)
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
		name                         string
		s                            *site.Site
		failCreate, fails, failClose string
	}{
		{name: "closed", s: s},
		{name: "open fails", s: s, failCreate: "data/projects.xlsx"},
		{name: "add fails", s: long, fails: "data/projects.csv"},
		{name: "add fails on JSON", s: long, fails: "data/projects.json"},
		{name: "close fails before the workbook", s: s, fails: "data/projects.json"},
		{name: "workbook fails", s: s, fails: "data/projects.xlsx"},
		// The full disk shows only when the file is closed.
		{name: "first file's close fails", s: long, failClose: "data/projects.csv"},
		{name: "workbook's close fails", s: long, failClose: "data/projects.xlsx"},
	} {
		out := &failing{Memory: publish.Memory{}, failCreate: tt.failCreate, failWrite: tt.fails, failClose: tt.failClose}
		_, err := Write(tt.s, out)
		switch want := tt.failCreate + tt.fails + tt.failClose; {
		case want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want+": ")):
			t.Errorf("%s: error %v, want one on %s", tt.name, err, want)
		}
		if out.open != 0 {
			t.Errorf("%s: %d files left open", tt.name, out.open)
		}
		if n := openSpools.Load() - spools; n != 0 {
			t.Errorf("%s: %d temporary files left open", tt.name, n)
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
	if err := w.Add(full(t, long, long.Projects[0])); err != nil {
		t.Fatal(err)
	}
	if openSpools.Load() == spools {
		t.Error("no temporary files while writing: the test tells nothing")
	}
	if names := leftovers(); len(names) > 0 && runtime.GOOS != "windows" { // which cannot remove an open file
		t.Errorf("while writing, temporary files named: %v", names)
	}
	w.Abort()
	if out.open != 0 {
		t.Errorf("aborted: %d files left open", out.open)
	}
	if n := openSpools.Load() - spools; n != 0 {
		t.Errorf("aborted: %d temporary files left open", n)
	}
	if names := leftovers(); len(names) > 0 {
		t.Errorf("aborted: temporary files left: %v", names)
	}
	if err := w.Add(full(t, long, long.Projects[0])); err == nil {
		t.Error("Add after Abort succeeded")
	}
	if _, err := w.Close(); err == nil {
		t.Error("Close after Abort succeeded")
	}
}

// failing is a publish.Creator that counts the files open, cannot create
// the file failCreate, cannot write to the file failWrite, and cannot
// close the file failClose, though every write to it succeeded.
type failing struct {
	publish.Memory
	open                             int
	failCreate, failWrite, failClose string
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
	if f.name == f.o.failClose {
		return errDiskFull
	}
	return f.o.WriteFile(f.name, f.Bytes())
}

// TestWriterScratchError: when a temporary file of the workbook fails, the
// error names the workbook and says that its temporary file failed, not
// the workbook itself; nothing is left open.
func TestWriterScratchError(t *testing.T) {
	long := testSite(t)
	full(t, long, long.Projects[0]).Goals.Overall = strings.Repeat("长", 50000) // past the buffer and the compressor's window, to the spool
	const want = "data/projects.xlsx: 临时文件 [scratch file]: "
	spools := openSpools.Load()

	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	out := &failing{Memory: publish.Memory{}}
	if _, err := NewWriter(long, out); err == nil || !strings.HasPrefix(err.Error(), want+"open ") {
		t.Errorf("without a temporary folder: error %v, want %q…", err, want+"open ")
	}
	if out.open != 0 {
		t.Errorf("without a temporary folder: %d files left open", out.open)
	}

	t.Setenv("TMPDIR", t.TempDir())
	out = &failing{Memory: publish.Memory{}}
	w, err := NewWriter(long, out)
	if err != nil {
		t.Fatal(err)
	}
	w.xlsx.sheets()[0].spool.f.Close() // its next write fails
	if err := w.Add(full(t, long, long.Projects[0])); err == nil || !strings.HasPrefix(err.Error(), want+"write ") {
		t.Errorf("spool write fails: error %v, want %q…", err, want+"write ")
	}
	if _, err := w.Close(); err == nil {
		t.Error("Close after a failed Add succeeded")
	}
	if out.open != 0 {
		t.Errorf("spool write fails: %d files left open", out.open)
	}
	if n := openSpools.Load() - spools; n != 0 {
		t.Errorf("spool write fails: %d temporary files left open", n)
	}
}

// TestWriterRefusesSlim: a slim project, which has let go of its goals and
// indicators, is refused by its file's name rather than written without
// them.
func TestWriterRefusesSlim(t *testing.T) {
	s := withResults(t)
	w, err := NewWriter(s, publish.Memory{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	p := *s.Projects[0]
	slim := *p.Project
	slim.Slim()
	p.Project = &slim
	if err := w.Add(&p); !errors.Is(err, project.ErrSlim) || !strings.HasPrefix(err.Error(), p.Path+": ") {
		t.Errorf("Add of a slim project: error %v", err)
	}
	if files, err := w.Close(); !errors.Is(err, project.ErrSlim) {
		t.Errorf("Close after a slim project: %d files, error %v", len(files), err)
	}

	// Write, given a slim project that its site cannot give in full
	// (site.Site.Full), stops there and hands back no data files.
	s.Projects[len(s.Projects)-1] = &p
	out := publish.Memory{}
	if files, err := Write(s, out); !errors.Is(err, project.ErrSlim) || files != nil {
		t.Errorf("Write with a slim project: %d files, error %v", len(files), err)
	}
}
