package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/config"
	"jixiao/internal/decimal"
	"jixiao/internal/load"
	"jixiao/internal/project"
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
		Goals: project.Goals{Overall: "=SUM(A1)", Annual: "年度\n目标"},
		Indicators: []project.Indicator{
			{Level1: "产出指标", Level2: "数量指标", Name: "活动次数", Target: value.Parse("≥24次")},
			{Level1: "效益指标", Level2: "社会效益指标", Name: "幸福感", Target: value.Parse("有效提升")},
			{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "满意度", Target: value.Parse("")},
		},
	}
	g, ds := site.New(&load.Site{Config: cfg, Projects: []*project.Project{p}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return g
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Fatal("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestProjectsCSV(t *testing.T) {
	recs := readCSV(t, CSV(ProjectTable(testSite(t))))
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
	recs := readCSV(t, CSV(IndicatorTable(testSite(t))))
	want := "项目名称,项目编码,预算年度,主管部门,实施单位,一级指标,二级指标,三级指标,年度指标值,指标值类型,比较符,数值,计量单位,网址"
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
}

func TestJSON(t *testing.T) {
	data, err := JSON(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
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
	s := testSite(t)
	a, err := XLSX(s, ProjectTable(s), IndicatorTable(s))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := XLSX(s, ProjectTable(s), IndicatorTable(s))
	if !bytes.Equal(a, b) {
		t.Error("two workbooks of the same site differ")
	}
	f, err := excelize.OpenReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
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
	files, err := Files(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if len(f.Data) == 0 || f.Title == "" {
			t.Errorf("%s: empty", f.Name)
		}
	}
	if want := []string{"data/projects.csv", "data/indicators.csv", "data/projects.json", "data/projects.xlsx"}; !slices.Equal(names, want) {
		t.Errorf("files = %v", names)
	}
}
