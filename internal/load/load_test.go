package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"jixiao/internal/diag"
	"jixiao/internal/project"
)

const sample = `+++
name = "新中心运营费"
year = 2023
department = "吴泾镇人民政府"
unit = "吴泾镇社区党群服务中心"
category = "专项资金"
start = 2023-01-01

[funds]
total = "28.86"

[goals]
overall = """
第一行
第二行"""
annual = "x"

[[indicators]]
level1 = "产出指标"
name = "活动开展次数"

[[indicators]]
level1 = "效益指标"
target = "90%"
+++

## 项目概况
`

func TestKeyPositions(t *testing.T) {
	p, ds := Project("content/2023/a.md", []byte(sample))
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	want := map[string]int{
		"name": 2, "year": 3, "start": 7, "funds": 9, "funds.total": 10,
		"goals.overall": 13, "goals.annual": 16, "indicators.0": 18,
		"indicators.0.name": 20, "indicators.1.level1": 23, "indicators.1.target": 24,
	}
	for key, line := range want {
		if got := p.At(key).Line; got != line {
			t.Errorf("At(%q) = line %d, want %d", key, got, line)
		}
	}
	if got := p.At("indicators.1.name").Line; got != 22 {
		t.Errorf("a missing key falls back to its row: got line %d, want 22", got)
	}
	if p.Slug != "2023/a" || p.URL() != "/2023/a/" {
		t.Errorf("slug %q url %q", p.Slug, p.URL())
	}
	if p.BodyLine != 26 || !strings.HasPrefix(string(p.Body), "\n## 项目概况") {
		t.Errorf("body at line %d: %q", p.BodyLine, p.Body)
	}
	if p.Goals.Overall != "第一行\n第二行" {
		t.Errorf("overall = %q", p.Goals.Overall)
	}
}

func TestCRLFAndBOMKeepLines(t *testing.T) {
	src := "\ufeff" + strings.ReplaceAll(sample, "\n", "\r\n")
	p, ds := Project("content/a.md", []byte(src))
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if p.Name != "新中心运营费" || p.At("funds.total").Line != 10 {
		t.Errorf("name %q, funds.total at %d", p.Name, p.At("funds.total").Line)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2023-01-01": "2023-01-01", "2023.1.1": "2023-01-01", "2023. 12. 31": "2023-12-31",
		"2023/6/30": "2023-06-30", "2023年1月1日": "2023-01-01", "２０２３.１.１": "2023-01-01",
	} {
		d, ok := ParseDate(in)
		if !ok || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, ok, want)
		}
	}
	for _, in := range []string{"2023-02-30", "2023", "明年", "23.1.1", "2023-13-01"} {
		if d, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %v, want failure", in, d)
		}
	}
}

// TestSymlinkOnDisk checks the real file system too: a link out of the site
// is refused and nothing outside is read.
func TestSymlinkOnDisk(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content", "a.md")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	s, ds := Read(os.DirFS(dir))
	if len(s.Projects) != 0 || len(ds) != 1 || ds[0].Rule != RuleLink.ID {
		t.Fatalf("projects %d, diagnostics %v", len(s.Projects), ds)
	}
}

func TestReadSortsAndSkips(t *testing.T) {
	fsys := fstest.MapFS{
		"content/b.md":               {Data: []byte(sample)},
		"content/a.toml":             {Data: []byte(strings.Trim(strings.Split(sample, "+++")[1], "\n"))},
		"content/.#a.md":             {Data: []byte("lock")},
		"content/a.md~":              {Data: []byte("backup")},
		"content/_drafts/c.md":       {Data: []byte("x")},
		"content/x/.swp/d.md":        {Data: []byte("x")},
		"content/readme.txt":         {Data: []byte("x")},
		"content/x/.a.md.swp":        {Data: []byte("x")},
		"content/deep/er/e.md":       {Data: []byte(sample)},
		"content/deep/er/4913":       {Data: []byte("")},
		"layouts/project.html":       {Data: []byte("")},
		"content/deep/f.tmp.md":      {Data: []byte(sample)},
		"content/old.bak/g.md":       {Data: []byte(sample)},
		"content/h___jb_old___/i.md": {Data: []byte(sample)},
	}
	s, ds := Read(fsys)
	var paths []string
	for _, p := range s.Projects {
		paths = append(paths, p.Path)
	}
	want := "content/a.toml content/b.md content/deep/er/e.md content/deep/f.tmp.md"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("projects = %s\nwant %s", got, want)
	}
	if errs, _ := diag.Count(ds); errs != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
}

func FuzzProject(f *testing.F) {
	f.Add("content/a.md", []byte(sample))
	f.Add("content/a.toml", []byte("name = 1\n[funds]\ntotal = \"1.00001\"\n[[indicators]]\ntarget = 90\n"))
	f.Add("content/a.md", []byte("+++\n"))
	f.Add("content/a.md", []byte("\xff\xfe+\x00"))
	f.Add("content/a.md", []byte("+++\nname = \"\"\"\n+++\n\"\"\"\n+++\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".toml") {
			name += ".md"
		}
		p, ds := Project(name, data)
		for _, d := range ds {
			if d.Path != name || d.Line < 1 || d.Rule == "" || d.Message == "" {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
		if p == nil && len(ds) == 0 {
			t.Fatal("no project and no diagnostic")
		}
	})
}

// TestDateOutOfRange: a date that project.Date cannot hold (TOML's dates
// have four-digit years, so only a parser change could bring one) is
// reported at its key, left unread, and not kept as a wrong date.
func TestDateOutOfRange(t *testing.T) {
	p := &project.Project{Path: "content/2023/a.md",
		Content: &project.Content{Pos: map[string]diag.Pos{"start": {Line: 8, Col: 1}}}}
	d := &decoder{p: p}
	if got := d.date("start", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); !got.IsZero() {
		t.Errorf("date = %v, want none", got)
	}
	if len(d.diags) != 1 || d.diags[0].Rule != RuleDate.ID || d.diags[0].Line != 8 ||
		d.diags[0].Path != p.Path || !strings.Contains(d.diags[0].Message, "10000-01-01") {
		t.Errorf("diagnostics %+v, want one %s at %s:8:1 naming the date", d.diags, RuleDate.ID, p.Path)
	}
	if p.Readable("start") {
		t.Error("start is readable")
	}
}
