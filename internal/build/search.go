package build

import (
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/search"
	"jixiao/internal/site"
)

// searchIndex writes the search index (package search) of the planned
// projects, as a Generator of the dev server's plan.
func searchIndex(s *site.Site, out publish.Output) error {
	return writeSearch(s, inGraph(s), out)
}

// wholes returns what gets ps[i] in full: from the page graph
// (inGraph), or from a build's spool (projectSpool.each).
type wholes func(ps []*project.Project) func(i int) (*project.Project, error)

// inGraph gets the projects of ps in full from the graph s.
func inGraph(s *site.Site) wholes {
	return func(ps []*project.Project) func(int) (*project.Project, error) {
		return func(i int) (*project.Project, error) { return s.Whole(ps[i]) }
	}
}

// writeSearch writes the search index of s's projects to out, with the
// departments in the order the site lists them. It puts the projects in
// the index's order first, and each(ps) returns what gets ps[i] in full.
// The build's each is its spool's, which keeps where the projects are
// rather than the projects: while the index is made, neither they nor the
// page graph are held, here or by the build, and they are collected. At
// 100,000 projects they are most of the live heap before then.
func writeSearch(s *site.Site, each wholes, out publish.Output) error {
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	opt := search.Options{Departments: depts}
	projects := make([]*project.Project, len(s.Projects))
	for i, p := range s.Projects {
		projects[i] = p.Project
	}
	sorted := search.Order(projects, opt)
	return search.WriteEach(out, len(sorted), each(sorted), opt)
}
