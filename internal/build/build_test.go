package build_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/load"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/site"
)

var update = flag.Bool("update", false, "rewrite testdata/golden and testdata/golden-results from their sites")

// exampleSite is the example site at the root of the repository.
var exampleSite = os.DirFS("../..")

// resultsSite is a small site whose projects publish self-evaluation
// results (绩效自评), but for one.
var resultsSite = os.DirFS("../../testdata/results")

// golden reports whether a built file is compared with testdata/golden:
// every page, feed and text data file; not the static files (they are
// sources themselves) nor the binary workbook.
func golden(name string) bool {
	if strings.HasPrefix(name, "static/") {
		return false
	}
	switch path.Ext(name) {
	case ".html", ".xml", ".txt":
		return true
	case ".csv", ".json":
		return strings.HasPrefix(name, "data/")
	}
	return false
}

func buildMemory(t *testing.T, fsys fs.FS) (publish.Memory, build.Result) {
	t.Helper()
	out := publish.Memory{}
	res, err := build.Build(fsys, out, build.Options{})
	if err != nil {
		for _, d := range res.Diagnostics {
			t.Log(d)
		}
		t.Fatal(err)
	}
	return out, res
}

func TestGolden(t *testing.T) {
	out := compareGolden(t, exampleSite, filepath.Join("testdata", "golden"))
	// At least these, as the issue asks.
	for _, name := range []string{"index.html", "2023/index.html", "departments/wujing/index.html",
		"units/wujing-dangqun/index.html", "search/index.html", "data/index.html", "404.html",
		"sitemap.xml", "feed.xml", "robots.txt", "data/projects.csv", "data/projects.json",
		"data/indicators.csv", "data/projects.xlsx", "static/style.css", "static/site.js"} {
		if out[name] == nil {
			t.Errorf("%s was not built", name)
		}
	}
}

// TestGoldenResults holds the pages and data files of a site with
// self-evaluation results: the project pages with their results columns
// and marks, the index pages with indicators met and average scores, the
// score charts, and the results columns of the data files.
func TestGoldenResults(t *testing.T) {
	compareGolden(t, resultsSite, filepath.Join("testdata", "golden-results"))
}

// compareGolden builds fsys and compares every golden file of the output
// with its copy under dir, or with -update rewrites dir. It returns the
// output.
func compareGolden(t *testing.T, fsys fs.FS, dir string) publish.Memory {
	t.Helper()
	out, res := buildMemory(t, fsys)
	if res.Projects == 0 {
		t.Fatal("the site has no projects")
	}
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, name := range out.Names() {
		if !golden(name) {
			continue
		}
		want = append(want, name)
		file := filepath.Join(dir, filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, out[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		expected, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: no golden file (run go test ./internal/build -update): %v", name, err)
			continue
		}
		if !bytes.Equal(out[name], expected) {
			t.Errorf("%s differs from %s (run go test ./internal/build -update and read the diff):\n%s",
				name, file, firstDiff(expected, out[name]))
		}
	}
	var have []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			have = append(have, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(have)
	if !*update && !slices.Equal(have, want) {
		t.Errorf("golden files %v\nbuilt files  %v", have, want)
	}
	return out
}

// firstDiff shows the first line that differs.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, w, g)
		}
	}
	return "(same lines)"
}

// hashes returns the SHA-256 of every file under dir, by relative path.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// buildDir builds fsys into the folder out as `jixiao build` does.
func buildDir(fsys fs.FS, out string, opts build.Options) (build.Result, error) {
	d, err := publish.Create(out, publish.Protect{})
	if err != nil {
		return build.Result{}, err
	}
	defer d.Abort()
	res, err := build.Build(fsys, d, opts)
	if err != nil {
		return res, err
	}
	return res, d.Commit()
}

