package build

import (
	"slices"

	"jixiao/internal/parallel"
	"jixiao/internal/publish"
	"jixiao/internal/search"
	"jixiao/internal/site"
)

// searchIndex writes the search index (package search) of the planned
// projects, with the departments in the order the site lists them. The
// index takes the projects in an order of its own (search.Key): they are
// read in full in that order, on every processor.
func searchIndex(s *site.Site, out publish.Output) error {
	depts := make([]search.Department, len(s.Departments))
	for i, d := range s.Departments {
		depts[i] = search.Department{Name: d.Name, Slug: d.Slug}
	}
	opt := search.Options{Departments: depts}
	type keyed struct {
		k search.Key
		p *site.Project
	}
	order := make([]keyed, len(s.Projects))
	for i, p := range s.Projects {
		order[i] = keyed{opt.Key(p.Project), p}
	}
	slices.SortStableFunc(order, func(a, b keyed) int { return a.k.Compare(b.k) })

	b := search.NewBuilder(out, opt, "")
	defer b.Close()
	type read struct {
		p   *site.Project
		err error
	}
	var err error
	parallel.Ordered(len(order), func(i int) read {
		p, err := s.Full(order[i].p)
		return read{p, err}
	}, func(_ int, r read) bool {
		err = r.err
		if err == nil {
			err = b.Add(r.p.Project)
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	if err := b.Finish(); err != nil {
		return err
	}
	return b.Close()
}
