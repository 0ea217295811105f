package build

import (
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/search"
	"jixiao/internal/site"
)

// searchIndex writes the search index (package search) of the planned
// projects, with the departments in the order the site lists them.
func searchIndex(s *site.Site, out publish.Output) error {
	projects := make([]*project.Project, len(s.Projects))
	for i, p := range s.Projects {
		projects[i] = p.Project
	}
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	return search.Write(out, projects, search.Options{Departments: depts})
}
