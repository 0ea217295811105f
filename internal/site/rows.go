package site

import "jixiao/internal/project"

// RowGroup is the rows of the indicator table under one 一级指标: on the
// form its name is a single cell spanning all of them.
type RowGroup struct {
	Level1 string
	Rows   []Row
}

// Row is one row of the indicator table. Span2 is the number of rows the
// 二级指标 cell spans, on the first row of a run of equal 二级指标, and 0 on
// the rows it covers; Cell2 is the index (in the group) of the row that
// holds the 二级指标 cell of this row.
type Row struct {
	Level2 string
	Span2  int
	Cell2  int
	project.Indicator
}

// IndicatorGroups lays the indicators out as the form does: consecutive
// rows with the same 一级指标 form a group, and within it consecutive rows
// with the same 二级指标 share one cell. The order is the file's.
func (p *Project) IndicatorGroups() []RowGroup {
	var groups []RowGroup
	for _, in := range p.Indicators {
		if n := len(groups); n == 0 || groups[n-1].Level1 != in.Level1 {
			groups = append(groups, RowGroup{Level1: in.Level1})
		}
		g := &groups[len(groups)-1]
		row := Row{Level2: in.Level2, Span2: 1, Cell2: len(g.Rows), Indicator: in}
		if n := len(g.Rows); n > 0 && g.Rows[n-1].Level2 == in.Level2 {
			// The row continues the run of the row above: widen its cell.
			row.Span2, row.Cell2 = 0, g.Rows[n-1].Cell2
			g.Rows[row.Cell2].Span2++
		}
		g.Rows = append(g.Rows, row)
	}
	return groups
}

// Status says whether the row met its target, for the mark of the 完成情况
// column: "met", "unmet", or "unknown" when it cannot be told (a
// qualitative actual without met, or no actual at all).
func (r Row) Status() string {
	met, known := r.Indicator.Achieved()
	switch {
	case !known:
		return "unknown"
	case met:
		return "met"
	}
	return "unmet"
}
