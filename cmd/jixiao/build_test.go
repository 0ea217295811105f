package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuildWritesSite(t *testing.T) {
	site := writeSite(t, map[string]string{
		"site.toml":         "title = \"测试站\"\n[[departments]]\nname = \"吴泾镇人民政府\"\nslug = \"wujing\"\n",
		"content/2023/a.md": goodProject,
	})
	code, stdout, stderr := runCmd("build", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, name := range []string{"index.html", "2023/a/index.html", "departments/wujing/index.html",
		"data/projects.csv", "feed.xml", "static/style.css", ".jixiao-output"} {
		if _, err := os.Stat(filepath.Join(site, "public", name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(stderr, "个页面") || !strings.Contains(stderr, "pages") {
		t.Errorf("no summary line: %q", stderr)
	}
	// Build again over the previous output, into another folder too.
	other := filepath.Join(t.TempDir(), "www")
	for _, args := range [][]string{{"build", "-s", site}, {"build", "-s", site, "-o", other}} {
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

func TestBuildStopsOnErrors(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/2023/a.md": goodProject,
		"content/2023/b.md": "+++\nname = \"缺字段\"\n+++\n",
	})
	code, stdout, _ := runCmd("build", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "content/2023/b.md:") {
		t.Errorf("diagnostics not printed: %q", stdout)
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a failed build wrote public/")
	}
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestBuildRefusesDangerousOutput(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/2023/a.md": goodProject,
		"static/mine.css":   "body {}",
		"layouts/note.txt":  "keep",
	})
	for _, out := range []string{
		site, filepath.Join(site, "content"), filepath.Join(site, "static"), filepath.Join(site, "layouts"),
		filepath.Dir(site), filepath.Join(site, "content", "public"), filepath.Join(site, "content", ".."),
	} {
		code, _, stderr := runCmd("build", "-s", site, "-o", out)
		if code != 2 || !strings.Contains(stderr, "拒绝") {
			t.Errorf("-o %s: exit %d, %q; want 2 and a refusal", out, code, stderr)
		}
	}
	// A folder that jixiao did not write is not replaced.
	docs := filepath.Join(t.TempDir(), "docs")
	os.Mkdir(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "thesis.docx"), []byte("years of work"), 0o644)
	if code, _, stderr := runCmd("build", "-s", site, "-o", docs); code != 2 || !strings.Contains(stderr, ".jixiao-output") {
		t.Errorf("-o docs: exit %d, %q", code, stderr)
	}
	for _, name := range []string{"content/2023/a.md", "static/mine.css", "layouts/note.txt"} {
		if _, err := os.Stat(filepath.Join(site, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(docs, "thesis.docx")); string(b) != "years of work" {
		t.Error("docs/ was touched")
	}
}
