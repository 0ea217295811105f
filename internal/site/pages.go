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
// the order of Pages.
func (s *Site) IndexPages() []*Page {
	top := []Crumb{home}
	ps := []*Page{{Kind: HomePage, URL: "/", Title: s.Config.Title}}
	for _, y := range s.Years {
		ps = append(ps, &Page{Kind: YearPage, URL: y.URL(), Title: y.Name() + "项目", Crumbs: top, Year: y})
	}
	ps = append(ps, &Page{Kind: DepartmentsPage, URL: departments.URL, Title: departments.Name, Crumbs: top})
	for _, d := range s.Departments {
		ps = append(ps, &Page{Kind: DepartmentPage, URL: d.URL(), Title: d.Name,
			Crumbs: []Crumb{home, departments}, Department: d})
	}
	ps = append(ps, &Page{Kind: UnitsPage, URL: units.URL, Title: units.Name, Crumbs: top})
	for _, u := range s.Units {
		crumbs := []Crumb{home, units}
		if len(u.Departments) == 1 {
			crumbs = []Crumb{home, departments, {u.Departments[0].Name, u.Departments[0].URL()}}
		}
		ps = append(ps, &Page{Kind: UnitPage, URL: u.URL(), Title: u.Name, Crumbs: crumbs, Unit: u})
	}
	ps = append(ps,
		&Page{Kind: SearchPage, URL: "/search/", Title: "搜索", Crumbs: top},
		&Page{Kind: DataPage, URL: "/data/", Title: "数据下载", Crumbs: top},
		&Page{Kind: NotFoundPage, URL: "/404.html", Title: "页面未找到", Crumbs: top},
	)
	return ps
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
