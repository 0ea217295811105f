package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/config"
	"jixiao/internal/decimal"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
	"jixiao/internal/value"
)

func testSite(t *testing.T) *site.Site {
	t.Helper()
	d := func(s string) decimal.Decimal { v, _ := decimal.Parse(s); return v }
	cfg := config.Default()
	cfg.BaseURL = "https://example.org/"
	p := &project.Project{
		Path: "content/2023/a.md", Slug: "2023/a", Name: "新中心运营费", Code: "2023-WJ-002", Year: 2023,
		Department: "吴泾镇人民政府", Unit: "吴泾镇社区党群服务中心", Category: "专项资金",
		Start: project.Date{Year: 2023, Month: 1, Day: 1}, End: project.Date{Year: 2023, Month: 12, Day: 31},
		Funds: project.Funds{Total: d("28.86"), Fiscal: d("28.86"), Annual: d("28.86"), Appropriation: d("28.8601")},
		Content: &project.Content{Goals: project.Goals{Overall: "=SUM(A1)", Annual: "年度\n目标"}, Indicators: []project.Indicator{
			{Level1: "产出指标", Level2: "数量指标", Name: "活动次数", Target: value.Parse("≥24次")},
			{Level1: "效益指标", Level2: "社会效益指标", Name: "幸福感", Target: value.Parse("有效提升")},
			{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "满意度", Target: value.Parse("")},
		}},
	}
	g, ds := site.New(&load.Site{Config: cfg, Projects: []*project.Project{p}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return g
}

// The data files, by the names the data page links to.
const (
	projectsCSVName   = "data/projects.csv"
	indicatorsCSVName = "data/indicators.csv"
	projectsJSONName  = "data/projects.json"
	projectsXLSXName  = "data/projects.xlsx"
)

// writeFiles is the data files of the site as Write writes them. It writes
// them twice and checks that both give the same bytes.
func writeFiles(t *testing.T, s *site.Site) publish.Memory {
	t.Helper()
	a, b := publish.Memory{}, publish.Memory{}
	if _, err := Write(s, a); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(s, b); err != nil {
		t.Fatal(err)
	}
	for _, name := range a.Names() {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: two writes of the same site differ", name)
		}
	}
	return a
}

// file is the file name of files, which must be there.
func file(t *testing.T, files publish.Memory, name string) []byte {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("no %s in %v", name, files.Names())
	}
	return data
}

