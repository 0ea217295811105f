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
	return searchWriter(s, s.Whole)(out)
}

// searchWriter returns what writes the search index of s's projects, with
// the departments in the order the site lists them, getting each project
// in full through full (site.Site.Whole, or the build's spool) in the
// index's order. It holds the list of projects, not s, so that a build, whose
// full is its spool's, can let go of the page graph while the index is
// made: at 100,000 projects the groups and totals are a fifth of the live
// heap.
func searchWriter(s *site.Site, full func(*project.Project) (*project.Project, error)) func(publish.Output) error {
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	projects := make([]*project.Project, len(s.Projects))
	for i, p := range s.Projects {
		projects[i] = p.Project
	}
	return func(out publish.Output) error {
		return search.WriteTexts(out, projects, func(i int) (search.Texts, error) {
			p, err := full(projects[i])
			if err != nil {
				return search.Texts{}, err
			}
			return search.TextsOf(p), nil
		}, search.Options{Departments: depts})
	}
}
