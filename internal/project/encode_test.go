package project_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

func money(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sample(t testing.TB) *project.Project {
	return &project.Project{
		Name:       "新中心运营费",
		Code:       "2023-WJ-002",
		Year:       2023,
		Department: "吴泾镇人民政府",
		Unit:       "吴泾镇社区党群服务中心",
		Category:   "专项资金",
		Start:      project.Date{Year: 2023, Month: 1, Day: 1},
		End:        project.Date{Year: 2023, Month: 12, Day: 31},
		Funds: project.Funds{
			Total: money(t, "28.86"), Fiscal: money(t, "28.86"), Other: money(t, "0"),
			Annual: money(t, "28.86"), Appropriation: money(t, "28.8"), Carryover: money(t, "0.06"),
			AnnualOther: money(t, "0.0001"),
		},
		Content: &project.Content{Goals: project.Goals{
			Overall: "为党员和居民提供安静舒适的阅读环境。",
			Annual:  "开展党群主题活动。\n维护电子设备。",
		}, Indicators: []project.Indicator{
			{Level1: "产出指标", Level2: "数量指标", Name: "活动开展次数", Target: value.Parse("≥24次")},
			{Level1: "效益指标", Level2: "生态效益指标", Name: "整体环境整洁度", Target: value.Parse("")},
		}, Body: []byte("\n## 项目概况\n\n图书吧。\n")},
	}
}

func TestEncodeFormat(t *testing.T) {
	var b bytes.Buffer
	if err := project.Encode(&b, sample(t)); err != nil {
		t.Fatal(err)
	}
	want := `+++
name = "新中心运营费"
code = "2023-WJ-002"
year = 2023
department = "吴泾镇人民政府"
unit = "吴泾镇社区党群服务中心"
category = "专项资金"
start = 2023-01-01
end = 2023-12-31

[funds]
total = "28.86"
fiscal = "28.86"
other = "0"
annual = "28.86"
appropriation = "28.8"
carryover = "0.06"
annual_other = "0.0001"

[goals]
overall = "为党员和居民提供安静舒适的阅读环境。"
annual = """
开展党群主题活动。
维护电子设备。"""

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "活动开展次数"
target = "≥24次"

[[indicators]]
level1 = "效益指标"
level2 = "生态效益指标"
name = "整体环境整洁度"
target = ""
+++

## 项目概况

图书吧。
`
	if got := b.String(); got != want {
		t.Errorf("Encode:\n%s\nwant:\n%s", got, want)
	}
}

func TestEncodeOmitsOptionalKeys(t *testing.T) {
	var b bytes.Buffer
	if err := project.Encode(&b, &project.Project{Name: "x", Content: &project.Content{}}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"code =", "year =", "start =", "end ="} {
		if strings.Contains(b.String(), key) {
			t.Errorf("empty %s written:\n%s", key, b.String())
		}
	}
	for _, key := range []string{"department = \"\"", "total = \"0\"", "overall = \"\""} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("%s missing:\n%s", key, b.String())
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	tricky := []string{
		`he said "hi"`,
		`C:\path\to\file`,
		`ends with a quote"`,
		`ends with a backslash\`,
		`three """ quotes`,
		`"""`,
		`""""""`,
		`\"""`,
		`""`,
		"",
		"两行\n文字",
		"\n开头换行",
		"结尾换行\n",
		"\"\n\"",
		"a\r\nb",
		"tab\there",
		"控制字符\x01\x7f",
		"+++",
		"第一行\n+++\n第三行",
		"  前后空格  ",
		"引号“中文”，全角：９５％",
		"# not a comment",
		"[[indicators]]\nname = \"x\"",
	}
	for _, s := range tricky {
		p := sample(t)
		p.Name = s
		p.Code = s
		p.Department = s
		p.Category = s
		p.Goals.Overall = s
		p.Goals.Annual = s + "\n" + s
		p.Indicators[0].Name = strings.TrimSpace(s)
		p.Indicators[0].Target = value.Parse(s)
		p.Indicators[1].Level2 = framework.Clean(s)
		p.Body = []byte(strings.ReplaceAll(s, "\r\n", "\n"))
		roundTrip(t, p)
	}
}

// roundTrip encodes p, loads it back and compares every field.
func roundTrip(t *testing.T, p *project.Project) {
	t.Helper()
	var b bytes.Buffer
	if err := project.Encode(&b, p); err != nil {
		t.Fatalf("Encode(%q): %v", p.Name, err)
	}
	q, ds := load.Project("content/a.md", b.Bytes())
	if q == nil {
		t.Fatalf("Encode(%q) does not load: %v\n%s", p.Name, ds, b.String())
	}
	if len(ds) > 0 {
		t.Errorf("Encode(%q) loads with diagnostics %v\n%s", p.Name, ds, b.String())
	}
	same(t, q, p)
}

func same(t *testing.T, got, want *project.Project) {
	t.Helper()
	check := func(what string, g, w any) {
		t.Helper()
		if g != w {
			t.Errorf("%s = %q, want %q", what, g, w)
		}
	}
	check("name", got.Name, want.Name)
	check("code", got.Code, want.Code)
	check("year", got.Year, want.Year)
	check("department", got.Department, want.Department)
	check("unit", got.Unit, want.Unit)
	check("category", got.Category, want.Category)
	check("start", got.Start, want.Start)
	check("end", got.End, want.End)
	check("funds", got.Funds, want.Funds)
	check("goals.overall", got.Goals.Overall, want.Goals.Overall)
	check("goals.annual", got.Goals.Annual, want.Goals.Annual)
	check("body", string(got.Body), string(want.Body))
	if len(got.Indicators) != len(want.Indicators) {
		t.Fatalf("%d indicators, want %d", len(got.Indicators), len(want.Indicators))
	}
	for i, g := range got.Indicators {
		w := want.Indicators[i]
		check("level1", g.Level1, w.Level1)
		check("level2", g.Level2, w.Level2)
		check("indicator name", g.Name, w.Name)
		check("target", g.Target.Raw, w.Target.Raw)
	}
}

func TestEncodeRejectsInvalidUTF8(t *testing.T) {
	p := sample(t)
	p.Goals.Annual = "\xff"
	if err := project.Encode(&bytes.Buffer{}, p); err == nil {
		t.Error("Encode of invalid UTF-8 succeeded")
	}
}

func TestNewFileLoads(t *testing.T) {
	src := project.NewFile()
	p, ds := load.Project("content/new.md", src)
	if p == nil {
		t.Fatalf("new file does not load: %v\n%s", ds, src)
	}
	for _, d := range ds {
		if d.Severity == diag.Error {
			t.Errorf("new file: %v", d)
		}
	}
	for _, f := range project.Fields {
		if !strings.Contains(string(src), "# "+f.Doc) {
			t.Errorf("new file lacks the comment for %s", f.Key)
		}
		_, key, _ := strings.Cut(f.Key, ".")
		if f.Result {
			// Results are shown commented out, for after the year.
			if !strings.Contains(string(src), "\n# "+key+" = ") {
				t.Errorf("new file lacks the commented-out key %s", f.Key)
			}
			continue
		}
		if p.Pos[f.Key] == (diag.Pos{}) && p.Pos[strings.Replace(f.Key, "indicators.", "indicators.0.", 1)] == (diag.Pos{}) {
			t.Errorf("new file lacks key %s", f.Key)
		}
	}
	if p.HasResults() {
		t.Errorf("a new file publishes results: %+v", p.Evaluation)
	}
	var levels []string
	for _, in := range p.Indicators {
		levels = append(levels, in.Level1)
		if in.Target.Kind != value.Quantitative {
			t.Errorf("example target %q is %v", in.Target.Raw, in.Target.Kind)
		}
	}
	if got := strings.Join(levels, " "); got != "产出指标 效益指标 满意度指标" {
		t.Errorf("example indicators are %s", got)
	}
	for _, h := range []string{"## 项目概况", "## 立项依据", "## 实施方案"} {
		if !bytes.Contains(p.Body, []byte(h)) {
			t.Errorf("narrative lacks %s", h)
		}
	}
	if p.Funds.Total.String() != "28.86" || p.Year != 2023 || p.Start.String() != "2023-01-01" {
		t.Errorf("examples not read: total %s, year %d, start %s", p.Funds.Total, p.Year, p.Start)
	}
}

func FuzzEncodeRoundTrip(f *testing.F) {
	f.Add("新中心运营费", "为党员提供\n阅读环境", "≥24次", "活动开展次数")
	f.Add(`"""`, `a\"""b`, "", " ")
	f.Add("+++", "x\n+++\ny", "\r\n", "\x00")
	f.Fuzz(func(t *testing.T, name, goal, target, indicator string) {
		for _, s := range []string{name, goal, target, indicator} {
			if !utf8.ValidString(s) {
				t.Skip()
			}
		}
		p := sample(t)
		p.Name = name
		p.Goals.Overall = goal
		p.Goals.Annual = strings.ReplaceAll(goal, "\r\n", "\n")
		p.Indicators[0].Target = value.Parse(target)
		p.Indicators[0].Name = strings.TrimSpace(indicator)
		p.Indicators[0].Level1 = framework.Clean(indicator)
		roundTrip(t, p)
	})
}
