package render

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"jixiao/internal/decimal"
	"jixiao/internal/project"
	"jixiao/internal/site"
)

// funcs are the functions every layout may call, besides html/template's.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"money":      Money,
		"date":       Date,
		"markdown":   Markdown,
		"chart":      newChartView,
		"size":       Size,
		"absURL":     r.absURL,
		"add":        func(a, b int) int { return a + b },
		"trim":       strings.TrimSpace,
		"navItems":   func() []navItem { return nav },
		"groupsOf":   groupsOf,
		"categories": func() []string { return project.Categories },
		"isCategory": func(c string) bool { return slices.Contains(project.Categories, c) },
	}
}

// navItem is one link of the main navigation.
type navItem struct {
	Name, URL string
	Kind      site.Kind // the pages on which it is the current one
}

var nav = []navItem{
	{"首页", "/", site.HomePage},
	{"主管部门", "/departments/", site.DepartmentsPage},
	{"实施单位", "/units/", site.UnitsPage},
	{"数据下载", "/data/", site.DataPage},
	{"搜索", "/search/", site.SearchPage},
}

// groupTable is the data of the "groups" partial: a table of groups with
// their totals.
type groupTable struct {
	Label  string // the heading of the first column: 主管部门
	Totals site.Totals
	Groups []*site.Group
}

// groupsOf makes a groupTable of groups, departments, units or years.
func groupsOf(label string, totals site.Totals, list any) (groupTable, error) {
	t := groupTable{Label: label, Totals: totals}
	switch l := list.(type) {
	case []*site.Group:
		t.Groups = l
	case []*site.Department:
		for _, d := range l {
			t.Groups = append(t.Groups, d.Group())
		}
	case []*site.Unit:
		for _, u := range l {
			t.Groups = append(t.Groups, u.Group())
		}
	case []*site.Year:
		for _, y := range l {
			t.Groups = append(t.Groups, y.Group())
		}
	default:
		return t, fmt.Errorf("groupsOf: cannot list %T", list)
	}
	return t, nil
}

// Money formats an amount of 万元 exactly, with at least two decimals and
// thousands grouped: "28.86", "1,234.50", "0.0125".
func Money(d decimal.Decimal) string {
	places := 2
	if _, frac, ok := strings.Cut(d.String(), "."); ok {
		places = max(places, len(frac))
	}
	return d.Grouped(places)
}

// Date formats a date the Chinese way: "2023年1月1日", or "" when not given.
func Date(d project.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Size formats a file size for the download list: "856 字节", "12.4 KB", "1.2 MB".
func Size(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " 字节"
	case n < 1024*1024:
		return tenths(n*10/1024) + " KB"
	}
	return tenths(n*10/(1024*1024)) + " MB"
}

func tenths(n int) string { return strconv.Itoa(n/10) + "." + strconv.Itoa(n%10) }

// absURL joins a root-relative URL ("/2023/a/") to the site's base_url.
func (r *Renderer) absURL(path string) string { return r.site.AbsURL(path) }
