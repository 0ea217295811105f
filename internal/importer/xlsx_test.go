package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/project"
)

// testSheet is a worksheet of a test workbook: its rows written as the
// text form's (→ between cells), cells whose text is replaced by a typed
// value, and the merged ranges.
type testSheet struct {
	name   string
	rows   string
	values map[string]any // cell → string, float64, time.Time, stored or formatted
	merge  []string       // "B3:C3"
}

// stored is a number cell written as Excel stores it, digits and all
// ("28.859999999999999").
type stored string

// formatted is a value shown through a number format: a built-in one's ID
// (9 is 0%, 14 a short date) or a custom code.
type formatted struct {
	v   any
	fmt any // int or string
}

// workbook writes sheets into an .xlsx.
func workbook(t testing.TB, sheets ...testSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range sheets {
		if i == 0 {
			must(f.SetSheetName("Sheet1", s.name))
		} else {
			_, err := f.NewSheet(s.name)
			must(err)
		}
		filled := map[string]bool{}
		for ri, line := range strings.Split(strings.TrimRight(s.rows, "\n"), "\n") {
			for ci, text := range strings.Split(line, "→") {
				if text == "" {
					continue
				}
				ref, err := excelize.CoordinatesToCellName(ci+1, ri+1)
				must(err)
				must(f.SetCellValue(s.name, ref, text))
				filled[ref] = true
			}
		}
		for ref, v := range s.values {
			filled[ref] = true
			style := 0
			if fv, ok := v.(formatted); ok {
				var st excelize.Style
				switch code := fv.fmt.(type) {
				case int:
					st.NumFmt = code
				case string:
					st.CustomNumFmt = &code
				}
				var err error
				style, err = f.NewStyle(&st)
				must(err)
				v = fv.v
			}
			if n, ok := v.(stored); ok {
				must(f.SetCellDefault(s.name, ref, string(n)))
			} else {
				must(f.SetCellValue(s.name, ref, v))
			}
			if style != 0 {
				must(f.SetCellStyle(s.name, ref, ref, style))
			}
		}
		for _, r := range s.merge {
			from, to, _ := strings.Cut(r, ":")
			c1, r1, err := excelize.CellNameToCoordinates(from)
			must(err)
			c2, r2, err := excelize.CellNameToCoordinates(to)
			must(err)
			for row := r1; row <= r2; row++ {
				for col := c1; col <= c2; col++ {
					ref, _ := excelize.CoordinatesToCellName(col, row)
					if filled[ref] && ref != from {
						t.Fatalf("sheet %s: merging %s would hide %s", s.name, r, ref)
					}
				}
			}
			must(f.MergeCell(s.name, from, to))
		}
	}
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	must(err)
	return b.Bytes()
}

// seedTables returns the rows of the seed's four tables, blank lines left
// out, with → between cells.
func seedTables(t testing.TB) []string {
	t.Helper()
	var tables []string
	for _, line := range strings.Split(string(readSeed(t)), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.TrimSpace(line) == title {
			tables = append(tables, "")
		}
		tables[len(tables)-1] += strings.ReplaceAll(line, "\t", "→") + "\n"
	}
	if len(tables) != 4 {
		t.Fatalf("%d tables in the seed", len(tables))
	}
	return tables
}

