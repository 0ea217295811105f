package site

import (
	"strconv"

	"jixiao/internal/project"
)

// RowGroup is the rows of the indicator table under one 一级指标: on the
// form its name is a single cell spanning all of them. ID is the id of
// that cell: "i0" for the first group.
type RowGroup struct {
	Level1 string
	ID     string
	Rows   []Row
}

// Row is one row of the indicator table. Span2 is the number of rows the
// 二级指标 cell spans, on the first row of a run of equal 二级指标, and 0 on
// the rows it covers; Cell2 is the index (in the group) of the row that
// holds the 二级指标 cell of this row.
//
// The ids of the row's header cells are made here rather than in the
// layout, where each piece of an attribute costs a call to an escaper:
// Level2ID of its 二级指标 cell ("i0-1", when it holds one), NameID of its
// 三级指标 cell ("i0-1-n"), and Headers, the ids of every header cell of
// its data cells after the column's own ("i0 i0-0 i0-1-n").
type Row struct {
	Level2                    string
	Span2                     int
	Cell2                     int
	Level2ID, NameID, Headers string
	project.Indicator
}

// IndicatorGroups lays the indicators out as the form does: consecutive
// rows with the same 一级指标 form a group, and within it consecutive rows
// with the same 二级指标 share one cell. The order is the file's.
func (p *Project) IndicatorGroups() []RowGroup {
	var groups []RowGroup
	for _, in := range p.Indicators {
		if n := len(groups); n == 0 || groups[n-1].Level1 != in.Level1 {
			groups = append(groups, RowGroup{Level1: in.Level1, ID: "i" + strconv.Itoa(n)})
		}
		g := &groups[len(groups)-1]
		r := len(g.Rows)
		row := Row{Level2: in.Level2, Span2: 1, Cell2: r, Indicator: in}
		if r > 0 && g.Rows[r-1].Level2 == in.Level2 {
			// The row continues the run of the row above: widen its cell.
			row.Span2, row.Cell2 = 0, g.Rows[r-1].Cell2
			g.Rows[row.Cell2].Span2++
		}
		row.Level2ID = g.ID + "-" + strconv.Itoa(r)
		row.NameID = row.Level2ID + "-n"
		row.Headers = g.ID + " " + g.ID + "-" + strconv.Itoa(row.Cell2) + " " + row.NameID
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
