package site

import (
	"slices"
	"strings"
	"testing"

	"jixiao/internal/config"
	"jixiao/internal/decimal"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

func money(s string) decimal.Decimal {
	d, err := decimal.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func proj(slug string, year int, dept, unit, annual string) *project.Project {
	return &project.Project{
		Path: "content/" + slug + ".md", Slug: slug, Name: "项目" + slug,
		Year: year, Department: dept, Unit: unit, Category: "专项资金",
		Funds:   project.Funds{Total: money(annual), Fiscal: money(annual), Annual: money(annual), Appropriation: money(annual)},
		Content: &project.Content{},
	}
}

func testSite() *load.Site {
	cfg := config.Default()
	cfg.Departments = []config.Named{{Name: "乙部门", Slug: "yi"}, {Name: "甲部门", Slug: "jia"}}
	return &load.Site{Config: cfg, Projects: []*project.Project{
		proj("2022/a", 2022, "甲部门", "单位一", "0.1"),
		proj("2023/b", 2023, "甲部门", "单位一", "0.2"),
		proj("2023/a", 2023, "乙部门", "单位二", "0.0001"),
		proj("2023/c", 2023, "甲部门", "单位三", "1234.5"),
	}}
}

func TestTotalsAreExactSums(t *testing.T) {
	g, ds := New(testSite())
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if got := g.Totals.Funds.Annual.String(); got != "1234.8001" {
		t.Errorf("site annual total = %s, want 1234.8001", got)
	}
	jia := g.Departments[1]
	if jia.Name != "甲部门" || jia.Totals().Projects != 3 || jia.Totals().Funds.Total.String() != "1234.8" {
		t.Errorf("甲部门 = %s with %d projects and total %s, want 3 projects and 1234.8", jia.Name, jia.Totals().Projects, jia.Totals().Funds.Total)
	}
	if got := g.Years[0].Totals().Funds.Annual.String(); got != "1234.7001" {
		t.Errorf("2023 annual total = %s, want 1234.7001", got)
	}
	// 0.1 + 0.2 as floats is 0.30000000000000004; as decimals it is 0.3.
	var sum decimal.Decimal
	for _, p := range jia.Projects {
		if p.Unit.Name == "单位一" {
			sum = sum.Add(p.Funds.Annual)
		}
	}
	if sum.String() != "0.3" {
		t.Errorf("0.1 + 0.2 = %s", sum)
	}
}

func TestOrder(t *testing.T) {
	g, _ := New(testSite())
	var slugs []string
	for _, p := range g.Projects {
		slugs = append(slugs, p.Slug)
	}
	// Newest year first; within it site.toml's department order (乙 before 甲), then slug.
	if want := []string{"2023/a", "2023/b", "2023/c", "2022/a"}; !slices.Equal(slugs, want) {
		t.Errorf("projects = %v, want %v", slugs, want)
	}
	if g.Years[0].Year != 2023 || g.Years[1].Year != 2022 {
		t.Errorf("years not newest first")
	}
	if g.Departments[0].Slug != "yi" {
		t.Errorf("departments not in site.toml order: first is %s", g.Departments[0].Name)
	}
	jia := g.Departments[1]
	if len(jia.Years()) != 2 || jia.Years()[0].Name != "2023 年度" || len(jia.Years()[0].Projects) != 2 {
		t.Errorf("甲部门 years = %+v", jia.Years())
	}
	if len(jia.Units()) != 2 || jia.Units()[0].Name != "单位一" || jia.Units()[0].Totals().Projects != 2 {
		t.Errorf("甲部门 units = %+v", jia.Units())
	}
	// Same input, same graph, whatever the input order.
	s := testSite()
	slices.Reverse(s.Projects)
	g2, _ := New(s)
	for i := range g.Projects {
		if g.Projects[i].Slug != g2.Projects[i].Slug {
			t.Fatalf("order depends on input order")
		}
	}
}

// TestListsKeepSiteOrder checks every list of the graph against the
// site's order filtered by what the list holds, on a site where a unit
// works for two departments and departments span years; and that each
// group's totals are those of its projects.
func TestListsKeepSiteOrder(t *testing.T) {
	s := testSite()
	s.Projects = append(s.Projects,
		proj("2022/b", 2022, "乙部门", "单位一", "3"),
		proj("2023/d", 2023, "乙部门", "单位一", "4"),
		proj("2024/a", 2024, "丙部门", "单位三", "5"),
		proj("2022/c", 2022, "甲部门", "单位三", "6"))
	g, ds := New(s)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	yearHeading := func(y *Year) (string, string) { return y.Name(), y.URL() }
	deptHeading := func(d *Department) (string, string) { return d.Name, d.URL() }
	unitHeading := func(u *Unit) (string, string) { return u.Name, u.URL() }
	for _, y := range g.Years {
		checkList(t, g, y.Name(), y.Projects, func(p *Project) bool { return p.Year == y })
		checkGroups(t, g, y.Name(), y.Departments(), g.Departments, deptHeading,
			func(p *Project, d *Department) bool { return p.Year == y && p.Department == d })
	}
	for _, d := range g.Departments {
		checkList(t, g, d.Name, d.Projects, func(p *Project) bool { return p.Department == d })
		checkGroups(t, g, d.Name, d.Years(), g.Years, yearHeading,
			func(p *Project, y *Year) bool { return p.Year == y && p.Department == d })
		checkGroups(t, g, d.Name, d.Units(), g.Units, unitHeading,
			func(p *Project, u *Unit) bool { return p.Unit == u && p.Department == d })
	}
	for _, u := range g.Units {
		checkList(t, g, u.Name, u.Projects, func(p *Project) bool { return p.Unit == u })
		checkGroups(t, g, u.Name, u.Years(), g.Years, yearHeading,
			func(p *Project, y *Year) bool { return p.Year == y && p.Unit == u })
		depts := having(g, g.Departments, func(p *Project, d *Department) bool { return p.Unit == u && p.Department == d })
		if !slices.Equal(u.Departments, depts) {
			t.Errorf("%s has departments %v, want %v", u.Name, deptNames(u.Departments), deptNames(depts))
		}
	}
	// The years, departments and units as groups, for tables of them,
	// with their totals.
	checkGroups(t, g, "years", asGroups(g.Years, (*Year).Group), g.Years, yearHeading,
		func(p *Project, y *Year) bool { return p.Year == y })
	checkGroups(t, g, "departments", asGroups(g.Departments, (*Department).Group), g.Departments, deptHeading,
		func(p *Project, d *Department) bool { return p.Department == d })
	checkGroups(t, g, "units", asGroups(g.Units, (*Unit).Group), g.Units, unitHeading,
		func(p *Project, u *Unit) bool { return p.Unit == u })
	// 单位一 works for both departments, in site.toml's order.
	if u := g.Units[0]; u.Name != "单位一" || len(u.Departments) != 2 || u.Departments[0].Name != "乙部门" {
		t.Errorf("first unit %s has departments %v, want 乙部门 and 甲部门", u.Name, deptNames(u.Departments))
	}
}

func asGroups[T any](all []T, group func(T) *Group) []*Group {
	var groups []*Group
	for _, x := range all {
		groups = append(groups, group(x))
	}
	return groups
}

func deptNames(ds []*Department) []string {
	var names []string
	for _, d := range ds {
		names = append(names, d.Name)
	}
	return names
}

// where lists the slugs of g's projects for which keep holds, in g's order.
func where(g *Site, keep func(*Project) bool) []string {
	var out []string
	for _, p := range g.Projects {
		if keep(p) {
			out = append(out, p.Slug)
		}
	}
	return out
}

// having lists the items of all that some project of g is in.
func having[T any](g *Site, all []T, in func(*Project, T) bool) []T {
	var out []T
	for _, x := range all {
		if len(where(g, func(p *Project) bool { return in(p, x) })) > 0 {
			out = append(out, x)
		}
	}
	return out
}

// checkList checks that list holds the projects of g for which keep
// holds, at least one, in g's order, and that it has no room to grow into
// the list whose array it shares.
func checkList(t *testing.T, g *Site, what string, list []*Project, keep func(*Project) bool) {
	t.Helper()
	if cap(list) != len(list) {
		t.Errorf("%s: the list has room to grow (%d of %d)", what, len(list), cap(list))
	}
	var got []string
	for _, p := range list {
		got = append(got, p.Slug)
	}
	if want := where(g, keep); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// checkGroups checks that groups has one group for each item of all that
// has projects, in all's order, each with the item's heading, the projects
// in it in g's order, and their totals.
func checkGroups[T any](t *testing.T, g *Site, what string, groups []*Group, all []T, heading func(T) (string, string), in func(*Project, T) bool) {
	t.Helper()
	items := having(g, all, in)
	if len(groups) != len(items) {
		t.Errorf("%s has %d groups, want %d", what, len(groups), len(items))
		return
	}
	for i, x := range items {
		gr := groups[i]
		if name, url := heading(x); gr.Name != name || gr.URL != url {
			t.Errorf("%s: group %d is %s at %s, want %s at %s", what, i, gr.Name, gr.URL, name, url)
		}
		keep := func(p *Project) bool { return in(p, x) }
		checkList(t, g, what+" "+gr.Name, gr.Projects, keep)
		var want Totals
		for _, p := range g.Projects {
			if keep(p) {
				want.Add(p.Project)
			}
		}
		if got := gr.Totals(); got != want || got.Projects != len(gr.Projects) {
			t.Errorf("%s %s totals = %+v, want %+v", what, gr.Name, got, want)
		}
	}
}

func TestFallbackSlugAndBadSlugs(t *testing.T) {
	g, _ := New(testSite())
	u := g.Units[0]
	if !strings.HasPrefix(u.Slug, "u-") || u.URL() != "/units/"+u.Slug+"/" {
		t.Errorf("unit without a slug: %q %q", u.Slug, u.URL())
	}
	for _, slug := range []string{"../etc", "a/b", "", "中文", "jia"} {
		s := testSite()
		s.Config.Departments[0].Slug = slug
		_, ds := New(s)
		if len(ds) == 0 && slug != "" {
			t.Errorf("slug %q: no diagnostic", slug)
		}
	}
}

func TestIndicatorGroups(t *testing.T) {
	ind := func(l1, l2, name string) project.Indicator {
		return project.Indicator{Level1: l1, Level2: l2, Name: name, Target: value.Parse("90%")}
	}
	p := &Project{Project: &project.Project{
		Content: &project.Content{Indicators: []project.Indicator{
			ind("产出指标", "数量指标", "a"),
			ind("产出指标", "数量指标", "b"),
			ind("产出指标", "质量指标", "c"),
			ind("效益指标", "社会效益指标", "d"),
			ind("满意度指标", "服务对象满意度指标", "e"),
			ind("满意度指标", "服务对象满意度指标", "f"),
			ind("满意度指标", "服务对象满意度指标", "g"),
		}},
	}}
	groups := p.IndicatorGroups()
	var got []string
	for _, g := range groups {
		var rows []string
		for _, r := range g.Rows {
			rows = append(rows, r.Name+":"+string(rune('0'+r.Span2))+string(rune('0'+r.Cell2)))
		}
		got = append(got, g.Level1+"["+strings.Join(rows, " ")+"]")
	}
	want := []string{"产出指标[a:20 b:00 c:12]", "效益指标[d:10]", "满意度指标[e:30 f:00 g:00]"}
	if !slices.Equal(got, want) {
		t.Errorf("groups = %v, want %v", got, want)
	}
}

func TestPages(t *testing.T) {
	g, _ := New(testSite())
	files := map[string]Kind{}
	for _, p := range g.Pages() {
		if _, dup := files[p.File()]; dup {
			t.Errorf("two pages write %s", p.File())
		}
		files[p.File()] = p.Kind
	}
	for file, kind := range map[string]Kind{
		"index.html": HomePage, "2023/index.html": YearPage, "2022/index.html": YearPage,
		"departments/index.html": DepartmentsPage, "departments/jia/index.html": DepartmentPage,
		"units/index.html": UnitsPage, "search/index.html": SearchPage, "data/index.html": DataPage,
		"404.html": NotFoundPage, "2023/a/index.html": ProjectPage,
	} {
		if files[file] != kind {
			t.Errorf("%s: kind %q, want %q", file, files[file], kind)
		}
	}
}

// TestIndexPages: the index pages come in the order the site's navigation
// follows — home, the years, the departments, the units, then search,
// data and not-found — and IndexKind tells each one's kind as the page
// made has it.
func TestIndexPages(t *testing.T) {
	g, _ := New(testSite())
	var urls []string
	for i, p := range g.IndexPages() {
		if k := g.IndexKind(i); k != p.Kind {
			t.Errorf("IndexKind(%d) = %q, page %s is %q", i, k, p.URL, p.Kind)
		}
		urls = append(urls, p.URL)
	}
	want := []string{"/", "/2023/", "/2022/", "/departments/", "/departments/yi/", "/departments/jia/",
		"/units/"}
	for _, u := range g.Units {
		want = append(want, u.URL())
	}
	want = append(want, "/search/", "/data/", "/404.html")
	if !slices.Equal(urls, want) {
		t.Errorf("index pages %v,\nwant %v", urls, want)
	}
	if n := g.NumIndexPages(); n != len(want) {
		t.Errorf("NumIndexPages = %d, want %d", n, len(want))
	}
}

func TestAbsURL(t *testing.T) {
	s := &Site{Config: &config.Site{BaseURL: "https://example.org/"}}
	if got := s.AbsURL("/2023/新/"); got != "https://example.org/2023/%E6%96%B0/" {
		t.Errorf("AbsURL = %s", got)
	}
}
