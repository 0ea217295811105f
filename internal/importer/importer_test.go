package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// seedPath is the seed, copied into the repository so that the tests run
// wherever it is cloned.
const seedPath = "../../testdata/seed.txt"

func readSeed(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// tsv turns a table written with → between cells into the text form.
func tsv(s string) []byte { return []byte(strings.ReplaceAll(s, "→", "\t")) }

func TestSeedCopyIsCurrent(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/seeds/000_2630eafe95208aee.txt")
	if err != nil {
		t.Skip("shared seed not beside the repository:", err)
	}
	if !bytes.Equal(shared, readSeed(t)) {
		t.Errorf("%s differs from the shared seed: copy it again", seedPath)
	}
}

type wantProject struct {
	name                                                             string
	total, fiscal, other, annual, appropriation, carryover, annOther string
	overall, annualGoal                                              string
	indicators                                                       [][4]string // level1, level2, name, target
}

var seedProjects = []wantProject{
	{
		name: "残保金抚恤金专项", total: "0.02", fiscal: "0.02", other: "0",
		annual: "0.02", appropriation: "0.02", carryover: "0", annOther: "0",
		overall:    "吴泾镇党群服务中心缴纳残疾人就业保障金费用，事业在编人员17人，预估老列编抚恤金一人费用。",
		annualGoal: "完成吴泾镇党群服务中心缴纳残疾人就业保障金费用，事业在编人员17人，预估老列编抚恤金一人费用。",
		indicators: [][4]string{
			{"产出指标", "数量指标", "事业编制人员17人", "100%"},
			{"产出指标", "质量指标", "各类人员经费开展情况、反馈情况", "85%"},
			{"产出指标", "时效指标", "本年度完成", "95%"},
			{"产出指标", "成本指标", "成本降低率", "85%"},
			{"效益指标", "经济效益指标", "专款专用", "100%"},
			{"效益指标", "社会效益指标", "提升事业编制人员满意度", "90%"},
			{"效益指标", "生态效益指标", "绿色出行方式", "95%"},
			{"效益指标", "可持续影响指标", "社保有延续性和拓展性", "90%"},
			{"满意度指标", "服务对象满意度指标", "事业人员满意度、老列编满意度", "90%"},
		},
	},
	{
		name: "新中心运营费", total: "28.86", fiscal: "28.86", other: "0",
		annual: "28.86", appropriation: "28.86", carryover: "0", annOther: "0",
		overall:    "加强社区党群服务中心的服务性，为党员和居民提供一个安静舒适的阅读环境，并加强党建的影响力。如果不设立这个项目，会大大的减少社区党群服务中心的服务性和开放性。“初心驿”是闵行区委规划布局贯穿“一江一河”沿岸、重点园区、楼宇、商圈等城市空间的服务驿站，是开放、共享、融合的党建基层主阵地、群众身边服务点、人民建议直通车。",
		annualGoal: "吴泾镇社区党建服务中心一楼设置的图书吧，为镇内的党员、居民提供图书，阅读分享、作家讲座等活动服务；承接政府委托的相关项目。开展党群主题活动，对中心全息、电子屏、电视机、话筒等电子设备进行维护。初心驿logo的由来，它整体形状是心形，代表初心，基本形态为中国结，中国结为结合、结交、结缘、团结、永结同心之意义，因“结”生“吉”，“初心驿”党群服务站建设初衷与之相匹配。“心”的图形元素与“闵”、“行”二字拼音首字母进行融合，形成“初心驿”统一的形象标识。",
		indicators: [][4]string{
			{"产出指标", "数量指标", "活动开展次数", "90%"},
			{"产出指标", "时效指标", "提高党员素质", "85%"},
			{"产出指标", "成本指标", "成本降低率", "80%"},
			{"效益指标", "经济效益指标", "全镇经济建设增长率", "90%"},
			{"效益指标", "社会效益指标", "党员幸福感、满意度", "90%"},
			{"效益指标", "生态效益指标", "整体环境整洁度", ""},
			{"效益指标", "可持续影响指标", "提高党员的综合能力", "85%"},
			{"满意度指标", "服务对象满意度指标", "整体服务满意度", "90%"},
			{"满意度指标", "服务对象满意度指标", "党员满意度", "85%"},
		},
	},
	{
		name: "区域党建经费", total: "21.33", fiscal: "21.33", other: "0",
		annual: "21.33", appropriation: "21.33", carryover: "0", annOther: "0",
		overall:    "以六大党建片区凝聚区域化党建合力，更好地为科技时尚特色小镇建设做好保障工作、暑期挂职锻炼、社区党校、党代表工作室运维费用",
		annualGoal: "项目化推进“泾彩党建”品牌，打造一片区一亮点，深入基层，密切联系群众，加强党代表履职工作，推进代表组规范化建设",
		indicators: [][4]string{
			{"产出指标", "数量指标", "完成率", "100%"},
			{"产出指标", "质量指标", "人员覆盖率", "90%"},
			{"产出指标", "时效指标", "及时性", "90%"},
			{"产出指标", "成本指标", "成本降低率", "85%"},
			{"效果指标", "社会效益指标", "提升党组织基层标准化建设", "90%"},
			{"效果指标", "生态效益指标", "特色城镇建设提速", "90%"},
			{"效果指标", "可持续影响指标", "品牌项目持续性", "95%"},
			{"满意度指标", "服务对象满意度指标", "参与人员满意度", "95%"},
			{"满意度指标", "服务对象满意度指标", "党员群众满意度", "95%"},
		},
	},
	{
		name: "新中心运行管理费", total: "12.01", fiscal: "12.01", other: "0",
		annual: "12.01", appropriation: "12.01", carryover: "0", annOther: "0",
		overall:    "包含吴泾镇社区党群服务中心的全年水电费用和物业管理费用",
		annualGoal: "提升保安安全能力和、保洁的工作能力，确保吴泾党群服务服务中心的整体运行",
		indicators: [][4]string{
			{"产出指标", "数量指标", "开展活动次数", "90%"},
			{"产出指标", "质量指标", "党建联建活动", "95%"},
			{"产出指标", "时效指标", "本年度完成", "90%"},
			{"产出指标", "成本指标", "成本降低率", "80%"},
			{"效益指标", "经济效益指标", "专款专用", "100%"},
			{"效益指标", "社会效益指标", "提升党员群众参与满意度", "90%"},
			{"效益指标", "生态效益指标", "绿色出行方式", "92%"},
			{"效益指标", "可持续影响指标", "与片区化党建联建保持联系", "95%"},
			{"满意度指标", "服务对象满意度指标", "党员群众满意度", "95%"},
		},
	},
}

// checkSeed asserts every field of the four projects of the seed.
func checkSeed(t *testing.T, ps []*project.Project) {
	t.Helper()
	if len(ps) != len(seedProjects) {
		t.Fatalf("%d projects, want %d", len(ps), len(seedProjects))
	}
	for i, w := range seedProjects {
		p := ps[i]
		eq := func(what string, got, want any) {
			t.Helper()
			if got != want {
				t.Errorf("project %d (%s): %s = %q, want %q", i+1, w.name, what, got, want)
			}
		}
		eq("name", p.Name, w.name)
		eq("code", p.Code, "")
		eq("year", p.Year, 2023)
		eq("department", p.Department, "吴泾镇人民政府")
		eq("unit", p.Unit, "吴泾镇社区党群服务中心")
		eq("category", p.Category, "专项资金")
		eq("start", p.Start.String(), "2023-01-01")
		eq("end", p.End.String(), "2023-12-31")
		f := p.Funds
		eq("funds.total", f.Total.String(), w.total)
		eq("funds.fiscal", f.Fiscal.String(), w.fiscal)
		eq("funds.other", f.Other.String(), w.other)
		eq("funds.annual", f.Annual.String(), w.annual)
		eq("funds.appropriation", f.Appropriation.String(), w.appropriation)
		eq("funds.carryover", f.Carryover.String(), w.carryover)
		eq("funds.annual_other", f.AnnualOther.String(), w.annOther)
		eq("goals.overall", p.Goals.Overall, w.overall)
		eq("goals.annual", p.Goals.Annual, w.annualGoal)
		eq("body", string(p.Body), "")
		if len(p.Indicators) != len(w.indicators) {
			t.Errorf("project %d (%s): %d indicators, want %d", i+1, w.name, len(p.Indicators), len(w.indicators))
			continue
		}
		for j, in := range p.Indicators {
			got := [4]string{in.Level1, in.Level2, in.Name, in.Target.Raw}
			if got != w.indicators[j] {
				t.Errorf("project %d (%s): indicator %d = %q, want %q", i+1, w.name, j+1, got, w.indicators[j])
			}
		}
	}
}

func TestSeed(t *testing.T) {
	ps, ds := Text("seed.txt", readSeed(t))
	for _, d := range ds {
		t.Errorf("diagnostic: %v", d)
	}
	checkSeed(t, ps)

	var sum decimal.Decimal
	for _, p := range ps {
		sum = sum.Add(p.Funds.Total)
	}
	if want, _ := decimal.Parse("62.22"); sum != want {
		t.Errorf("sum of 项目资金总额 = %s, want 62.22", sum)
	}
	if in := ps[1].Indicators[5]; in.Target.Kind != value.Empty {
		t.Errorf("empty target of %s parsed as %v", in.Name, in.Target.Kind)
	}
}

func TestGBK(t *testing.T) {
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(readSeed(t))
	if err != nil {
		t.Fatal(err)
	}
	ps, ds := Text("seed-gbk.txt", gbk)
	checkSeed(t, ps)
	if len(ds) != 1 || ds[0].Rule != RuleEncoding.ID || ds[0].Severity != diag.Warning ||
		ds[0].Path != "seed-gbk.txt" || !strings.Contains(ds[0].Message, "GBK") {
		t.Errorf("diagnostics %v, want one %s warning naming GBK", ds, RuleEncoding.ID)
	}
}

func TestUTF16(t *testing.T) {
	enc := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewEncoder()
	data, err := enc.Bytes(readSeed(t))
	if err != nil {
		t.Fatal(err)
	}
	ps, ds := Text("seed-utf16.txt", data)
	checkSeed(t, ps)
	if len(ds) != 1 || ds[0].Rule != RuleEncoding.ID || !strings.Contains(ds[0].Message, "UTF-16") {
		t.Errorf("diagnostics %v, want one %s warning naming UTF-16", ds, RuleEncoding.ID)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	data := append([]byte("\ufeff"), bytes.ReplaceAll(readSeed(t), []byte("\n"), []byte("\r\n"))...)
	ps, ds := Text("seed.txt", data)
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	checkSeed(t, ps)
}

// has reports whether ds holds a diagnostic of rule at line.
func has(ds []diag.Diagnostic, rule *diag.Rule, line int) bool {
	for _, d := range ds {
		if d.Rule == rule.ID && d.Line == line && d.Severity == rule.Severity {
			return true
		}
	}
	return false
}

func TestMissingName(t *testing.T) {
	// The third table (title on line 50) loses its 项目名称 label on line 54.
	data := bytes.Replace(readSeed(t), []byte("项目名称\t区域党建经费"), []byte("\t区域党建经费"), 1)
	ps, ds := Text("in/seed.txt", data)
	if len(ps) != 4 {
		t.Fatalf("%d projects, want 4", len(ps))
	}
	if ps[2].Name != "" || ps[2].Department != "吴泾镇人民政府" || ps[3].Name != "新中心运行管理费" {
		t.Errorf("names %q, %q; department %q", ps[2].Name, ps[3].Name, ps[2].Department)
	}
	if !has(ds, RuleMissing, 50) {
		t.Errorf("no %s error at the third table's title, line 50: %v", RuleMissing.ID, ds)
	}
	if !has(ds, RuleCell, 54) {
		t.Errorf("no %s warning for the unlabelled name on line 54: %v", RuleCell.ID, ds)
	}
	for _, d := range ds {
		if d.Path != "in/seed.txt" {
			t.Errorf("diagnostic for %s, want the input's path", d.Path)
		}
		if d.Line != 50 && d.Line != 54 {
			t.Errorf("unexpected diagnostic %v", d)
		}
	}
}

func TestEmptyName(t *testing.T) {
	data := bytes.Replace(readSeed(t), []byte("项目名称\t区域党建经费"), []byte("项目名称\t"), 1)
	_, ds := Text("seed.txt", data)
	if !has(ds, RuleMissing, 54) || len(ds) != 1 {
		t.Errorf("diagnostics %v, want one %s at the label, line 54", ds, RuleMissing.ID)
	}
}

// small is a small table in the text form; the tests replace its parts.
const small = `财政项目支出绩效目标表
（２０２３ 年度）
项目名称→测试项目→项目类别→专项资金 <input type="checkbox"/> 经常性项目 <input checked="" type="checkbox"/> 一次性项目 <input type="checkbox"/>
主管部门→某部门→实施单位→某单位
计划开始日期→２０２３．１．１→计划完成日期→2023年12月31日
项目资金 (万元)→项目资金总额→１２．０１万→年度资金申请总额→1,000. 5 万元
→其中：财政资金→12→其中：当年财政拨款→0.0001
→其他资金→0.01→上年结转资金→—
项目 绩效 目标→项目总目标→→年度总体目标
→<p>第一段</p><p>第二段 &amp; 更多</p>→年度目标
绩效 指标→一级指标→二级指标→三级指标→年度指标值
→产出指标→数量指标→指标１：活动次数→≥２４次
`

func TestFullWidthAndFormats(t *testing.T) {
	ps, ds := Text("t.txt", tsv(small))
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	p := ps[0]
	for _, c := range []struct{ what, got, want string }{
		{"year", p.Start.String()[:4], "2023"},
		{"start", p.Start.String(), "2023-01-01"},
		{"end", p.End.String(), "2023-12-31"},
		{"category", p.Category, "经常性项目"},
		{"total", p.Funds.Total.String(), "12.01"},
		{"annual", p.Funds.Annual.String(), "1000.5"},
		{"fiscal", p.Funds.Fiscal.String(), "12"},
		{"appropriation", p.Funds.Appropriation.String(), "0.0001"},
		{"other", p.Funds.Other.String(), "0.01"},
		{"carryover", p.Funds.Carryover.String(), "0"},
		{"overall", p.Goals.Overall, "第一段\n第二段 & 更多"},
		{"annual goal", p.Goals.Annual, "年度目标"},
		{"indicator", p.Indicators[0].Name, "活动次数"},
		{"target as published", p.Indicators[0].Target.Raw, "≥２４次"},
		{"target number", p.Indicators[0].Target.Number.String(), "24"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if p.Year != 2023 {
		t.Errorf("year = %d, want 2023", p.Year)
	}
}

func TestOtherFunds(t *testing.T) {
	// The rows of the funds block as the four tables of the seed lay them
	// out, with amounts in the two 其他资金.
	head := "财政项目支出绩效目标表\n(2023 年度)\n项目名称→x\n"
	for _, c := range []struct {
		name, rows         string
		other, annualOther string
		warn               bool
	}{
		{"both on one row (table 1)", `项目资金 (万元)→项目资金总额→3万→年度资金申请总额→3万→
→其中：财政资金→1万→其中：当年财政拨款→1万→
→→→上年结转资金→→
其他资金→2万→其他资金→2万→→`, "2", "2", false},
		{"beside 上年结转资金 (table 2)", `项目资金 (万元)→项目资金总额→3万→年度资金申请总额→1万
→其中：财政资金→1万→其中：当年财政拨款→1万
→其他资金→2万→上年结转资金→`, "2", "0", false},
		{"on the next row (table 3)", `项目资金 (万元)→项目资金总额→3万→年度资金申请总额→3万
→其中：财政资金→1万→其中：当年财政拨款→1万
→其他资金→2万→上年结转资金→
→→→其他资金→2万`, "2", "2", false},
		{"the annual one alone", `项目资金 (万元)→项目资金总额→1万→年度资金申请总额→3万
→其中：财政资金→1万→其中：当年财政拨款→1万
→→→上年结转资金→
→→→其他资金→2万`, "0", "2", false},
		{"alone beside 财政资金", `项目资金 (万元)→项目资金总额→1万→年度资金申请总额→3万
→其中：财政资金→1万→其他资金→2万`, "0", "2", false},
		{"alone between the columns", `→项目资金总额→3万→年度资金申请总额→1万
→→其他资金→2万`, "2", "0", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, ds := Text("t.txt", tsv(head+c.rows+"\n"))
			f := ps[0].Funds
			if f.Other.String() != c.other || f.AnnualOther.String() != c.annualOther {
				t.Errorf("other = %s, annual_other = %s; want %s, %s", f.Other, f.AnnualOther, c.other, c.annualOther)
			}
			warned := false
			for _, d := range ds {
				warned = warned || d.Rule == RuleCell.ID
			}
			if warned != c.warn {
				t.Errorf("warned %v, want %v: %v", warned, c.warn, ds)
			}
		})
	}
}

func TestIndicatorRows(t *testing.T) {
	head := "财政项目支出绩效目标表\n(2023 年度)\n项目名称→x\n绩效 指标→一级指标→二级指标→三级指标→年度指标值\n"
	for _, c := range []struct {
		name, rows string
		want       [][4]string
		warnLines  []int // lines of import-cell warnings, counted from the header's next line
	}{
		{"2021 edition: 成本指标 as 一级", `→成本指标→经济成本指标→指标1：单位成本→≤12万元
→→社会成本指标→指标2：投诉→0`, [][4]string{
			{"成本指标", "经济成本指标", "单位成本", "≤12万元"},
			{"成本指标", "社会成本指标", "投诉", "0"},
		}, nil},
		{"legacy: 成本指标 as 二级 under 产出", `→产出指标→数量指标→指标1：次数→24次
→→成本指标→指标1：成本降低率→85%`, [][4]string{
			{"产出指标", "数量指标", "次数", "24次"},
			{"产出指标", "成本指标", "成本降低率", "85%"},
		}, nil},
		{"names without numbering", `产出指标→数量指标→活动次数→24次
→质量指标→合格率→
→时效→及时率→100%`, [][4]string{
			{"产出指标", "数量指标", "活动次数", "24次"},
			{"产出指标", "质量指标", "合格率", ""},
			{"产出指标", "时效", "及时率", "100%"},
		}, nil},
		{"unknown names keep their place", `产出→数量→目标一：次数→达标
决策→决策依据→指标1：合规→是`, [][4]string{
			{"产出", "数量", "次数", "达标"},
			{"决策", "决策依据", "合规", "是"},
		}, nil},
		{"a new 一级 without its 二级", `→产出指标→数量指标→指标1：次数→24次
→效益指标→指标1：效果→好`, [][4]string{
			{"产出指标", "数量指标", "次数", "24次"},
			{"效益指标", "", "效果", "好"},
		}, []int{2}},
		{"no 一级 above; stray cell; no name", `→数量指标→指标1：次数→备注→24次
→→→95%`, [][4]string{
			{"", "数量指标", "次数", "24次"},
			{"", "数量指标", "", "95%"},
		}, []int{1, 1, 2, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, ds := Text("t.txt", tsv(head+c.rows+"\n"))
			var got [][4]string
			for _, in := range ps[0].Indicators {
				got = append(got, [4]string{in.Level1, in.Level2, in.Name, in.Target.Raw})
			}
			if len(got) != len(c.want) {
				t.Fatalf("indicators %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("indicator %d = %q, want %q", i+1, got[i], c.want[i])
				}
			}
			var lines []int
			for _, d := range ds {
				if d.Rule == RuleCell.ID {
					lines = append(lines, d.Line-4)
				}
			}
			if !slicesEqual(lines, c.warnLines) {
				t.Errorf("import-cell warnings on lines %v, want %v: %v", lines, c.warnLines, ds)
			}
		})
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestUnreadableValues(t *testing.T) {
	for _, c := range []struct{ name, old, new string }{
		{"amount in words", "１２．０１万", "十二万"},
		{"amount in 元", "１２．０１万", "120100元"},
		{"date", "２０２３．１．１", "明年"},
		{"no category ticked", `<input checked="" type="checkbox"/>`, `<input type="checkbox"/>`},
		{"two categories ticked", `<input type="checkbox"/> 经常性项目`, `<input checked type="checkbox"/> 经常性项目`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(small, c.old, c.new, 1)
			if src == small {
				t.Fatal("replacement not found")
			}
			line := 1 + strings.Count(src[:strings.Index(src, c.new)], "\n")
			_, ds := Text("t.txt", tsv(src))
			if len(ds) != 1 || !has(ds, RuleValue, line) {
				t.Errorf("diagnostics %v, want one %s on line %d", ds, RuleValue.ID, line)
			}
		})
	}
}

func TestNotATable(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"binary", []byte("\x00\x01\x02PK\x03\x04")},
		{"text without a table", []byte("会议纪要\n一、项目背景\n")},
		{"empty", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps, ds := Text("x", c.data)
			if ps != nil || len(ds) != 1 || ds[0].Rule != RuleUnreadable.ID || ds[0].Severity != diag.Error {
				t.Errorf("Text = %v, %v; want one %s error", ps, ds, RuleUnreadable.ID)
			}
		})
	}
}

func TestTableWithoutTitle(t *testing.T) {
	src := strings.SplitN(small, "\n", 2)[1] // drop the title line
	ps, ds := Text("t.txt", tsv(src))
	if len(ps) != 1 || ps[0].Name != "测试项目" || ps[0].Year != 2023 {
		t.Fatalf("Text = %v", ps)
	}
	if len(ds) != 0 {
		t.Errorf("diagnostics: %v", ds)
	}
}

func TestFileName(t *testing.T) {
	ps, _ := Text("seed.txt", readSeed(t))
	seen := map[string]bool{}
	for i, p := range ps {
		name := FileName(p, i)
		if !strings.HasPrefix(name, "2023-") || !strings.HasSuffix(name, ".md") || len(name) != len("2023-12345678.md") {
			t.Errorf("FileName = %q", name)
		}
		if seen[name] {
			t.Errorf("FileName %q twice", name)
		}
		seen[name] = true
		if again := FileName(p, i+7); again != name {
			t.Errorf("FileName depends on the index: %q, %q", name, again)
		}
	}
	if got := FileName(&project.Project{Year: 2023, Content: &project.Content{}}, 1); got != "2023-table-02.md" {
		t.Errorf("FileName of a nameless project = %q", got)
	}
}

func TestWrite(t *testing.T) {
	ps, _ := Text("seed.txt", readSeed(t))
	dir := filepath.Join(t.TempDir(), "content", "2023", "wujing")
	paths, err := Write(dir, ps, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 4 {
		t.Fatalf("wrote %v", paths)
	}
	for i, path := range paths {
		if want := filepath.Join(dir, FileName(ps[i], i)); path != want {
			t.Errorf("wrote %s, want %s", path, want)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// The written file loads back with no file-level diagnostics and
		// the same values.
		name := "content/2023/wujing/" + filepath.Base(path)
		p, ds := load.Project(name, data)
		if p == nil || len(ds) > 0 {
			t.Fatalf("%s: %v", name, ds)
		}
		p.Path, p.Slug, p.Pos, p.BodyLine = "", "", nil, 0
		ps[i].Pos = nil
		checkSeed(t, append(append([]*project.Project{}, ps[:i]...), append([]*project.Project{p}, ps[i+1:]...)...))
	}
	assertFiles(t, dir, 4)
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	ps, _ := Text("seed.txt", readSeed(t))
	dir := t.TempDir()
	existing := filepath.Join(dir, FileName(ps[2], 2))
	if err := os.WriteFile(existing, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths, err := Write(dir, ps, false)
	if err == nil || !strings.Contains(err.Error(), existing) {
		t.Fatalf("Write = %v, %v; want an error naming %s", paths, err, existing)
	}
	assertFiles(t, dir, 1) // nothing else written, no temporary files left
	if data, _ := os.ReadFile(existing); string(data) != "mine" {
		t.Errorf("existing file overwritten: %q", data)
	}

	if _, err := Write(dir, ps, true); err != nil {
		t.Fatal(err)
	}
	assertFiles(t, dir, 4)
	if data, _ := os.ReadFile(existing); !bytes.Contains(data, []byte("区域党建经费")) {
		t.Errorf("force did not overwrite: %q", data)
	}
}

func TestWriteRefusesTwoProjectsInOneFile(t *testing.T) {
	ps, _ := Text("seed.txt", readSeed(t))
	dir := t.TempDir()
	if _, err := Write(dir, append(ps, ps[0]), true); err == nil {
		t.Fatal("Write of the same project twice succeeded")
	}
	assertFiles(t, dir, 0)
}

// assertFiles checks that dir holds n files.
func assertFiles(t *testing.T, dir string, n int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != n {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v, want %d files", dir, names, n)
	}
}

func FuzzText(f *testing.F) {
	// Pieces of the seed rather than all of it: the fuzzer minimises every
	// input that finds new code, which takes long on a 7 KB file.
	seed := readSeed(f)
	lines := bytes.SplitAfter(seed, []byte("\n"))
	for _, r := range [][2]int{{0, 26}, {26, 49}, {49, 73}, {73, len(lines)}, {6, 14}, {12, 20}, {36, 40}, {44, 50}} {
		f.Add(bytes.Join(lines[r[0]:r[1]], nil))
	}
	f.Add(tsv(small))
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes(bytes.Join(lines[26:49], nil))
	f.Add(gbk)
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, ds := Text("fuzz.txt", data)
		for _, d := range ds {
			if d.Line < 1 || d.Path != "fuzz.txt" {
				t.Errorf("diagnostic without a position: %v", d)
			}
		}
		for _, p := range ps {
			if err := project.Encode(&bytes.Buffer{}, p); err != nil {
				t.Errorf("Encode: %v", err)
			}
		}
	})
}
