package site

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"

	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/project"
)

// Site is the page graph of a whole site.
type Site struct {
	Config *config.Site
	// Projects are by year (newest first), department, unit and slug.
	// The lists of projects in the graph share their arrays with this
	// one and with each other: they are not to be changed.
	Projects    []*Project
	Years       []*Year       // newest first
	Departments []*Department // site.toml order, then by name
	Units       []*Unit       // site.toml order, then by name
	Totals      Totals

	// whole holds the projects that New was given in full, by the slim
	// copies in the graph; full gets the others (see Full).
	whole map[*project.Project]*project.Project
	full  func(*project.Project) (*project.Project, error)
}

// Full returns p with all its content. The graph holds its projects slim
// (project.Project.Slim), with only what index pages and totals need, so
// that the layouts of those pages see the same in a build as in the dev
// server, which keeps its projects whole. The projects New was given in
// full it keeps so; a build, which gives it slim projects, gets each in
// full again through the function given to SetFull: for its page, the
// data files and the feed, and for any extra generator. A project that is
// not slim is returned as it is.
func (s *Site) Full(p *Project) (*Project, error) {
	if !p.IsSlim() {
		return p, nil
	}
	full, err := s.Whole(p.Project)
	if err != nil {
		return nil, err
	}
	c := *p
	c.Project = full
	return &c, nil
}

// Whole is Full for the project.Project of a project of the graph.
func (s *Site) Whole(p *project.Project) (*project.Project, error) {
	if !p.IsSlim() {
		return p, nil
	}
	if w := s.whole[p]; w != nil {
		return w, nil
	}
	if s.full == nil {
		return nil, p.RequireFull()
	}
	return s.full(p)
}

// SetFull sets how Full gets a slim project in full: full, given the slim
// project, returns the whole one. It must be safe for concurrent use.
func (s *Site) SetFull(full func(*project.Project) (*project.Project, error)) { s.full = full }

// Totals are the sums over a set of projects.
type Totals struct {
	Projects   int
	Indicators int
	Funds      project.Funds // each amount summed exactly
	Results    Results       // the self-evaluations, of the projects that publish one
}

// Add counts a project into t.
func (t *Totals) Add(p *project.Project) {
	t.Projects++
	o := p.Outline()
	t.Indicators += o.Indicators
	sum, add := t.Funds.Amounts(), p.Funds.Amounts()
	for i := range sum {
		*sum[i].Amount = sum[i].Amount.Add(*add[i].Amount)
	}
	t.Results.add(o, p.Evaluation)
}

// Project is a project placed in the graph. Its Department, Unit and Year
// fields are the pages it belongs to; the names as written stay in
// Project.Project.Department and Project.Project.Unit.
type Project struct {
	*project.Project
	Department *Department
	Unit       *Unit
	Year       *Year
}

// Group is a list of projects under one heading of an index page: a
// department's projects in one year, or a unit's within one department.
type Group struct {
	Name     string // "吴泾镇人民政府", "2023 年度"
	URL      string // the page of what the heading names
	Projects []*Project
}

// Totals sums the group's projects. They are summed when asked, as are
// those of a year, department or unit: a large site has tens of thousands
// of them, each shown on a page or two, and keeping every one's sums
// would cost more memory than summing costs time.
func (gr *Group) Totals() Totals { return totalsOf(gr.Projects) }

func totalsOf(ps []*Project) Totals {
	var t Totals
	for _, p := range ps {
		t.Add(p.Project)
	}
	return t
}

// Year is one budget year (预算年度).
type Year struct {
	Year     int
	Projects []*Project
}

// Totals sums the year's projects.
func (y *Year) Totals() Totals { return totalsOf(y.Projects) }

// Departments are the year's projects of each department, in the site's
// order; a group's URL is the department's page.
func (y *Year) Departments() []*Group {
	var groups []*Group
	runs(y.Projects, deptOf, func(d *Department, ps []*Project) {
		groups = append(groups, &Group{Name: d.Name, URL: d.URL(), Projects: ps})
	})
	return groups
}

// Name is the year as a heading: "2023 年度".
func (y *Year) Name() string { return strconv.Itoa(y.Year) + " 年度" }

// URL is the year's page: "/2023/".
func (y *Year) URL() string { return "/" + strconv.Itoa(y.Year) + "/" }

// Department is one 主管部门.
type Department struct {
	Name, Slug string
	Projects   []*Project

	rank int // place in Site.Departments
}

// Totals sums the department's projects.
func (d *Department) Totals() Totals { return totalsOf(d.Projects) }

// URL is the department's page: "/departments/wujing/".
func (d *Department) URL() string { return "/departments/" + d.Slug + "/" }

