package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodProject = `+++
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
+++
`

// writeSite writes files into a new site folder and returns it.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExitStatus(t *testing.T) {
	site := `[[departments]]
name = "吴泾镇人民政府"
slug = "wujing"
`
	warnOnly := writeSite(t, map[string]string{"site.toml": site, "content/a.md": goodProject})
	broken := writeSite(t, map[string]string{"site.toml": site, "content/a.md": strings.Replace(goodProject, `total = "28.86"`, `total = "30"`, 1)})

	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"check", "-s", warnOnly}, exitOK, "warning indicators-satisfaction"},
		{[]string{"check", "-s", warnOnly, "--strict"}, exitFailed, "warning indicators-satisfaction"},
		{[]string{"check", "-s", broken}, exitFailed, "content/a.md:9:1: error funds-total:"},
		{[]string{"check", "-s", filepath.Join(broken, "nope")}, exitTrouble, ""},
		{[]string{"check", "--format", "xml", "-s", warnOnly}, exitTrouble, ""},
		{[]string{"check", "--bogus"}, exitTrouble, ""},
		{[]string{"check", "-h"}, exitOK, ""},
		{[]string{"nonsense"}, exitTrouble, ""},
		{[]string{"-h"}, exitOK, "check"},
	}
	for _, tt := range tests {
		code, out, _ := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("jixiao %s: exit %d, want %d; output:\n%s", strings.Join(tt.args, " "), code, tt.code, out)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": strings.Replace(goodProject, `total = "28.86"`, `total = "30"`, 1)})
	code, out, _ := runCmd("check", "-s", dir, "--format", "json")
	if code != exitFailed {
		t.Fatalf("exit %d", code)
	}
	var ds []struct {
		Path, Severity, Rule, Message string
		Line, Col                     int
	}
	if err := json.Unmarshal([]byte(out), &ds); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := false
	for _, d := range ds {
		if d.Rule == "funds-total" && d.Path == "content/a.md" && d.Line == 9 && d.Col == 1 && d.Severity == "error" && d.Message != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no funds-total error at content/a.md:9:1 in %s", out)
	}
}

func TestCheckVerboseShowsCaret(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/a.md": strings.Replace(goodProject, "year = 2023", "year = 2023 2024", 1)})
	code, out, _ := runCmd("check", "-s", dir, "--verbose")
	want := "content/a.md:3:12: error file-syntax"
	if code != exitFailed || !strings.Contains(out, want) || !strings.Contains(out, "    year = 2023 2024\n               ^\n") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

func TestRulesListsEveryRule(t *testing.T) {
	_, out, _ := runCmd("check", "--rules")
	for _, id := range []string{"file-encoding", "funds-total", "target-empty", "indicator-nonstandard", "site-duplicate-url"} {
		if !strings.Contains(out, id) {
			t.Errorf("--rules lacks %s", id)
		}
	}
}

// TestImportThenCheckSeed imports the seed's four tables and checks them:
// exactly the seed's real defects are reported, as warnings.
func TestImportThenCheckSeed(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.toml": "[[departments]]\nname = \"吴泾镇人民政府\"\nslug = \"wujing\"\n"})
	out := filepath.Join(dir, "content", "2023")
	if code, stdout, stderr := runCmd("import", "../../testdata/seed.txt", "-o", out); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("import", "../../testdata/seed.txt", "-o", out); code != exitFailed || !strings.Contains(stderr, "--force") {
		t.Fatalf("second import: exit %d, want a refusal to overwrite\n%s", code, stderr)
	}
	code, stdout, _ := runCmd("check", "-s", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("check: exit %d\n%s", code, stdout)
	}
	var ds []struct{ Rule, Severity, Message string }
	if err := json.Unmarshal([]byte(stdout), &ds); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, d := range ds {
		if d.Severity != "warning" {
			t.Errorf("unexpected %s %s: %s", d.Severity, d.Rule, d.Message)
		}
		count[d.Rule]++
		switch d.Rule {
		case "target-empty":
			if !strings.Contains(d.Message, "整体环境整洁度") {
				t.Errorf("empty target on the wrong row: %s", d.Message)
			}
		case "indicator-nonstandard":
			if !strings.Contains(d.Message, "效果指标") {
				t.Errorf("nonstandard name: %s", d.Message)
			}
		}
	}
	want := map[string]int{"target-empty": 1, "indicator-nonstandard": 3, "target-count-percent": 3}
	for rule, n := range want {
		if count[rule] != n {
			t.Errorf("%s reported %d times, want %d", rule, count[rule], n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("rules reported: %v, want only %v", count, want)
	}
}

func TestNewLoadsClean(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "content", "2024", "x")
	if code, _, stderr := runCmd("new", path); code != exitOK {
		t.Fatalf("new: exit %d %s", code, stderr)
	}
	if code, _, _ := runCmd("new", path); code != exitTrouble {
		t.Fatalf("new over an existing file: exit %d, want %d", code, exitTrouble)
	}
	code, stdout, _ := runCmd("check", "-s", dir)
	if code != exitOK {
		t.Fatalf("check of a new file: exit %d\n%s", code, stdout)
	}
}