// readCSV reads back the CSV file name of files.
func readCSV(t *testing.T, files publish.Memory, name string) [][]string {
	t.Helper()
	data := file(t, files, name)
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Fatalf("%s: no BOM", name)
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// readXLSX opens the workbook of files; it is closed when the test ends.
func readXLSX(t *testing.T, files publish.Memory) *excelize.File {
	t.Helper()
	data := file(t, files, projectsXLSXName)
	checkZip(t, data)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// tableRows is every row of a table of the site's projects.
func tableRows(s *site.Site, tab table) ([][]cell, error) {
	var rows [][]cell
	for _, p := range s.Projects {
		p, err := s.Full(p)
		if err != nil {
			return nil, err
		}
		for row := range tab.rows(newEntry(s, p)) {
			rows = append(rows, slices.Clone(row))
		}
	}
	return rows, nil
}

// full is p of s in full (site.Site.Full): the project given to site.New,
// which the data files are written from.
func full(t *testing.T, s *site.Site, p *site.Project) *site.Project {
	t.Helper()
	f, err := s.Full(p)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestProjectsCSV(t *testing.T) {
	recs := readCSV(t, writeFiles(t, testSite(t)), projectsCSVName)
	if len(recs) != 2 {
		t.Fatalf("%d records, want header and one row", len(recs))
	}
	head, row := recs[0], recs[1]
	col := func(label string) string {
		i := slices.Index(head, label)
		if i < 0 {
			t.Fatalf("no column %s in %v", label, head)
		}
		return row[i]
	}
	for label, want := range map[string]string{
		"项目名称": "新中心运营费", "预算年度": "2023", "计划开始日期": "2023-01-01",
		"项目资金总额": "28.86", "当年财政拨款": "28.8601", "其他资金": "0",
		"项目总目标": "'=SUM(A1)", "年度总体目标": "年度\n目标", "绩效指标数": "3",
		"网址": "https://example.org/2023/a/",
	} {
		if got := col(label); got != want {
			t.Errorf("%s = %q, want %q", label, got, want)
		}
	}
}

func TestIndicatorsCSV(t *testing.T) {
	recs := readCSV(t, writeFiles(t, testSite(t)), indicatorsCSVName)
	want := "项目名称,项目编码,预算年度,主管部门,实施单位,一级指标,二级指标,三级指标,年度指标值,指标值类型,比较符,数值,计量单位," +
		"实际完成值,实际值比较符,实际值数值,实际值计量单位,是否完成,分值,得分,偏差原因及改进措施,网址"
	if got := strings.Join(recs[0], ","); got != want {
		t.Errorf("header = %s\nwant     %s", got, want)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	if got := strings.Join(recs[1][5:13], "|"); got != "产出指标|数量指标|活动次数|≥24次|定量|≥|24|次" {
		t.Errorf("row 1 = %s", got)
	}
	if got := strings.Join(recs[2][8:13], "|"); got != "有效提升|定性|||" {
		t.Errorf("row 2 = %s", got)
	}
	if got := strings.Join(recs[3][8:13], "|"); got != "|空|||" {
		t.Errorf("row 3 = %s", got)
	}
	// Without results the self-evaluation's columns are there, and empty.
	for _, rec := range recs[1:] {
		if got := strings.Join(rec[13:21], ""); got != "" {
			t.Errorf("result columns of a project without results = %q", rec[13:21])
		}
	}
}

// withResults is testSite's project with self-evaluation results, and a
// second project without.
func withResults(t *testing.T) *site.Site {
	t.Helper()
	d := func(s string) *decimal.Decimal { v, _ := decimal.Parse(s); return &v }
	yes := true
	s := testSite(t)
	p := full(t, s, s.Projects[0]).Project
	p.Indicators[0].Actual, p.Indicators[0].Weight, p.Indicators[0].Score = value.Parse("＞20次"), d("40"), d("30.25")
	p.Indicators[1].Actual, p.Indicators[1].Met, p.Indicators[1].Weight, p.Indicators[1].Score = value.Parse("明显提升"), &yes, d("30"), d("30")
	p.Indicators[1].Deviation = "-无"
	p.Indicators[2].Actual, p.Indicators[2].Weight, p.Indicators[2].Score = value.Parse("88%"), d("30"), d("20")
	p.Evaluation = &project.Evaluation{Year: 2023, TotalScore: d("80.25"), Grade: "良", Summary: "基本完成。"}
	q := *p
	q.Content = &project.Content{}
	q.Slug, q.Path, q.Code, q.Name, q.Evaluation = "2023/b", "content/2023/b.md", "", "无自评", nil
	q.Indicators = []project.Indicator{{Level1: "产出指标", Level2: "数量指标", Name: "次数", Target: value.Parse("≥1次")}}
	g, ds := site.New(&load.Site{Config: s.Config, Projects: []*project.Project{p, &q}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return g
}

func TestResultsCSV(t *testing.T) {
	files := writeFiles(t, withResults(t))
	recs := readCSV(t, files, indicatorsCSVName)
	head := recs[0]
	col := func(row int, label string) string {
		t.Helper()
		i := slices.Index(head, label)
		if i < 0 {
			t.Fatalf("no column %s in %v", label, head)
		}
		return recs[row][i]
	}
	for _, tt := range []struct {
		row         int
		label, want string
	}{
		{1, "实际完成值", "＞20次"}, {1, "实际值比较符", ">"}, {1, "实际值数值", "20"}, {1, "实际值计量单位", "次"},
		{1, "是否完成", "否"}, // 20 is not ≥ 24, whatever the comparison written before it
		{1, "分值", "40"}, {1, "得分", "30.25"},
		{2, "实际完成值", "明显提升"}, {2, "实际值比较符", ""}, {2, "实际值数值", ""}, {2, "是否完成", "是"},
		{2, "偏差原因及改进措施", "'-无"}, // not a formula
		{3, "是否完成", ""},         // the target is empty: it cannot be told
		{4, "实际完成值", ""}, {4, "是否完成", ""}, {4, "分值", ""},
	} {
		if got := col(tt.row, tt.label); got != tt.want {
			t.Errorf("row %d %s = %q, want %q", tt.row, tt.label, got, tt.want)
		}
	}

	recs = readCSV(t, files, projectsCSVName)
	head = recs[0]
	for _, tt := range []struct {
		row         int
		label, want string
	}{
		{1, "自评年度", "2023"}, {1, "自评总分", "80.25"}, {1, "自评等级", "良"}, {1, "自评结论", "基本完成。"},
		{1, "指标完成数", "1"}, {1, "可判定指标数", "2"}, {1, "绩效指标数", "3"},
		{2, "自评年度", ""}, {2, "自评总分", ""}, {2, "指标完成数", ""}, {2, "可判定指标数", ""},
	} {
		if got := col(tt.row, tt.label); got != tt.want {
			t.Errorf("projects row %d %s = %q, want %q", tt.row, tt.label, got, tt.want)
		}
	}
	if got := head[len(head)-1]; got != "网址" {
		t.Errorf("last column = %s, want 网址", got)
	}
}

func TestResultsJSON(t *testing.T) {
	data := file(t, writeFiles(t, withResults(t)), projectsJSONName)
	var doc struct {
		Projects []struct {
			Evaluation *struct {
				Year       int    `json:"year"`
				TotalScore string `json:"total_score"`
				Grade      string `json:"grade"`
				Summary    string `json:"summary"`
			} `json:"evaluation"`
			Met        *int             `json:"indicators_met"`
			Judged     *int             `json:"indicators_judged"`
			Indicators []map[string]any `json:"indicators"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Projects[0]
	if e := p.Evaluation; e == nil || e.Year != 2023 || e.TotalScore != "80.25" || e.Grade != "良" || e.Summary != "基本完成。" {
		t.Errorf("evaluation = %+v", e)
	}
	if p.Met == nil || *p.Met != 1 || p.Judged == nil || *p.Judged != 2 {
		t.Errorf("indicators met/judged = %v/%v, want 1/2", p.Met, p.Judged)
	}
	in := p.Indicators[0]
	ap, _ := in["actual_parsed"].(map[string]any)
	if in["actual"] != "＞20次" || in["met"] != false || in["weight"] != "40" || in["score"] != "30.25" ||
		ap["comparison"] != ">" || ap["number"] != "20" || ap["unit"] != "次" {
		t.Errorf("indicator 0 = %v", in)
	}
	if in := p.Indicators[1]; in["met"] != true || in["deviation"] != "-无" {
		t.Errorf("indicator 1 = %v", in)
	}
	if _, ok := p.Indicators[2]["met"]; ok {
		t.Errorf("indicator 2 has met %v, want none: its target is empty", p.Indicators[2]["met"])
	}
	// A project without results has none of their keys.
	q := doc.Projects[1]
	if q.Evaluation != nil || q.Met != nil || q.Judged != nil {
		t.Errorf("project without results: evaluation %v, met %v, judged %v", q.Evaluation, q.Met, q.Judged)
	}
	for _, k := range []string{"actual", "actual_parsed", "met", "weight", "score", "deviation"} {
		if _, ok := q.Indicators[0][k]; ok {
			t.Errorf("project without results: indicator has %s", k)
		}
	}
}

func TestResultsXLSX(t *testing.T) {
	f := readXLSX(t, writeFiles(t, withResults(t)))
	rows, err := f.GetRows("指标")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(rows[0], "得分")
	if i < 0 {
		t.Fatalf("no 得分 in %v", rows[0])
	}
	ref, _ := excelize.CoordinatesToCellName(i+1, 2)
	if typ, _ := f.GetCellType("指标", ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("得分 cell type = %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("指标", ref); v != "30.25" {
		t.Errorf("得分 = %q, want 30.25", v)
	}
	rows, _ = f.GetRows("项目")
	if j := slices.Index(rows[0], "自评总分"); j < 0 || rows[1][j] != "80.25" {
		t.Errorf("项目 sheet 自评总分: header %v, row %v", rows[0], rows[1])
	}
}

func TestJSON(t *testing.T) {
	data := file(t, writeFiles(t, testSite(t)), projectsJSONName)
	var doc struct {
		Projects []map[string]any `json:"projects"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Projects[0]
	funds := p["funds"].(map[string]any)
	if funds["total"] != "28.86" || funds["annual_other"] != "0" {
		t.Errorf("funds = %v", funds)
	}
	in := p["indicators"].([]any)[0].(map[string]any)
	parsed := in["parsed"].(map[string]any)
	if in["target"] != "≥24次" || parsed["comparison"] != "≥" || parsed["number"] != "24" || parsed["unit"] != "次" {
		t.Errorf("indicator = %v", in)
	}
	if !strings.Contains(string(data), "\n  \"projects\": [\n") {
		t.Errorf("not indented:\n%s", data)
	}
}

func TestXLSX(t *testing.T) {
	f := readXLSX(t, writeFiles(t, testSite(t)))
	if got := f.GetSheetList(); !slices.Equal(got, []string{"项目", "指标"}) {
		t.Errorf("sheets = %v", got)
	}
	if v, _ := f.GetCellValue("项目", "A2"); v != "新中心运营费" {
		t.Errorf("项目!A2 = %q", v)
	}
	if v, _ := f.GetCellValue("项目", "Q1"); v != "年度总体目标" {
		t.Errorf("项目!Q1 = %q", v)
	}
	// The goal that looks like a formula stays text.
	if v, _ := f.GetCellFormula("项目", "P2"); v != "" {
		t.Errorf("项目!P2 has formula %q", v)
	}
	if typ, _ := f.GetCellType("项目", "M2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("当年财政拨款 cell type = %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("项目", "M2"); v != "28.8601" {
		t.Errorf("当年财政拨款 = %q", v)
	}
	if v, _ := f.GetCellValue("指标", "L2"); v != "24" {
		t.Errorf("指标!L2 = %q", v)
	}
	props, _ := f.GetDocProps()
	if props.Created != "2023-01-01T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("document dates %q %q, want the site's date", props.Created, props.Modified)
	}
}

func TestFiles(t *testing.T) {
	out := publish.Memory{}
	files, err := Write(testSite(t), out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if len(out[f.Name]) == 0 || f.Title == "" {
			t.Errorf("%s: empty", f.Name)
		}
		if f.Size != len(out[f.Name]) {
			t.Errorf("%s: size %d, but %d bytes", f.Name, f.Size, len(out[f.Name]))
		}
	}
	if len(out) != len(files) {
		t.Errorf("wrote %v, listed %d files", out.Names(), len(files))
	}
	if want := []string{projectsCSVName, indicatorsCSVName, projectsJSONName, projectsXLSXName}; !slices.Equal(names, want) {
		t.Errorf("files = %v", names)
	}
}

// TestXLSXMatchesCSV reads the workbook back and compares every cell of
// both sheets with the CSV file of the same table: the same text (without
// the CSV's ' before a formula-like text), numbers as number cells, text
// as text and never a formula.
func TestXLSXMatchesCSV(t *testing.T) {
	s := withResults(t)
	var f *excelize.File
	// As the workbook is, and with its tables going on in sheets of two
	// rows each: every cell is in a sheet, the CSV's rows in their order.
	for _, limit := range []int{sheetRows, 2} {
		limitRows(t, limit)
		files := writeFiles(t, s)
		f = readXLSX(t, files)
		xlsxMatchesCSV(t, s, files, f, limit)
	}
	if v, _ := f.GetCellValue("项目", "P2"); v != "=SUM(A1)" {
		t.Errorf("项目!P2 = %q, want the goal as text", v)
	}
	if style, _ := f.GetCellStyle("指标", "A1"); style == 0 {
		t.Error("header cell has no style")
	}
	if panes, _ := f.GetPanes("项目"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, want the header frozen", panes)
	}
}

// xlsxMatchesCSV compares the workbook f with the CSV files, each sheet of
// a table holding limit rows besides its header.
func xlsxMatchesCSV(t *testing.T, s *site.Site, files publish.Memory, f *excelize.File, limit int) {
	t.Helper()
	for _, tt := range []struct {
		csv string
		tab table // of the sheets, and which cells are numbers
	}{
		{projectsCSVName, projectTable()},
		{indicatorsCSVName, indicatorTable()},
	} {
		tab := tt.tab
		recs := readCSV(t, files, tt.csv)
		cells, err := tableRows(s, tab)
		if err != nil {
			t.Fatal(err)
		}
		type place struct {
			sheet string
			row   int
		}
		rows := [][]string{nil}                  // the header, then the rows of every sheet of the table
		at := []place{{sheet: tab.name, row: 1}} // where each of rows is
		for k := 0; k == 0 || len(rows)-1 < len(recs)-1; k++ {
			name := tab.name
			if k > 0 {
				name = fmt.Sprintf("%s (%d)", tab.name, k+1)
			}
			sheet, err := f.GetRows(name, excelize.Options{RawCellValue: true})
			if err != nil || len(sheet) < 1 || len(sheet) > limit+1 {
				t.Fatalf("%s: %d rows (error %v), want a header and at most %d", name, len(sheet), err, limit)
			}
			if k == 0 {
				rows[0] = sheet[0]
			}
			rows = append(rows, sheet[1:]...)
			for r := range sheet[1:] {
				at = append(at, place{name, r + 2})
			}
		}
		if len(rows) != len(recs) {
			t.Fatalf("%s: %d rows, %s has %d", tab.name, len(rows), tt.csv, len(recs))
		}
		for r, rec := range recs {
			sheet, row := at[r].sheet, at[r].row
			for c, want := range rec {
				got := ""
				if c < len(rows[r]) {
					got = rows[r][c]
				}
				if r > 0 && !cells[r-1][c].number && got != want && "'"+got == want {
					want = got // the CSV's guard against formulas
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, row)
				if got != want {
					t.Errorf("%s!%s = %q, %s row %d has %q", sheet, ref, got, tt.csv, r+1, want)
				}
				if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
					t.Errorf("%s!%s has formula %q", sheet, ref, fm)
				}
				if want == "" {
					continue
				}
				typ, _ := f.GetCellType(sheet, ref)
				isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
				if num := r > 0 && cells[r-1][c].number; num != isNumber {
					t.Errorf("%s!%s %q: type %v, want number %v", sheet, ref, got, typ, num)
				}
			}
		}
	}
}

// TestJSONMatchesEncodingJSON: the hand-written JSON is byte for byte what
// encoding/json wrote, with strings that need escaping, and for an empty
// site.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	s := withResults(t)
	p := full(t, s, s.Projects[0]).Project
	p.Name = "引号\"反斜杠\\ <html> & \u2028\u2029 \x01\x1f\x7f \b\f\n\r\t 无效\xff\xfe 结尾"
	p.Goals.Annual = "\xe4\xb8" // a cut-off character
	p.Indicators[0].Deviation = "</script>"
	empty, _ := site.New(&load.Site{Config: s.Config})
	for _, g := range []*site.Site{testSite(t), s, empty} {
		got := file(t, writeFiles(t, g), projectsJSONName)
		want, err := jsonReference(g)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("JSON differs from encoding/json:\n%s\nwant\n%s", got, want)
		}
	}
	for _, str := range []string{"", "a", "中文", "\u2028", "\xff", "\"", "\x00", "<&>", "\x7f", "é\u2029"} {
		w := jsonWriter{}
		w.quote(str)
		want, _ := json.Marshal(str)
		want = bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<")), []byte(`\u003e`), []byte(">")), []byte(`\u0026`), []byte("&"))
		if string(w.b) != string(want) {
			t.Errorf("quote(%q) = %s, want %s", str, w.b, want)
		}
	}
}
