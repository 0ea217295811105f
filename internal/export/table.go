package export

import (
	"strconv"

	"jixiao/internal/site"
	"jixiao/internal/value"
)

// Table is a sheet of data: a header row and rows of cells.
type Table struct {
	Name   string // the sheet's name in the XLSX: "项目"
	Header []string
	Rows   [][]Cell
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
	labelCount      = "绩效指标数"
	labelURL        = "网址"
	labelKind       = "指标值类型"
	labelComparison = "比较符"
	labelNumber     = "数值"
	labelUnit       = "计量单位"
)

// ProjectTable has one row per project.
func ProjectTable(s *site.Site) Table {
	t := Table{Name: "项目"}
	for _, k := range projectKeys {
		t.Header = append(t.Header, label(k))
	}
	t.Header = append(t.Header, labelCount, labelURL)
	for _, p := range s.Projects {
		row := append(projectCells(p), number(strconv.Itoa(len(p.Indicators))), text(url(s, p)))
		t.Rows = append(t.Rows, row)
	}
	return t
}

func projectCells(p *site.Project) []Cell {
	f := p.Funds
	return []Cell{
		text(p.Name), text(p.Code), number(strconv.Itoa(p.Year.Year)), text(p.Project.Department), text(p.Project.Unit),
		text(p.Category), text(p.Start.String()), text(p.End.String()),
		number(f.Total.String()), number(f.Fiscal.String()), number(f.Other.String()),
		number(f.Annual.String()), number(f.Appropriation.String()), number(f.Carryover.String()), number(f.AnnualOther.String()),
		text(p.Goals.Overall), text(p.Goals.Annual),
	}
}

// IndicatorTable has one row per indicator, after the project it belongs
// to: its name, code, year, department and unit.
func IndicatorTable(s *site.Site) Table {
	t := Table{Name: "指标"}
	for _, k := range []string{"name", "code", "year", "department", "unit",
		"indicators.level1", "indicators.level2", "indicators.name", "indicators.target"} {
		t.Header = append(t.Header, label(k))
	}
	t.Header = append(t.Header, labelKind, labelComparison, labelNumber, labelUnit, labelURL)
	for _, p := range s.Projects {
		for _, in := range p.Indicators {
			v := in.Target
			num := ""
			if v.Kind == value.Quantitative {
				num = v.Number.String()
			}
			t.Rows = append(t.Rows, []Cell{
				text(p.Name), text(p.Code), number(strconv.Itoa(p.Year.Year)), text(p.Project.Department), text(p.Project.Unit),
				text(in.Level1), text(in.Level2), text(in.Name), text(v.Raw),
				text(KindLabel(v.Kind)), text(v.Cmp), number(num), text(v.Unit), text(url(s, p)),
			})
		}
	}
	return t
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
