package site

import (
	"net/url"
	"strings"
)

// Kind is the kind of a page; a page of kind k is rendered through the
// layout layouts/k.html.
type Kind string

// The kinds of page.
const (
	HomePage        Kind = "home"        // /
	YearPage        Kind = "year"        // /2023/
	DepartmentsPage Kind = "departments" // /departments/
	DepartmentPage  Kind = "department"  // /departments/<slug>/
	UnitsPage       Kind = "units"       // /units/
	UnitPage        Kind = "unit"        // /units/<slug>/
	ProjectPage     Kind = "project"     // /<project slug>/
	SearchPage      Kind = "search"      // /search/
	DataPage        Kind = "data"        // /data/
	NotFoundPage    Kind = "404"         // /404.html
)

// Page is one HTML page of the site. Which of Year, Department, Unit and
// Project is set depends on Kind.
type Page struct {
	Kind   Kind
	URL    string  // "/2023/", or "/404.html"
	Title  string  // the page's own title, without the site's
	Crumbs []Crumb // breadcrumbs from the home page to the page's parent

	Year       *Year
	Department *Department
	Unit       *Unit
	Project    *Project
}

// Crumb is one step of the breadcrumbs.
type Crumb struct {
	Name, URL string
}

// File is the path of the page in the output: URL + "index.html" for a
// URL that ends in "/", without the leading slash.
func (p *Page) File() string {
	name := strings.TrimPrefix(p.URL, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name
}

// Layout is the template file the page is rendered through.
func (p *Page) Layout() string { return "layouts/" + string(p.Kind) + ".html" }

var (
	home        = Crumb{"首页", "/"}
	departments = Crumb{"主管部门", "/departments/"}
	units       = Crumb{"实施单位", "/units/"}

	// The breadcrumbs that pages share; no page changes its own.
	toHome        = []Crumb{home}
	toDepartments = []Crumb{home, departments}
	toUnits       = []Crumb{home, units}
)

// Pages lists every page of the site: the index pages, then the projects,
// in the graph's order.
func (s *Site) Pages() []*Page {
	ps := s.IndexPages()
	for _, p := range s.Projects {
		ps = append(ps, ProjectPageOf(p))
	}
	return ps
}

// IndexPages lists the pages of the site that are not a project's, in
// the order of Pages: IndexPage(0) to IndexPage(NumIndexPages()-1).
func (s *Site) IndexPages() []*Page {
	ps := make([]*Page, s.NumIndexPages())
	for i := range ps {
		ps[i] = s.IndexPage(i)
	}
	return ps
}

// NumIndexPages is how many pages of the site are not a project's.
func (s *Site) NumIndexPages() int {
	n := 0
	for _, r := range s.indexRuns() {
		n += r.n
	}
	return n
}

// IndexKind is the kind of IndexPage(i), without making the page.
func (s *Site) IndexKind(i int) Kind {
	k, _ := s.indexRun(i)
	return k
}

// IndexPage makes the i-th page of IndexPages. A large site has tens of
// thousands, which a build makes one at a time as it renders them rather
// than holding the list.
func (s *Site) IndexPage(i int) *Page {
	kind, j := s.indexRun(i)
	switch kind {
	case HomePage:
		return &Page{Kind: HomePage, URL: "/", Title: s.Config.Title}
	case YearPage:
		y := s.Years[j]
		return &Page{Kind: YearPage, URL: y.URL(), Title: y.Name() + "项目", Crumbs: toHome, Year: y}
	case DepartmentsPage:
		return &Page{Kind: DepartmentsPage, URL: departments.URL, Title: departments.Name, Crumbs: toHome}
	case DepartmentPage:
		d := s.Departments[j]
		return &Page{Kind: DepartmentPage, URL: d.URL(), Title: d.Name, Crumbs: toDepartments, Department: d}
	case UnitsPage:
		return &Page{Kind: UnitsPage, URL: units.URL, Title: units.Name, Crumbs: toHome}
	case UnitPage:
		u := s.Units[j]
		crumbs := toUnits
		if len(u.Departments) == 1 {
			crumbs = []Crumb{home, departments, {u.Departments[0].Name, u.Departments[0].URL()}}
		}
		return &Page{Kind: UnitPage, URL: u.URL(), Title: u.Name, Crumbs: crumbs, Unit: u}
	case SearchPage:
		return &Page{Kind: SearchPage, URL: "/search/", Title: "搜索", Crumbs: toHome}
	case DataPage:
		return &Page{Kind: DataPage, URL: "/data/", Title: "数据下载", Crumbs: toHome}
	case NotFoundPage:
		return &Page{Kind: NotFoundPage, URL: "/404.html", Title: "页面未找到", Crumbs: toHome}
	}
	panic("site: no index page of kind " + string(kind))
}

// indexRun is a run of n index pages of one kind.
type indexRun struct {
	kind Kind
	n    int
}

// indexRuns are the index pages in the order of IndexPages: one of each
// kind but the year's, the department's and the unit's, of which there
// are one for each.
func (s *Site) indexRuns() [9]indexRun {
	return [...]indexRun{{HomePage, 1}, {YearPage, len(s.Years)},
		{DepartmentsPage, 1}, {DepartmentPage, len(s.Departments)},
		{UnitsPage, 1}, {UnitPage, len(s.Units)},
		{SearchPage, 1}, {DataPage, 1}, {NotFoundPage, 1}}
}

// indexRun returns the kind of the i-th index page and its place among
// the pages of that kind.
func (s *Site) indexRun(i int) (Kind, int) {
	for _, r := range s.indexRuns() {
		if i < r.n {
			return r.kind, i
		}
		i -= r.n
	}
	panic("site: index page out of range")
}

// ProjectPageOf returns the page of a project, as Pages lists it.
func ProjectPageOf(p *Project) *Page {
	return &Page{Kind: ProjectPage, URL: p.URL(), Title: p.Name, Project: p,
		Crumbs: []Crumb{home, {p.Department.Name, p.Department.URL()}, {p.Unit.Name, p.Unit.URL()}}}
}

// AbsURL joins a root-relative path to the site's base_url, escaping what
// needs it: "/2023/新/" → "https://example.org/2023/%E6%96%B0/".
func (s *Site) AbsURL(path string) string {
	u := url.URL{Path: path}
	return strings.TrimSuffix(s.Config.BaseURL, "/") + u.EscapedPath()
}
