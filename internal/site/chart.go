package site

import (
	"cmp"
	"slices"
	"strconv"

	"jixiao/internal/decimal"
)

// Chart is a bar chart: of 年度资金申请总额 (the amount asked for in the
// year, which unlike 项目资金总额 can be summed across years), or of the
// average 自评总分.
type Chart struct {
	Title string // what the bars measure, for the caption and the text alternative
	Unit  string // of the amounts: "万元" or "分"
	// Full is the amount of a bar that spans the whole scale (100 分); when
	// zero, the largest bar does.
	Full decimal.Decimal
	Bars []Bar // largest first
}

// Bar is one bar of a chart.
type Bar struct {
	Label    string
	URL      string // the page of what the bar stands for; "" for the rest
	Amount   decimal.Decimal
	Projects int    // the projects the amount is of
	Note     string // more on the bar for its text alternative: "指标完成 5/6 项"
}

// MaxBars is the number of bars a chart shows; the rest are summed into one.
const MaxBars = 12

func newChart(title string, groups []*Group) Chart {
	bars := make([]Bar, 0, len(groups))
	for _, g := range groups {
		t := g.Totals()
		bars = append(bars, Bar{Label: g.Name, URL: g.URL, Amount: t.Funds.Annual, Projects: t.Projects})
	}
	slices.SortStableFunc(bars, func(a, b Bar) int { return cmp.Compare(b.Amount.Cmp(a.Amount), 0) })
	if len(bars) > MaxBars {
		rest := Bar{}
		for _, b := range bars[MaxBars-1:] {
			rest.Amount = rest.Amount.Add(b.Amount)
			rest.Projects += b.Projects
		}
		rest.Label = "其余 " + strconv.Itoa(len(bars)-MaxBars+1) + " 项合计"
		bars = append(bars[:MaxBars-1], rest)
	}
	return Chart{Title: title, Unit: "万元", Bars: bars}
}

// newScoreChart charts the average 自评总分 of the groups that have one,
// highest first, on a scale of 100 分. The groups beyond MaxBars share one
// bar: the average over all their scored projects. A chart of groups none
// of which is scored has no bars.
func newScoreChart(title string, groups []*Group) Chart {
	type scored struct {
		label, url string
		r          Results
	}
	var list []scored
	for _, g := range groups {
		if r := g.Totals().Results; r.Scored > 0 {
			list = append(list, scored{g.Name, g.URL, r})
		}
	}
	slices.SortStableFunc(list, func(a, b scored) int {
		return b.r.AverageScore().Cmp(a.r.AverageScore())
	})
	if len(list) > MaxBars {
		rest := scored{label: "其余 " + strconv.Itoa(len(list)-MaxBars+1) + " 项平均"}
		for _, s := range list[MaxBars-1:] {
			rest.r.Merge(s.r)
		}
		list = append(list[:MaxBars-1], rest)
	}
	bars := make([]Bar, 0, len(list))
	for _, s := range list {
		bar := Bar{Label: s.label, URL: s.url, Amount: s.r.AverageScore(), Projects: s.r.Scored}
		if s.r.Judged > 0 {
			bar.Note = "指标完成 " + strconv.Itoa(s.r.Met) + "/" + strconv.Itoa(s.r.Judged) + " 项"
		}
		bars = append(bars, bar)
	}
	return Chart{Title: title, Unit: "分", Full: decimal.FromInt(100), Bars: bars}
}

// departmentGroups are the site's departments as groups.
func (s *Site) departmentGroups() []*Group {
	groups := make([]*Group, len(s.Departments))
	for i, d := range s.Departments {
		groups[i] = d.Group()
	}
	return groups
}

// Chart shows the site's funds by department.
func (s *Site) Chart() Chart {
	return newChart("各主管部门年度资金申请总额（万元）", s.departmentGroups())
}

// ScoreChart shows the average 自评总分 by department.
func (s *Site) ScoreChart() Chart {
	return newScoreChart("各主管部门平均自评得分（分）", s.departmentGroups())
}

// Chart shows a department's funds by unit, or by project when it has
// only one unit.
func (d *Department) Chart() Chart {
	if d.manyUnits() {
		return newChart("各实施单位年度资金申请总额（万元）", d.Units())
	}
	return newChart("各项目年度资金申请总额（万元）", projectGroups(d.Projects, spansYears(d.Projects)))
}

// ScoreChart shows a department's average 自评总分 by unit, or its
// projects' 自评总分 when it has only one unit.
func (d *Department) ScoreChart() Chart {
	if d.manyUnits() {
		return newScoreChart("各实施单位平均自评得分（分）", d.Units())
	}
	return newScoreChart("各项目自评得分（分）", projectGroups(d.Projects, spansYears(d.Projects)))
}

// manyUnits reports whether the department's projects are of more than
// one unit, without grouping them.
func (d *Department) manyUnits() bool {
	for _, p := range d.Projects {
		if p.Unit != d.Projects[0].Unit {
			return true
		}
	}
	return false
}

// Chart shows a unit's funds by project.
func (u *Unit) Chart() Chart {
	return newChart("各项目年度资金申请总额（万元）", projectGroups(u.Projects, spansYears(u.Projects)))
}

// ScoreChart shows a unit's projects' 自评总分.
func (u *Unit) ScoreChart() Chart {
	return newScoreChart("各项目自评得分（分）", projectGroups(u.Projects, spansYears(u.Projects)))
}

// Chart shows a year's funds by department.
func (y *Year) Chart() Chart {
	return newChart("各主管部门年度资金申请总额（万元）", y.Departments())
}

// ScoreChart shows a year's average 自评总分 by department.
func (y *Year) ScoreChart() Chart {
	return newScoreChart("各主管部门平均自评得分（分）", y.Departments())
}

// projectGroups makes one group per project, naming the year when the
// projects span several.
func projectGroups(ps []*Project, withYear bool) []*Group {
	groups := make([]*Group, len(ps))
	for i, p := range ps {
		name := p.Name
		if withYear {
			name += "（" + strconv.Itoa(p.Year.Year) + "）"
		}
		groups[i] = &Group{Name: name, URL: p.URL(), Projects: ps[i : i+1 : i+1]}
	}
	return groups
}