// seedSheets lays the seed's four tables out as a department keeps them
// in Excel: the same rows and columns, merged cells where the PDF had
// them, and in each sheet the category, amounts and dates written another
// way.
func seedSheets(t testing.TB) []testSheet {
	tables := seedTables(t)
	pct := func(f float64) formatted { return formatted{f, 9} }
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	return []testSheet{
		{
			name: "残保金抚恤金专项", rows: tables[0],
			values: map[string]any{"E3": "☑专项资金 □经常性项目 □一次性项目"},
			merge: []string{"A1:F1", "A2:F2", "B3:C3", "B4:C4", "B5:C5", "A6:A8", "A10:A11", "B10:D10", "B11:D11",
				"A12:A21", "B13:B16", "B17:B20", "D13:E13", "D14:E14", "D15:E15", "D16:E16", "D17:E17",
				"D18:E18", "D19:E19", "D20:E20", "D21:E21"},
		},
		{
			// Amounts and targets as numbers, one stored with Excel's
			// seventeen digits; the 满意度 rows start at column A.
			name: "新中心运营费", rows: tables[1],
			values: map[string]any{
				"D3": "专项资金",
				"C6": formatted{28.86, 2}, "E6": 28.86, "C7": stored("28.859999999999999"), "E7": 28.86,
				"E12": pct(0.9), "E13": pct(0.85), "E14": pct(0.8), "E15": pct(0.9), "E16": pct(0.9),
				"E18": pct(0.85), "D19": pct(0.9), "D20": pct(0.85),
			},
			merge: []string{"A1:E1", "A2:E2", "A6:A8", "A9:A10", "B9:C9", "B10:C10", "A11:A18",
				"B12:B14", "B15:B18", "A19:A20", "B19:B20"},
		},
		{
			// Real Excel dates; the category's boxes in cells of their own.
			name: "区域党建经费", rows: tables[2],
			values: map[string]any{
				"D3": "■专项资金", "E3": "□经常性项目", "F3": "□一次性项目",
				"B5": formatted{day(2023, 1, 1), 14}, "D5": formatted{day(2023, 12, 31), "yyyy年m月d日"},
				"C6": formatted{21.33, `0.00"万"`},
			},
			merge: []string{"A1:F1", "A2:F2", "A6:A9", "A10:A11", "B10:C10", "B11:C11", "A12:A19",
				"B13:B16", "B17:B19", "A20:A21", "B20:B21"},
		},
		{
			// "12. 01万" as the seed writes it.
			name: "新中心运行管理费", rows: tables[3],
			values: map[string]any{"E3": "√专项资金 经常性项目 一次性项目"},
			merge: []string{"A1:F1", "A2:F2", "B3:C3", "B4:C4", "B5:C5", "A6:A9", "B6:C6", "B7:C7", "B9:C9",
				"A10:A11", "B10:D10", "B11:D11", "A12:A21", "D12:E12", "B13:B16", "B17:B20",
				"D13:E13", "D14:E14", "D15:E15", "D16:E16", "D17:E17", "D18:E18", "D19:E19", "D20:E20", "D21:E21"},
		},
	}
}

func TestXLSXSeed(t *testing.T) {
	ps, ds := XLSX("budget.xlsx", workbook(t, seedSheets(t)...))
	for _, d := range ds {
		t.Errorf("diagnostic: %v", d)
	}
	checkSeed(t, ps)
	text, _ := Text("seed.txt", readSeed(t))
	for i := range min(len(ps), len(text)) {
		if !reflect.DeepEqual(ps[i], text[i]) {
			t.Errorf("project %d from the workbook differs from the text's:\n%+v\n%+v", i+1, ps[i], text[i])
		}
	}
}

// results is a self-evaluation table of the seed's second project, in the
// text form: its columns in another order than the official form's, the
// names without numbering, a 一级 and 二级 cell spanning rows, and the
// summary below.
const results = `项目支出绩效自评表
(2023 年度)
项目名称→新中心运营费→项目类别→专项资金
主管部门→吴泾镇人民政府→实施单位→吴泾镇社区党群服务中心
绩效指标→一级指标→二级指标→三级指标→年度指标值→分值→实际完成值→得分→是否完成→偏差原因及改进措施
→产出指标→数量指标→活动开展次数→90%→15→92%→15
→→时效指标→提高党员素质→85%→10→80%→8→否→部分培训延期至次年。
→→成本指标→成本降低率→80%→10→80%→10
→效益指标→经济效益指标→全镇经济建设增长率→90%→10→90%→10
→→社会效益指标→党员幸福感、满意度→90%→10→91%→10
→→生态效益指标→整体环境整洁度→→10→整洁→9.5→是
→→可持续影响指标→提高党员的综合能力→85%→15→明显提高→15→√
→满意度指标→服务对象满意度指标→整体服务满意度→90%→10→95%→10
→→→党员满意度→85%→10→83%→7→×→满意度调查样本偏少，下年扩大覆盖。
自评总分→→→→→100→→94.5
自评等级→优→自评结论→全年目标基本完成，党员满意度略低于目标。
`