// Units are the department's projects of each unit, in the site's order;
// a group's URL is the unit's page.
func (d *Department) Units() []*Group {
	var groups []*Group
	runs(sortedCopy(d.Projects, byUnit), unitOf, func(u *Unit, ps []*Project) {
		groups = append(groups, &Group{Name: u.Name, URL: u.URL(), Projects: ps})
	})
	return groups
}

// Years are the department's projects of each year, newest first; a
// group's URL is the year's page.
func (d *Department) Years() []*Group { return yearGroups(d.Projects) }

// Unit is one 实施单位.
type Unit struct {
	Name, Slug  string
	Departments []*Department // usually one
	Projects    []*Project

	rank int // place in Site.Units
}

// Totals sums the unit's projects.
func (u *Unit) Totals() Totals { return totalsOf(u.Projects) }

// URL is the unit's page: "/units/wujing-dangqun/".
func (u *Unit) URL() string { return "/units/" + u.Slug + "/" }

// Years are the unit's projects of each year, newest first; a group's URL
// is the year's page.
func (u *Unit) Years() []*Group { return yearGroups(u.Projects) }

// yearGroups groups projects in the site's order by year.
func yearGroups(ps []*Project) []*Group {
	var groups []*Group
	runs(ps, yearOf, func(y *Year, ps []*Project) {
		groups = append(groups, &Group{Name: y.Name(), URL: y.URL(), Projects: ps})
	})
	return groups
}

// spansYears reports whether projects in the site's order are of more
// than one year.
func spansYears(ps []*Project) bool {
	return len(ps) > 1 && ps[0].Year != ps[len(ps)-1].Year
}

// RuleSlug reports a slug in site.toml that cannot be part of a URL, or that
// two departments (or two units) share.
var RuleSlug = &diag.Rule{ID: "site-slug", Severity: diag.Error,
	Doc: "site.toml 中的 slug 无效或重复 [invalid or duplicate slug]"}

// validSlug is what a slug may be: ASCII letters, digits, "-" and "_".
var validSlug = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// New builds the page graph of a loaded site. Its diagnostics are errors in
// site.toml that would give bad URLs; the graph is nil when there are any.
func New(s *load.Site) (*Site, []diag.Diagnostic) {
	g := &Site{Config: s.Config}
	years := map[int]*Year{}
	depts := map[string]*Department{}
	units := map[string]*Unit{}
	for _, pr := range s.Projects {
		p := &Project{Project: pr}
		if !pr.IsSlim() {
			slim := *pr
			slim.Slim()
			if g.whole == nil {
				g.whole = make(map[*project.Project]*project.Project, len(s.Projects))
			}
			g.whole[&slim] = pr
			p.Project = &slim
		}
		p.Year = lookup(years, pr.Year, func() *Year { return &Year{Year: pr.Year} })
		p.Department = lookup(depts, pr.Department, func() *Department {
			slug, _ := s.Config.DepartmentSlug(pr.Department)
			return &Department{Name: pr.Department, Slug: slug}
		})
		p.Unit = lookup(units, pr.Unit, func() *Unit {
			slug, _ := s.Config.UnitSlug(pr.Unit)
			return &Unit{Name: pr.Unit, Slug: slug}
		})
		g.Projects = append(g.Projects, p)
	}
	g.Years = sortedValues(years, func(a, b *Year) int { return cmp.Compare(b.Year, a.Year) })
	g.Departments = sortedValues(depts, byConfig(s.Config.Departments, func(d *Department) string { return d.Name }))
	g.Units = sortedValues(units, byConfig(s.Config.Units, func(u *Unit) string { return u.Name }))
	if ds := checkSlugs(g); len(ds) > 0 {
		return nil, ds
	}
	for i, d := range g.Departments {
		d.rank = i
	}
	for i, u := range g.Units {
		u.rank = i
	}
	slices.SortStableFunc(g.Projects, func(a, b *Project) int {
		return cmp.Or(cmp.Compare(b.Year.Year, a.Year.Year),
			cmp.Compare(a.Department.rank, b.Department.rank),
			cmp.Compare(a.Unit.rank, b.Unit.rank),
			cmp.Compare(a.Slug, b.Slug))
	})
	g.link()
	return g, nil
}

// link sums the site's totals and fills the lists of every year,
// department and unit from the sorted projects, each list in the site's
// order. The lists are runs of one of three — the site's own, and the
// site's sorted by department and by unit — and so are the groups that
// Year.Departments, Department.Years and Unit.Years make when asked;
// Department.Units makes its groups of a copy of the department's list
// sorted by unit. The tens of thousands of groups of a large site are
// each shown on a page or two, and kept they would be a tenth of its
// memory.
func (g *Site) link() {
	for _, p := range g.Projects {
		g.Totals.Add(p.Project)
	}
	runs(g.Projects, yearOf, func(y *Year, ps []*Project) { y.Projects = ps })
	runs(sortedCopy(g.Projects, byDept), deptOf, func(d *Department, ps []*Project) { d.Projects = ps })
	runs(sortedCopy(g.Projects, byUnit), unitOf, func(u *Unit, ps []*Project) {
		u.Projects = ps
		for _, p := range ps {
			if !slices.Contains(u.Departments, p.Department) {
				u.Departments = append(u.Departments, p.Department)
			}
		}
		slices.SortFunc(u.Departments, func(a, b *Department) int { return cmp.Compare(a.rank, b.rank) })
	})
}

