// Package check validates a loaded site against the indicator framework and
// the arithmetic of the form. Each check is a Rule: a value with a stable ID,
// a severity, a one-line doc and the function that applies it, so that
// `jixiao check --rules` prints the table from the same values that run.
//
// Check is the second stage of the pipeline (load → check → plan → render →
// write): errors stop a build, warnings do not unless --strict.
package check

import (
	"fmt"
	"slices"

	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/load"
	"jixiao/internal/project"
)

// Rule is a check of the content: per project, or across the site.
type Rule struct {
	*diag.Rule
	Project func(*Pass, *project.Project)   // checks one project
	Site    func(*Pass, []*project.Project) // checks the whole site
}

// Pass carries what a rule needs and collects what it reports.
type Pass struct {
	Site  *load.Site
	Table framework.Table

	rule  *Rule
	diags []diag.Diagnostic
}

// Reportf reports a finding of the running rule at a key of a project.
func (p *Pass) Reportf(pr *project.Project, key, format string, args ...any) {
	p.diags = append(p.diags, p.rule.At(pr.Path, pr.At(key), format, args...))
}

// ReportAt reports a finding of the running rule at a path and position.
func (p *Pass) ReportAt(path string, pos diag.Pos, format string, args ...any) {
	p.diags = append(p.diags, p.rule.At(path, pos, format, args...))
}

// All returns every rule jixiao applies, the loader's first, for listing.
func All() []*diag.Rule {
	out := slices.Clone(load.Rules)
	for _, r := range Rules {
		out = append(out, r.Rule)
	}
	return out
}

// Run applies every rule to the site and returns the diagnostics, sorted.
func Run(s *load.Site) []diag.Diagnostic {
	p := &Pass{Site: s, Table: s.Config.Table()}
	for _, r := range Rules {
		p.rule = r
		if r.Project != nil {
			for _, pr := range s.Projects {
				r.Project(p, pr)
			}
		}
		if r.Site != nil {
			r.Site(p, s.Projects)
		}
	}
	diag.Sort(p.diags)
	return p.diags
}

// Project applies the per-project rules to one project, as the dev server
// does after an edit. Site-wide rules need the whole site: see Run.
func Project(s *load.Site, pr *project.Project) []diag.Diagnostic {
	p := &Pass{Site: s, Table: s.Config.Table()}
	for _, r := range Rules {
		if r.Project != nil {
			p.rule = r
			r.Project(p, pr)
		}
	}
	diag.Sort(p.diags)
	return p.diags
}

// Each applies the per-project rules to a project as soon as it is loaded
// (it is a load.ReadEach callback), then keeps it slim
// (project.Project.Slim), with of its keys' source positions only those at
// which the site-wide rules report: the text of a large site never sits
// in memory whole. Site, after the load, gives the rest of what Run gives.
func Each(cfg *config.Site, pr *project.Project) []diag.Diagnostic {
	ds := Project(&load.Site{Config: cfg}, pr)
	pr.KeepPositions(siteKeys...)
	pr.Slim()
	return ds
}

// siteKeys are the keys at which the site-wide rules (site.go) report;
// TestGolden checks that Each and Site find what Run does.
var siteKeys = []string{"name", "code", "department"}

// Site applies the site-wide rules, those that compare projects, as the
// dev server does after an edit beside Project for the edited file. Run
// gives what Project for every project and Site give together.
func Site(s *load.Site) []diag.Diagnostic {
	p := &Pass{Site: s, Table: s.Config.Table()}
	for _, r := range Rules {
		if r.Site != nil {
			p.rule = r
			r.Site(p, s.Projects)
		}
	}
	diag.Sort(p.diags)
	return p.diags
}

// Failed reports whether ds stop a build: any error, or under strict any
// diagnostic at all.
func Failed(ds []diag.Diagnostic, strict bool) bool {
	errs, warns := diag.Count(ds)
	return errs > 0 || strict && warns > 0
}

// yuan formats an amount for messages.
func yuan(d fmt.Stringer) string { return d.String() + " 万元" }