// wantResults are the results of the seed's second project in results:
// actual, met ("" for none), weight, score, deviation.
var wantResults = [][5]string{
	{"92%", "", "15", "15", ""},
	{"80%", "false", "10", "8", "部分培训延期至次年。"},
	{"80%", "", "10", "10", ""},
	{"90%", "", "10", "10", ""},
	{"91%", "", "10", "10", ""},
	{"整洁", "true", "10", "9.5", ""},
	{"明显提高", "true", "15", "15", ""},
	{"95%", "", "10", "10", ""},
	{"83%", "false", "10", "7", "满意度调查样本偏少，下年扩大覆盖。"},
}

// checkResults asserts the results and Evaluation of p, the seed's second
// project with the results above.
func checkResults(t *testing.T, p *project.Project) {
	t.Helper()
	if len(p.Indicators) != len(wantResults) {
		t.Fatalf("%d indicators, want %d", len(p.Indicators), len(wantResults))
	}
	for i, w := range wantResults {
		in := p.Indicators[i]
		got := [5]string{in.Actual.Raw, boolText(in.Met), numText(in.Weight), numText(in.Score), in.Deviation}
		if got != w {
			t.Errorf("indicator %d (%s): results %q, want %q", i+1, in.Name, got, w)
		}
	}
	if a := p.Indicators[0].Actual; a.Number.String() != "92" || a.Unit != "%" {
		t.Errorf("actual %q parsed as %s %q", a.Raw, a.Number, a.Unit)
	}
	e := p.Evaluation
	if e == nil {
		t.Fatal("no evaluation")
	}
	if e.Year != 2023 || numText(e.TotalScore) != "94.5" || e.Grade != "优" || e.Summary != "全年目标基本完成，党员满意度略低于目标。" {
		t.Errorf("evaluation = {%d %s %q %q}", e.Year, numText(e.TotalScore), e.Grade, e.Summary)
	}
}

