package site

import (
	"cmp"
	"slices"
	"strconv"

	"jixiao/internal/decimal"
)

// Chart is a bar chart of 年度资金申请总额 (the amount asked for in the year,
// which unlike 项目资金总额 can be summed across years).
type Chart struct {
	Title string // what the bars measure, for the caption and the text alternative
	Bars  []Bar  // largest first
}

// Bar is one bar of a chart.
type Bar struct {
	Label    string
	URL      string // the page of what the bar stands for; "" for the rest
	Amount   decimal.Decimal
	Projects int
}

// MaxBars is the number of bars a chart shows; the rest are summed into one.
const MaxBars = 12

func newChart(title string, groups []*Group) Chart {
	bars := make([]Bar, 0, len(groups))
	for _, g := range groups {
		bars = append(bars, Bar{Label: g.Name, URL: g.URL, Amount: g.Totals.Funds.Annual, Projects: g.Totals.Projects})
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
	return Chart{Title: title, Bars: bars}
}

// Chart shows the site's funds by department.
func (s *Site) Chart() Chart {
	groups := make([]*Group, len(s.Departments))
	for i, d := range s.Departments {
		groups[i] = &Group{Name: d.Name, URL: d.URL(), Totals: d.Totals}
	}
	return newChart("各主管部门年度资金申请总额（万元）", groups)
}

// Chart shows a department's funds by unit, or by project when it has
// only one unit.
func (d *Department) Chart() Chart {
	if len(d.Units) > 1 {
		return newChart("各实施单位年度资金申请总额（万元）", d.Units)
	}
	return newChart("各项目年度资金申请总额（万元）", projectGroups(d.Projects, len(d.Years) > 1))
}

// Chart shows a unit's funds by project.
func (u *Unit) Chart() Chart {
	return newChart("各项目年度资金申请总额（万元）", projectGroups(u.Projects, len(u.Years) > 1))
}

// Chart shows a year's funds by department.
func (y *Year) Chart() Chart {
	return newChart("各主管部门年度资金申请总额（万元）", y.Departments)
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
		g := &Group{Name: name, URL: p.URL()}
		g.Totals.Add(p.Project)
		groups[i] = g
	}
	return groups
}
