package export

import (
	"iter"
	"slices"
	"strconv"

	"jixiao/internal/decimal"
	"jixiao/internal/project"
	"jixiao/internal/site"
	"jixiao/internal/value"
)

// table is a sheet of data: a header row, and rows made from each project
// in turn, so that a table of every indicator of a large site is never
// held whole.
type table struct {
	name   string // the sheet's name in the XLSX: "项目"
	header []string
	// rows yields the rows of one project in order. A row is valid only
	// until the next is asked for: its cells may be reused.
	rows func(e *entry) iter.Seq[[]cell]
}

// cell is one value; number marks the exact decimal strings (amounts,
// years, parsed numbers) that a spreadsheet may treat as numbers.
type cell struct {
	text   string
	number bool
}

func text(s string) cell { return cell{text: s} }
func number(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{text: s, number: true}
}

// projectKeys are the columns of the project table, in the order of the form.
var projectKeys = []string{
	"name", "code", "year", "department", "unit", "category", "start", "end",
	"funds.total", "funds.fiscal", "funds.other",
	"funds.annual", "funds.appropriation", "funds.carryover", "funds.annual_other",
	"goals.overall", "goals.annual",
}

// Labels of columns that are not fields of the content format.
const (
	labelCount            = "绩效指标数"
	labelURL              = "网址"
	labelKind             = "指标值类型"
	labelComparison       = "比较符"
	labelNumber           = "数值"
	labelUnit             = "计量单位"
	labelActualComparison = "实际值比较符"
	labelActualNumber     = "实际值数值"
	labelActualUnit       = "实际值计量单位"
	labelMet              = "指标完成数"
	labelJudged           = "可判定指标数"
)

// The columns of the self-evaluation (绩效自评) are always there, empty for
// a project that has published none, so that a file has the same columns
// before and after the results come in.

// evaluationKeys are the columns of a project's 绩效自评.
var evaluationKeys = []string{"evaluation.year", "evaluation.total_score", "evaluation.grade", "evaluation.summary"}

// projectTable has one row per project.
func projectTable() table {
	t := table{name: "项目"}
	for _, k := range slices.Concat(projectKeys, evaluationKeys) {
		t.header = append(t.header, label(k))
	}
	t.header = append(t.header, labelCount, labelMet, labelJudged, labelURL)
	t.rows = func(e *entry) iter.Seq[[]cell] {
		return func(yield func([]cell) bool) {
			row := appendProjectCells(make([]cell, 0, len(t.header)), e.p)
			row = appendEvaluationCells(row, e.p.Evaluation)
			row = append(row, number(strconv.Itoa(len(e.p.Indicators))))
			met, judged := cell{}, cell{}
			if r := e.results; r.Projects > 0 {
				met, judged = number(strconv.Itoa(r.Met)), number(strconv.Itoa(r.Judged))
			}
			yield(append(row, met, judged, text(e.url)))
		}
	}
	return t
}

func appendProjectCells(row []cell, p *site.Project) []cell {
	f := p.Funds
	return append(row,
		text(p.Name), text(p.Code), number(strconv.Itoa(p.Year.Year)), text(p.Project.Department), text(p.Project.Unit),
		text(p.Category), text(p.Start.String()), text(p.End.String()),
		number(f.Total.String()), number(f.Fiscal.String()), number(f.Other.String()),
		number(f.Annual.String()), number(f.Appropriation.String()), number(f.Carryover.String()), number(f.AnnualOther.String()),
		text(p.Goals.Overall), text(p.Goals.Annual),
	)
}

func appendEvaluationCells(row []cell, e *project.Evaluation) []cell {
	if e == nil {
		return append(row, make([]cell, len(evaluationKeys))...)
	}
	year := ""
	if e.Year != 0 {
		year = strconv.Itoa(e.Year)
	}
	return append(row, number(year), number(decimalText(e.TotalScore)), text(e.Grade), text(e.Summary))
}

// decimalText is an optional decimal exactly, or "".
func decimalText(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// indicatorTable has one row per indicator, after the project it belongs
// to: its name, code, year, department and unit.
func indicatorTable() table {
	t := table{name: "指标"}
	for _, k := range []string{"name", "code", "year", "department", "unit",
		"indicators.level1", "indicators.level2", "indicators.name", "indicators.target"} {
		t.header = append(t.header, label(k))
	}
	t.header = append(t.header, labelKind, labelComparison, labelNumber, labelUnit,
		label("indicators.actual"), labelActualComparison, labelActualNumber, labelActualUnit,
		label("indicators.met"), label("indicators.weight"), label("indicators.score"), label("indicators.deviation"),
		labelURL)
	t.rows = func(e *entry) iter.Seq[[]cell] {
		return func(yield func([]cell) bool) {
			p := e.p
			if len(p.Indicators) == 0 {
				return
			}
			year, u := number(strconv.Itoa(p.Year.Year)), text(e.url)
			row := make([]cell, 0, len(t.header)) // one for all the project's rows
			for i := range p.Indicators {
				in := &p.Indicators[i]
				v, a := in.Target, in.Actual
				row = append(row[:0],
					text(p.Name), text(p.Code), year, text(p.Project.Department), text(p.Project.Unit),
					text(in.Level1), text(in.Level2), text(in.Name), text(v.Raw),
					text(kindLabel(v.Kind)), text(v.Cmp), number(quantity(v)), text(v.Unit),
					text(a.Raw), text(a.Cmp), number(quantity(a)), text(a.Unit),
					text(metLabel(in)), number(decimalText(in.Weight)), number(decimalText(in.Score)), text(in.Deviation),
					u,
				)
				if !yield(row) {
					return
				}
			}
		}
	}
	return t
}

// quantity is the number of a quantitative value exactly, or "".
func quantity(v value.Value) string {
	if v.Kind != value.Quantitative {
		return ""
	}
	return v.Number.String()
}

// metLabel says whether an indicator met its target: 是, 否, or "" when
// that cannot be told (see project.Indicator.Achieved).
func metLabel(in *project.Indicator) string {
	met, known := in.Achieved()
	switch {
	case !known:
		return ""
	case met:
		return "是"
	}
	return "否"
}

// kindLabel names a kind of target in Chinese.
func kindLabel(k value.Kind) string {
	switch k {
	case value.Quantitative:
		return "定量"
	case value.Qualitative:
		return "定性"
	case value.Empty:
		return "空"
	}
	return "无法识别"
}