// numText and boolText show an optional result; "" when absent.
func numText(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func boolText(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func TestXLSXResultsMerged(t *testing.T) {
	target := seedSheets(t)[1]
	target.name = "绩效目标表"
	self := testSheet{
		name: "绩效自评表", rows: results,
		values: map[string]any{
			"G8":  formatted{0.8, 9}, // 80% as a number
			"H11": 9.5, "F6": 15.0, "H6": 15.0,
			"H15": formatted{94.5, "0.0"},
		},
		merge: []string{"A1:J1", "A2:J2", "A5:A14", "B6:B8", "B9:B12", "B13:B14", "C13:C14", "A15:E15", "D16:J16"},
	}
	ps, ds := XLSX("budget.xlsx", workbook(t, target, self))
	for _, d := range ds {
		t.Errorf("diagnostic: %v", d)
	}
	if len(ps) != 1 {
		t.Fatalf("%d projects, want the target and results merged into one", len(ps))
	}
	p := ps[0]
	checkResults(t, p)
	// Without its results, it is the target table as the text gives it.
	text, _ := Text("seed.txt", readSeed(t))
	targets := *p
	targets.Content = &project.Content{Goals: p.Goals, Body: p.Body, BodyLine: p.BodyLine, Unread: p.Unread, Pos: p.Pos}
	targets.Evaluation = nil
	targets.Indicators = nil
	for _, in := range p.Indicators {
		targets.Indicators = append(targets.Indicators, project.Indicator{Level1: in.Level1, Level2: in.Level2, Name: in.Name, Target: in.Target})
	}
	if !reflect.DeepEqual(&targets, text[1]) {
		t.Errorf("targets of the merged project:\n%+v\nwant\n%+v", &targets, text[1])
	}

	// Encoded and loaded back, the results are the same.
	var b bytes.Buffer
	if err := project.Encode(&b, p); err != nil {
		t.Fatal(err)
	}
	q, lds := load.Project("content/2023/a.md", b.Bytes())
	if q == nil || len(lds) > 0 {
		t.Fatalf("load: %v\n%s", lds, b.Bytes())
	}
	checkResults(t, q)
	for i := range p.Indicators {
		if !reflect.DeepEqual(p.Indicators[i], q.Indicators[i]) {
			t.Errorf("indicator %d after a round trip: %+v, want %+v", i+1, q.Indicators[i], p.Indicators[i])
		}
	}
	if !reflect.DeepEqual(p.Evaluation, q.Evaluation) {
		t.Errorf("evaluation after a round trip: %+v, want %+v", q.Evaluation, p.Evaluation)
	}
}

func TestTextResults(t *testing.T) {
	// A self-evaluation alone is a project with targets and results.
	ps, ds := Text("r.txt", tsv(results))
	for _, d := range ds {
		t.Errorf("diagnostic: %v", d)
	}
	if len(ps) != 1 {
		t.Fatalf("%d projects", len(ps))
	}
	checkResults(t, ps[0])
	if in := ps[0].Indicators[8]; in.Level1 != "满意度指标" || in.Level2 != "服务对象满意度指标" || in.Target.Raw != "85%" {
		t.Errorf("last indicator %+v", in)
	}

	// After the target table in the same file, it joins it.
	seed := readSeed(t)
	ps, ds = Text("both.txt", append(append(seed, '\n'), tsv(results)...))
	for _, d := range ds {
		t.Errorf("diagnostic: %v", d)
	}
	checkSeed(t, ps)
	checkResults(t, ps[1])
}

func TestResultsMismatch(t *testing.T) {
	src := strings.NewReplacer(
		"→整体服务满意度→90%", "→服务态度→90%", // not in the target table
		"→党员满意度→85%", "→党员满意度→≥85%", // another target
	).Replace(results)
	target := seedSheets(t)[1]
	ps, ds := XLSX("b.xlsx", workbook(t, target, testSheet{name: "自评", rows: src}))
	if len(ps) != 1 {
		t.Fatalf("%d projects", len(ps))
	}
	in := ps[0].Indicators
	if in[7].Actual.Raw != "" || in[8].Target.Raw != "85%" || in[8].Actual.Raw != "83%" {
		t.Errorf("indicators 8, 9 = %+v, %+v", in[7], in[8])
	}
	want := []string{
		"b.xlsx:13:4: warning import-cell: 工作表 自评 的 D13：自评表的指标 “服务态度” 在同名项目的绩效目标表中找不到",
		"b.xlsx:14:4: warning import-cell: 工作表 自评 的 D14：指标 “党员满意度” 的年度指标值在自评表中为 “≥85%”，在绩效目标表中为 “85%”",
	}
	if len(ds) != len(want) {
		t.Fatalf("diagnostics %v, want %d", ds, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("diagnostic %v\nwant %s…", ds[i], w)
		}
	}
}

func TestCategory(t *testing.T) {
	for _, c := range []struct {
		cells, want string
		err         bool
	}{
		{"专项资金", "专项资金", false},
		{"☑专项资金 □经常性项目 □一次性项目", "专项资金", false},
		{"□专项资金 ■经常性项目 □一次性项目", "经常性项目", false},
		{"√一次性项目", "一次性项目", false},
		{"专项资金□ 经常性项目□ 一次性项目☑", "一次性项目", false},
		{"□专项资金→☑经常性项目→□一次性项目", "经常性项目", false},
		{"专项资金→☐→经常性项目→☒", "经常性项目", false},
		{"□专项资金 □经常性项目 □一次性项目", "", true},
		{"☑专项资金 ☑经常性项目 □一次性项目", "", true},
		{"专项资金 经常性项目 一次性项目", "", true},
		{"☑基本支出", "☑基本支出", false}, // not a category: checks report it
	} {
		t.Run(c.cells, func(t *testing.T) {
			src := "项目名称→x→项目类别→" + c.cells + "\n主管部门→某部门\n"
			ps, ds := Text("t.txt", tsv(src))
			if got := ps[0].Category; got != c.want {
				t.Errorf("category = %q, want %q", got, c.want)
			}
			if got := has(ds, RuleValue, 1); got != c.err {
				t.Errorf("%s error %v, want %v: %v", RuleValue.ID, got, c.err, ds)
			}
			if has(ds, RuleCell, 1) {
				t.Errorf("cells of the category left unread: %v", ds)
			}
		})
	}
}

func TestResultValues(t *testing.T) {
	head := "项目名称→x\n一级指标→二级指标→三级指标→年度指标值→实际完成值→完成情况→分值→得分\n"
	for _, c := range []struct {
		row           string
		met           string // "", "true", "false"
		weight, score string
		errCol        int // column of an import-value error, 0 for none
	}{
		{"产出指标→数量指标→次数→24次→26次→完成→10分→9.5分", "true", "10", "9.5", 0},
		{"产出指标→数量指标→次数→24次→20次→未完成→10→0", "false", "10", "0", 0},
		{"产出指标→数量指标→次数→24次→20次→Ｎ→—→/", "false", "", "", 0},
		{"产出指标→数量指标→次数→24次→20次→大概→10→0", "", "10", "0", 6},
		{"产出指标→数量指标→次数→24次→20次→→十分→0", "", "", "0", 7},
	} {
		t.Run(c.row, func(t *testing.T) {
			ps, ds := Text("t.txt", tsv(head+c.row+"\n"))
			in := ps[0].Indicators[0]
			met, w, s := boolText(in.Met), numText(in.Weight), numText(in.Score)
			if met != c.met || w != c.weight || s != c.score {
				t.Errorf("met, weight, score = %q, %q, %q; want %q, %q, %q", met, w, s, c.met, c.weight, c.score)
			}
			line := strings.ReplaceAll(c.row, "→", "\t")
			errs := 0
			for _, d := range ds {
				if d.Rule != RuleValue.ID {
					continue
				}
				errs++
				if d.Line != 3 || d.Col > len(line) || 1+strings.Count(line[:d.Col-1], "\t") != c.errCol {
					t.Errorf("error %v, want one on line 3 in cell %d", d, c.errCol)
				}
			}
			if want := map[bool]int{true: 1, false: 0}[c.errCol > 0]; errs != want {
				t.Errorf("%d %s errors, want %d: %v", errs, RuleValue.ID, want, ds)
			}
		})
	}
}

func TestSerialDate(t *testing.T) {
	for _, c := range []struct {
		num      string
		date1904 bool
		want     string
	}{
		{"44927", false, "2023-01-01"},
		{"45291.75", false, "2023-12-31"},
		{"43465", true, "2023-01-01"},
		{"0", false, ""},
		{"-5", false, ""},
		{"3000000", false, ""},
		{"2958465", false, "9999-12-31"},
		{"2958465", true, ""}, // 10003 in the 1904 system: no date TOML can write
		{"x", false, ""},
	} {
		d, ok := serialDate(c.num, c.date1904)
		if d.String() != c.want || ok != (c.want != "") {
			t.Errorf("serialDate(%s, %v) = %s, %v; want %s", c.num, c.date1904, d, ok, c.want)
		}
	}
}

func TestXLSXCells(t *testing.T) {
	// Values read from a sheet's cells, and the cells named in messages.
	sheet := testSheet{
		name: "表1",
		rows: `财政项目支出绩效目标表
项目名称→测试项目→项目类别→专项资金
主管部门→某部门→实施单位→某单位→预算年度→2023
计划开始日期→明年→计划完成日期→2023/12/31
项目资金 (万元)→项目资金总额→→年度资金申请总额→
→其中：财政资金→→其中：当年财政拨款→
绩效指标→一级指标→二级指标→三级指标→年度指标值
→产出指标→数量指标→活动次数→≥24次
`,
		values: map[string]any{
			"F3": 2023.0,
			"C5": stored("0.30000000000000004"), // a formula's float: its displayed 0.3 is read
			"E5": 1.23456,                       // more than 4 decimals
			"C6": formatted{0.25, `0.00"万元"`},
			"E6": formatted{0.1, 2},
		},
	}
	ps, ds := XLSX("in/b.xlsx", workbook(t, sheet))
	if len(ps) != 1 {
		t.Fatalf("%d projects", len(ps))
	}
	p := ps[0]
	f := p.Funds
	for _, c := range []struct{ what, got, want string }{
		{"total", f.Total.String(), "0.3"},
		{"annual", f.Annual.String(), "0"},
		{"fiscal", f.Fiscal.String(), "0.25"},
		{"appropriation", f.Appropriation.String(), "0.1"},
		{"start", p.Start.String(), ""},
		{"end", p.End.String(), "2023-12-31"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if p.Year != 2023 {
		t.Errorf("year = %d", p.Year)
	}
	want := []string{
		"in/b.xlsx:4:2: error import-value: 工作表 表1 的 B4：日期 “明年” 无法识别",
		"in/b.xlsx:5:5: error import-value: 工作表 表1 的 E5：金额 “1.23456” 超过 4 位小数",
	}
	if len(ds) != len(want) {
		t.Fatalf("diagnostics %v, want %d", ds, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("diagnostic %v\nwant %s…", ds[i], w)
		}
	}
}

func TestXLSXBad(t *testing.T) {
	good := testSheet{name: "项目", rows: small}
	for _, c := range []struct {
		name string
		data []byte
		ps   int      // projects
		want []string // diagnostics, each a prefix of its String()
	}{
		{"not a zip", []byte("项目名称\t测试"), 0, []string{
			"b.xlsx:1:1: error import-unreadable: 输入不是 .xlsx 工作簿",
		}},
		{"empty file", nil, 0, []string{
			"b.xlsx:1:1: error import-unreadable: 输入不是 .xlsx 工作簿",
		}},
		{".xls", append(bytes.Clone(oleMagic), make([]byte, 512)...), 0, []string{
			"b.xlsx:1:1: error import-unreadable: 输入是旧版 .xls 或加密的工作簿",
		}},
		{"a zip that is no workbook", zipOf(t, "a.txt", "x"), 0, []string{
			"b.xlsx:1:1: error import-unreadable: 工作簿",
		}},
		{"an empty sheet only", workbook(t, testSheet{name: "Sheet1"}), 0, []string{
			"b.xlsx:1:1: warning import-cell: 工作表 Sheet1 的 A1：工作表是空的",
			"b.xlsx:1:1: error import-unreadable: 工作簿中找不到绩效目标表",
		}},
		{"an empty sheet beside a table", workbook(t, good, testSheet{name: "Sheet2"}), 1, nil},
		{"a sheet of notes", workbook(t, good, testSheet{name: "说明", rows: "\n→填表说明：金额单位为万元。"}), 1, []string{
			"b.xlsx:2:2: warning import-cell: 工作表 说明 的 B2：工作表中找不到绩效目标表",
		}},
		{"no 项目名称", workbook(t, testSheet{name: "表", rows: strings.Replace(small, "项目名称→测试项目→", "→→", 1)}), 1, []string{
			"b.xlsx:1:1: error import-missing: 工作表 表 的 A1：表中找不到“项目名称”",
		}},
		{"empty 项目名称", workbook(t, testSheet{name: "表", rows: strings.Replace(small, "项目名称→测试项目→", "项目名称→→", 1)}), 1, []string{
			"b.xlsx:3:1: error import-missing: 工作表 表 的 A3：表中的“项目名称”为空",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, ds := XLSX("b.xlsx", c.data)
			if len(ps) != c.ps {
				t.Errorf("%d projects, want %d", len(ps), c.ps)
			}
			if len(ds) != len(c.want) {
				t.Fatalf("diagnostics %v, want %d", ds, len(c.want))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(ds[i].String(), w) {
					t.Errorf("diagnostic %v\nwant %s…", ds[i], w)
				}
			}
		})
	}
}

// zipOf returns a zip holding one file.
func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// smallWorkbook is a workbook of one sheet written by hand with only the
// parts a reader needs — an inline string a cell, a shared string, a
// number, a date, a merged range — in entries stored without compression
// or checksum, so that a fuzzer's mutations reach the XML.
func smallWorkbook(t testing.TB) []byte {
	t.Helper()
	var cells strings.Builder
	for ri, line := range strings.Split(strings.TrimRight(small, "\n"), "\n") {
		fmt.Fprintf(&cells, `<row r="%d">`, ri+1)
		for ci, text := range strings.Split(line, "→") {
			ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			switch {
			case ref == "C7":
				cells.WriteString(`<c r="C7"><v>12</v></c>`)
			case ref == "B5":
				cells.WriteString(`<c r="B5" s="1"><v>44927</v></c>`)
			case ref == "B3":
				cells.WriteString(`<c r="B3" t="s"><v>0</v></c>`)
			case text != "":
				fmt.Fprintf(&cells, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(text))
			}
		}
		cells.WriteString("</row>")
	}
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook ` + ns + ` xmlns:r="` + rel + `"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<styleSheet ` + ns + `><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`},
		{"xl/sharedStrings.xml", `<sst ` + ns + ` count="1" uniqueCount="1"><si><t>测试项目</t></si></sst>`},
		{"xl/worksheets/sheet1.xml", `<worksheet ` + ns + `><sheetData>` + cells.String() +
			`</sheetData><mergeCells count="1"><mergeCell ref="A7:A8"/></mergeCells></worksheet>`},
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := z.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Store,
			CompressedSize64: uint64(len(p.body)), UncompressedSize64: uint64(len(p.body))})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSmallWorkbook(t *testing.T) {
	// The fuzzer's seed reads as the text it was written from, its start
	// date a serial, 12 a number and the name a shared string.
	ps, ds := XLSX("small.xlsx", smallWorkbook(t))
	want, _ := Text("small.txt", tsv(small))
	if len(ds) != 0 || len(ps) != 1 {
		t.Fatalf("XLSX = %d projects, %v", len(ps), ds)
	}
	if !reflect.DeepEqual(ps[0], want[0]) {
		t.Errorf("workbook:\n%+v\ntext:\n%+v", ps[0], want[0])
	}
}

func FuzzXLSX(f *testing.F) {
	f.Add(smallWorkbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, ds := XLSX("fuzz.xlsx", data)
		for _, d := range ds {
			if d.Line < 1 || d.Col < 1 || d.Path != "fuzz.xlsx" {
				t.Errorf("diagnostic without a position: %v", d)
			}
		}
		if errs, _ := diag.Count(ds); len(ps) == 0 && errs == 0 {
			t.Errorf("no projects and no error: %v", ds)
		}
		for _, p := range ps {
			if err := project.Encode(&bytes.Buffer{}, p); err != nil {
				t.Errorf("Encode: %v", err)
			}
		}
	})
}