func yearOf(p *Project) *Year       { return p.Year }
func deptOf(p *Project) *Department { return p.Department }
func unitOf(p *Project) *Unit       { return p.Unit }

func byDept(a, b *Project) int { return cmp.Compare(a.Department.rank, b.Department.rank) }
func byUnit(a, b *Project) int { return cmp.Compare(a.Unit.rank, b.Unit.rank) }

// sortedCopy returns ps sorted stably by compare: within equal keys, the
// projects keep the order of ps.
func sortedCopy(ps []*Project, compare func(a, b *Project) int) []*Project {
	c := slices.Clone(ps)
	slices.SortStableFunc(c, compare)
	return c
}

// runs calls each with every run of projects in ps that have one key, in
// order. Each run is a slice of ps with no room to grow, so that
// appending to one cannot overwrite the next.
func runs[K comparable](ps []*Project, key func(*Project) K, each func(K, []*Project)) {
	for len(ps) > 0 {
		k, n := key(ps[0]), 1
		for n < len(ps) && key(ps[n]) == k {
			n++
		}
		each(k, ps[:n:n])
		ps = ps[n:]
	}
}

func lookup[K comparable, V any](m map[K]V, k K, make func() V) V {
	v, ok := m[k]
	if !ok {
		v = make()
		m[k] = v
	}
	return v
}

func sortedValues[K comparable, V any](m map[K]V, compare func(a, b V) int) []V {
	vs := make([]V, 0, len(m))
	for _, v := range m {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, compare)
	return vs
}

// byConfig orders names as site.toml lists them, then the rest by name.
func byConfig[V any](listed []config.Named, name func(V) string) func(a, b V) int {
	rank := map[string]int{}
	for i, n := range listed {
		if _, ok := rank[n.Name]; !ok {
			rank[n.Name] = i
		}
	}
	pos := func(v V) int {
		if r, ok := rank[name(v)]; ok {
			return r
		}
		return len(listed)
	}
	return func(a, b V) int {
		return cmp.Or(cmp.Compare(pos(a), pos(b)), cmp.Compare(name(a), name(b)))
	}
}

// checkSlugs reports slugs that are not URL-safe or that two names share.
func checkSlugs(g *Site) []diag.Diagnostic {
	var ds []diag.Diagnostic
	check := func(kind, name, slug string, seen map[string]string) {
		at := diag.Pos{Line: 1, Col: 1}
		switch {
		case !validSlug.MatchString(slug):
			ds = append(ds, RuleSlug.At(load.ConfigFile, at,
				"%s“%s”的 slug %q 只能含字母、数字、- 和 _ [invalid slug]", kind, name, slug))
		case seen[slug] != "":
			ds = append(ds, RuleSlug.At(load.ConfigFile, at,
				"%s“%s”与“%s”的 slug 都是 %q [duplicate slug]", kind, name, seen[slug], slug))
		default:
			seen[slug] = name
		}
	}
	seen := map[string]string{}
	for _, d := range g.Departments {
		check("主管部门", d.Name, d.Slug, seen)
	}
	seen = map[string]string{}
	for _, u := range g.Units {
		check("实施单位", u.Name, u.Slug, seen)
	}
	return ds
}

// Published is the date a project's entry in the feed carries: its planned
// start, or 1 January of its budget year. It comes from the content so that
// builds are reproducible; no clock is read.
func (p *Project) Published() project.Date {
	if !p.Start.IsZero() {
		return p.Start
	}
	d, _ := project.NewDate(p.Year.Year, 1, 1) // a year the loader read is 1900–2200
	return d
}

// Updated is the latest Published of the site's projects: the date of the
// feed and of the data files. It is zero for a site without projects.
func (s *Site) Updated() project.Date {
	var d project.Date
	for _, p := range s.Projects {
		if pub := p.Published(); d.Before(pub) {
			d = pub
		}
	}
	return d
}

// Group returns the department as a Group, for tables of departments.
func (d *Department) Group() *Group {
	return &Group{Name: d.Name, URL: d.URL(), Projects: d.Projects}
}

// Group returns the unit as a Group, for tables of units.
func (u *Unit) Group() *Group {
	return &Group{Name: u.Name, URL: u.URL(), Projects: u.Projects}
}

// Group returns the year as a Group, for tables of years.
func (y *Year) Group() *Group {
	return &Group{Name: y.Name(), URL: y.URL(), Projects: y.Projects}
}
