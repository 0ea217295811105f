package serve

import (
	"slices"
	"sync"

	"jixiao/internal/build"
	"jixiao/internal/site"
)

// state is one version of the site as served: a plan, and the pages
// rendered from it so far. Requests read the current state; a rebuild
// makes a new one and swaps it in, carrying over the rendered pages that
// the change did not touch. Nothing in a state changes once it is made,
// but its cache.
type state struct {
	version  uint64
	plan     *build.Plan
	projects map[string]*site.Project // by file path, "content/2023/a.md"

	mu    sync.Mutex
	pages map[string]*rendered // by output file name, "2023/a/index.html"
}

// rendered is a page rendered once, on the first request.
type rendered struct {
	once sync.Once
	data []byte
	err  error
}

func newState(version uint64, plan *build.Plan) *state {
	st := &state{
		version:  version,
		plan:     plan,
		projects: make(map[string]*site.Project, len(plan.Site.Projects)),
		pages:    map[string]*rendered{},
	}
	for _, p := range plan.Site.Projects {
		st.projects[p.Path] = p
	}
	return st
}

// render returns a page of the state, rendering it on the first call.
func (st *state) render(pg *site.Page) ([]byte, error) {
	name := pg.File()
	st.mu.Lock()
	r := st.pages[name]
	if r == nil {
		r = &rendered{}
		st.pages[name] = r
	}
	st.mu.Unlock()
	r.once.Do(func() { r.data, r.err = st.plan.Render(pg) })
	return r.data, r.err
}

// changes are the pages (by URL) that differ from one state to the next.
type changes struct {
	all  bool
	urls map[string]bool
}

func (c changes) has(url string) bool { return c.all || c.urls[url] }

// indexKinds are the pages that list or sum every project: any edit of a
// project changes them.
var indexKinds = []site.Kind{site.HomePage, site.DepartmentsPage, site.UnitsPage, site.SearchPage, site.DataPage}

// affected returns the pages that an edit of the project files at the
// touched paths changes, from old to new: each project's page and those
// that list or sum it — its department, unit and year, before and after
// the edit — and the indexes of the whole site. It holds for the
// built-in layouts, where a project's page shows only the project and the
// names of its department, unit and year.
func affected(old, new *state, touched []string) changes {
	c := changes{urls: map[string]bool{}}
	for _, st := range []*state{old, new} {
		for _, pg := range st.plan.Pages {
			if slices.Contains(indexKinds, pg.Kind) {
				c.urls[pg.URL] = true
			}
		}
		for _, t := range touched {
			if p := st.projects[t]; p != nil {
				for _, u := range []string{p.URL(), p.Department.URL(), p.Unit.URL(), p.Year.URL()} {
					c.urls[u] = true
				}
			}
		}
	}
	return c
}

// count returns how many pages of old and new the changes touch.
func (c changes) count(old, new *state) int {
	if c.all || old == nil {
		return len(new.plan.Pages)
	}
	n := 0
	for u := range c.urls {
		if pageAt(old, u) != nil || pageAt(new, u) != nil {
			n++
		}
	}
	return n
}

// pageAt returns the page of st at a URL path, or nil.
func pageAt(st *state, url string) *site.Page {
	return st.plan.Page((&site.Page{URL: url}).File())
}

// carry takes over from old the pages rendered there that the changes
// leave as they were.
func (st *state) carry(old *state, c changes) {
	if c.all || old == nil {
		return
	}
	old.mu.Lock()
	defer old.mu.Unlock()
	for name, r := range old.pages {
		if pg := old.plan.Page(name); pg != nil && !c.has(pg.URL) {
			st.pages[name] = r
		}
	}
}
