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

// Table is a sheet of data: a header row, and rows made from each project
// in turn, so that a table of every indicator of a large site is never
// held whole.
type Table struct {
	Name   string // the sheet's name in the XLSX: "项目"
	Header []string
	// Rows yields the rows of one project in order. A row is valid only
	// until the next is asked for: its cells may be reused.
	Rows func(p *site.Project) iter.Seq[[]Cell]
}

// Cell is one value; Number marks the exact decimal strings (amounts,
// years, parsed numbers) that a spreadsheet may treat as numbers.
type Cell struct {
	Text   string
	Number bool
}

func text(s string) Cell { return Cell{Text: s} }
func number(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Text: s, Number: true}
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

// ProjectTable has one row per project.
func ProjectTable(s *site.Site) Table {
	t := Table{Name: "项目"}
	for _, k := range slices.Concat(projectKeys, evaluationKeys) {
		t.Header = append(t.Header, label(k))
	}
	t.Header = append(t.Header, labelCount, labelMet, labelJudged, labelURL)
	t.Rows = func(p *site.Project) iter.Seq[[]Cell] {
		return func(yield func([]Cell) bool) {
			row := appendProjectCells(make([]Cell, 0, len(t.Header)), p)
			row = appendEvaluationCells(row, p.Evaluation)
			row = append(row, number(strconv.Itoa(len(p.Indicators))))
			met, judged := Cell{}, Cell{}
			if r := p.Results(); r.Projects > 0 {
				met, judged = number(strconv.Itoa(r.Met)), number(strconv.Itoa(r.Judged))
			}
			yield(append(row, met, judged, text(url(s, p))))
		}
	}
	return t
}

func appendProjectCells(row []Cell, p *site.Project) []Cell {
	f := p.Funds
	return append(row,
		text(p.Name), text(p.Code), number(strconv.Itoa(p.Year.Year)), text(p.Project.Department), text(p.Project.Unit),
		text(p.Category), text(p.Start.String()), text(p.End.String()),
		number(f.Total.String()), number(f.Fiscal.String()), number(f.Other.String()),
		number(f.Annual.String()), number(f.Appropriation.String()), number(f.Carryover.String()), number(f.AnnualOther.String()),
		text(p.Goals.Overall), text(p.Goals.Annual),
	)
}

func appendEvaluationCells(row []Cell, e *project.Evaluation) []Cell {
	if e == nil {
		return append(row, make([]Cell, len(evaluationKeys))...)
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

// IndicatorTable has one row per indicator, after the project it belongs
// to: its name, code, year, department and unit.
func IndicatorTable(s *site.Site) Table {
	t := Table{Name: "指标"}
	for _, k := range []string{"name", "code", "year", "department", "unit",
		"indicators.level1", "indicators.level2", "indicators.name", "indicators.target"} {
		t.Header = append(t.Header, label(k))
	}
	t.Header = append(t.Header, labelKind, labelComparison, labelNumber, labelUnit,
		label("indicators.actual"), labelActualComparison, labelActualNumber, labelActualUnit,
		label("indicators.met"), label("indicators.weight"), label("indicators.score"), label("indicators.deviation"),
		labelURL)
	t.Rows = func(p *site.Project) iter.Seq[[]Cell] {
		return func(yield func([]Cell) bool) {
			if len(p.Indicators) == 0 {
				return
			}
			year, u := number(strconv.Itoa(p.Year.Year)), text(url(s, p))
			row := make([]Cell, 0, len(t.Header)) // one for all the project's rows
			for i := range p.Indicators {
				in := &p.Indicators[i]
				v, a := in.Target, in.Actual
				row = append(row[:0],
					text(p.Name), text(p.Code), year, text(p.Project.Department), text(p.Project.Unit),
					text(in.Level1), text(in.Level2), text(in.Name), text(v.Raw),
					text(KindLabel(v.Kind)), text(v.Cmp), number(quantity(v)), text(v.Unit),
					text(a.Raw), text(a.Cmp), number(quantity(a)), text(a.Unit),
					text(MetLabel(in)), number(decimalText(in.Weight)), number(decimalText(in.Score)), text(in.Deviation),
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

// MetLabel says whether an indicator met its target: 是, 否, or "" when
// that cannot be told (see project.Indicator.Achieved).
func MetLabel(in *project.Indicator) string {
	met, known := in.Achieved()
	switch {
	case !known:
		return ""
	case met:
		return "是"
	}
	return "否"
}

// KindLabel names a kind of target in Chinese.
func KindLabel(k value.Kind) string {
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

// url is a project's page as an absolute URL (when base_url is one).
func url(s *site.Site, p *site.Project) string { return s.AbsURL(p.URL()) }