func TestReproducible(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if _, err := buildDir(exampleSite, dir, build.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	ha, hb := hashes(t, a), hashes(t, b)
	if len(ha) < 10 {
		t.Fatalf("only %d files", len(ha))
	}
	for name, h := range ha {
		if hb[name] != h {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if len(ha) != len(hb) {
		t.Errorf("%d files, then %d", len(ha), len(hb))
	}
}

// smallSite is a valid site of one project.
func smallSite() fstest.MapFS {
	return fstest.MapFS{
		"site.toml": {Data: []byte("title = \"测试站\"\nbase_url = \"https://example.org/\"\n")},
		"content/2023/a.md": {Data: []byte(`+++
name = "新中心运营费"
year = 2023
department = "吴泾镇人民政府"
unit = "吴泾镇社区党群服务中心"
category = "专项资金"

[funds]
total = "28.86"
fiscal = "28.86"
annual = "28.86"
appropriation = "28.86"

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "活动开展次数"
target = "≥24次"

[[indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "党员幸福感"
target = "有效提升"

[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "满意度"
target = "≥90%"
+++

## 项目概况

说明。
`)},
	}
}

// failing is an Output that fails after n writes, as a full disk would.
type failing struct {
	publish.Output
	n int
}

func (f *failing) WriteFile(name string, data []byte) error {
	if f.n--; f.n < 0 {
		return errors.New("no space left on device")
	}
	return f.Output.WriteFile(name, data)
}

func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := buildDir(smallSite(), out, build.Options{}); err != nil {
		t.Fatal(err)
	}
	before := hashes(t, out)
	unchanged := func(t *testing.T) {
		t.Helper()
		after := hashes(t, out)
		if len(after) != len(before) {
			t.Errorf("%d files, %d before", len(after), len(before))
		}
		for name, h := range before {
			if after[name] != h {
				t.Errorf("%s changed", name)
			}
		}
		entries, _ := os.ReadDir(filepath.Dir(out))
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("beside the output: %v, want nothing", names)
		}
	}

	t.Run("template error", func(t *testing.T) {
		fsys := smallSite()
		fsys["layouts/project.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n<h1>{{.Page.Title}}</h1>\n{{if}}\n{{end}}")}
		_, err := buildDir(fsys, out, build.Options{})
		if err == nil || !strings.Contains(err.Error(), "layouts/project.html:3") {
			t.Errorf("err = %v, want it to name layouts/project.html:3", err)
		}
		unchanged(t)
	})
	t.Run("template execution error", func(t *testing.T) {
		fsys := smallSite()
		fsys["layouts/home.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n\n<p>{{.Page.NoSuchField}}</p>{{end}}")}
		_, err := buildDir(fsys, out, build.Options{})
		if err == nil || !strings.Contains(err.Error(), "layouts/home.html:3") {
			t.Errorf("err = %v, want it to name layouts/home.html:3", err)
		}
		unchanged(t)
	})
	t.Run("check error", func(t *testing.T) {
		fsys := smallSite()
		fsys["content/2023/b.md"] = &fstest.MapFile{Data: []byte("+++\nname = \"x\"\n+++\n")}
		res, err := buildDir(fsys, out, build.Options{})
		if !errors.Is(err, build.ErrCheck) || len(res.Diagnostics) == 0 {
			t.Errorf("err = %v with %d diagnostics, want ErrCheck", err, len(res.Diagnostics))
		}
		unchanged(t)
	})
	t.Run("write error", func(t *testing.T) {
		d, err := publish.Create(out, publish.Protect{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = build.Build(smallSite(), &failing{Output: d, n: 5}, build.Options{})
		d.Abort()
		if err == nil || !strings.Contains(err.Error(), "no space") {
			t.Errorf("err = %v", err)
		}
		unchanged(t)
	})
}

func TestStrictStopsOnWarnings(t *testing.T) {
	fsys := smallSite()
	// No slug for the department: a warning.
	if _, err := build.Build(fsys, publish.Memory{}, build.Options{}); err != nil {
		t.Fatalf("non-strict: %v", err)
	}
	if _, err := build.Build(fsys, publish.Memory{}, build.Options{Strict: true}); !errors.Is(err, build.ErrCheck) {
		t.Errorf("strict: err = %v, want ErrCheck", err)
	}
}

func TestOverridesAndExtraGenerators(t *testing.T) {
	fsys := smallSite()
	fsys["static/style.css"] = &fstest.MapFile{Data: []byte("body { color: red }")}
	fsys["static/extra.txt"] = &fstest.MapFile{Data: []byte("mine")}
	fsys["static/search.js"] = &fstest.MapFile{Data: []byte("// search")}
	fsys["layouts/404.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p>自己的 404</p>{{end}}`)}
	extra := func(s *site.Site, out publish.Output) error {
		return out.WriteFile("extra/index.json", []byte(fmt.Sprint(len(s.Projects))))
	}
	out := publish.Memory{}
	res, err := build.Build(fsys, out, build.Options{Extra: []build.Generator{extra}})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"static/style.css": "body { color: red }", "static/extra.txt": "mine", "extra/index.json": "1",
	} {
		if got := string(out[name]); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !bytes.Contains(out["404.html"], []byte("自己的 404")) || !bytes.Contains(out["404.html"], []byte(`<footer`)) {
		t.Errorf("404.html does not use the site's layout inside the built-in base")
	}
	if !bytes.Contains(out["search/index.html"], []byte(`<script src="/static/search.js" defer>`)) {
		t.Errorf("search page does not load static/search.js when it exists")
	}
	if out["static/site.js"] == nil {
		t.Errorf("built-in static files are missing")
	}
	if res.Files != len(out) || res.Pages == 0 {
		t.Errorf("result counts %d files %d pages; wrote %d", res.Files, res.Pages, len(out))
	}

	// A generator may not take the name of another output — a generated
	// file, a page, a static file — in a build or in the dev server's plan,
	// and the error names the file.
	for _, name := range []string{"feed.xml", "index.html", "static/style.css"} {
		clash := func(s *site.Site, out publish.Output) error { return out.WriteFile(name, nil) }
		opts := build.Options{Extra: []build.Generator{clash}}
		if _, err := build.Build(fsys, publish.Memory{}, opts); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("a generator wrote %s: build error %v", name, err)
		}
		s, _ := load.Read(fsys)
		p, _, err := build.NewPlan(s, render.Overlay{{FS: fsys}, {FS: jixiao.Builtin}}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := p.Generated("extra/none"); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("a generator wrote %s: plan error %v", name, err)
		}
	}
}

func TestNoSearchScriptWithoutFile(t *testing.T) {
	out, _ := buildMemory(t, smallSite())
	if bytes.Contains(out["search/index.html"], []byte("search.js")) && out["static/search.js"] == nil {
		t.Error("search page loads a script that does not exist")
	}
}

// editedFS gives the changed contents of one file from its second opening
// on, as if it were saved while a build ran.
type editedFS struct {
	fstest.MapFS
	name    string
	changed []byte
	opened  atomic.Int32
}

func (e *editedFS) Open(name string) (fs.File, error) {
	if name == e.name && e.opened.Add(1) > 1 {
		return fstest.MapFS{name: {Data: e.changed}}.Open(name)
	}
	return e.MapFS.Open(name)
}

// TestFileEditedDuringBuild: the build reads each project file once, and
// its pages, data and index come from what it checked. A file saved while
// it runs changes nothing of this build, whether the edit changes the
// totals of the index pages, the count of indicators, breaks a check, only
// touches the narrative, or leaves a file that no longer loads.
func TestFileEditedDuringBuild(t *testing.T) {
	before := hashes(t, buildTo(t, smallSite()))
	const name = "content/2023/a.md"
	for _, edit := range []struct{ old, new string }{
		{`total = "28.86"`, `total = "38.86"`},                  // the totals of the index pages
		{"[[indicators]]\nlevel1 = \"产出指标\"", "[[indicatorz]]"}, // the count of indicators
		{`level1 = "产出指标"`, `level1 = "胡乱指标"`},                  // an error of the checks
		{"说明。", "新的说明。"},                                        // the narrative only
		{`year = 2023`, `year = "2023`},                         // no longer loads
	} {
		fsys := smallSite()
		changed := strings.Replace(string(fsys[name].Data), edit.old, edit.new, 1)
		if changed == string(fsys[name].Data) {
			t.Fatalf("edit %q does not apply", edit.old)
		}
		edited := &editedFS{MapFS: fsys, name: name, changed: []byte(changed)}
		if after := hashes(t, buildTo(t, edited)); !maps.Equal(before, after) {
			t.Errorf("%s edited to %q during the build: the site changed", name, edit.new)
		}
		if n := edited.opened.Load(); n != 1 {
			t.Errorf("%s opened %d times, want once", name, n)
		}
	}
}

// buildTo builds fsys into a new folder and returns it.
func buildTo(t *testing.T, fsys fs.FS) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := buildDir(fsys, out, build.Options{}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoScratchFile: without a place for its scratch files the build
// stops before it writes anything, and says why.
func TestNoScratchFile(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "gone"))
	out := publish.Memory{}
	_, err := build.Build(smallSite(), out, build.Options{})
	if err == nil || !strings.Contains(err.Error(), "[project scratch file]") {
		t.Errorf("build without TMPDIR: error %v", err)
	}
	if len(out) > 0 {
		t.Errorf("a build without its scratch file wrote %d files", len(out))
	}
}

// TestNoScratchFilesLeft: the build's scratch files (the encoded
// projects, the workbook's rows, the index's postings) leave nothing in
// TMPDIR.
func TestNoScratchFilesLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if _, err := buildDir(exampleSite, filepath.Join(t.TempDir(), "public"), build.Options{}); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}
