package build

import (
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/search"
	"jixiao/internal/site"
)

// searchIndex writes the search index (package search) of the planned
// projects, with the departments in the order the site lists them,
// getting each project in full (site.Site.Full) in the index's order.
func searchIndex(s *site.Site, out publish.Output) error {
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	projects := make([]*project.Project, len(s.Projects))
	for i, p := range s.Projects {
		projects[i] = p.Project
	}
	return search.WriteTexts(out, projects, func(i int) (search.Texts, error) {
		full, err := s.Full(s.Projects[i])
		if err != nil {
			return search.Texts{}, err
		}
		return search.TextsOf(full.Project), nil
	}, search.Options{Departments: depts})
}
