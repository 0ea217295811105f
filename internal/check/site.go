package check

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/internal/diag"
	"jixiao/internal/project"
)

// firstSeen reports every project whose key equals an earlier one's.
func firstSeen(p *Pass, ps []*project.Project, field string, key func(*project.Project) string, msg string) {
	seen := make(map[string]*project.Project)
	for _, pr := range ps {
		k := key(pr)
		if k == "" {
			continue
		}
		if first, ok := seen[k]; ok {
			p.Reportf(pr, field, msg, first.Path, first.At(field).Line)
			continue
		}
		seen[k] = pr
	}
}

var duplicateCode = &Rule{
	Rule: newRule("site-duplicate-code", diag.Error, "两个文件的项目编码相同 [two files with the same code]"),
	Site: func(p *Pass, ps []*project.Project) {
		firstSeen(p, ps, "code", func(pr *project.Project) string { return strings.TrimSpace(pr.Code) },
			"项目编码与 %s:%d 重复 [duplicate code]")
	},
}

var duplicateProject = &Rule{
	Rule: newRule("site-duplicate-project", diag.Error, "两个文件的项目名称、年度和主管部门都相同，且没有各自的项目编码 [same name, year and department, not told apart by codes]"),
	Site: func(p *Pass, ps []*project.Project) {
		// Projects with distinct codes are distinct projects even under one
		// name: the finance system tells them apart by code.
		seen := make(map[string][]*project.Project)
		for _, pr := range ps {
			if pr.Name == "" {
				continue
			}
			k := fmt.Sprint(pr.Name, "\x00", pr.Year, "\x00", pr.Department)
			for _, first := range seen[k] {
				if pr.Code == "" || first.Code == "" || pr.Code == first.Code {
					p.Reportf(pr, "name", "项目名称、年度、主管部门与 %s:%d 相同 [same project as another file]", first.Path, first.At("name").Line)
					break
				}
			}
			seen[k] = append(seen[k], pr)
		}
	},
}

// The site's own pages live at these first path segments.
var reserved = map[string]bool{"search": true, "data": true, "departments": true, "units": true,
	"static": true, "404": true, "sitemap": true, "feed": true, "robots": true, "index": true}

var yearSegment = regexp.MustCompile(`^\d{4}$`)

var duplicateURL = &Rule{
	Rule: newRule("site-duplicate-url", diag.Error, "两个文件（或文件与站点页面）会写到同一网址 [two outputs at one URL]"),
	Site: func(p *Pass, ps []*project.Project) {
		seen := make(map[string]*project.Project)
		for _, pr := range ps {
			url := strings.ToLower(pr.URL())
			if first, ok := seen[url]; ok {
				p.Reportf(pr, "", "与 %s 写到同一网址 %s [same URL as %s]", first.Path, pr.URL(), first.Path)
				continue
			}
			seen[url] = pr
			segs := strings.Split(pr.Slug, "/")
			if reserved[segs[0]] || len(segs) == 1 && yearSegment.MatchString(segs[0]) || segs[len(segs)-1] == "index" {
				p.Reportf(pr, "", "网址 %s 与站点自身的页面冲突，请换一个文件名或目录 [URL taken by a site page]", pr.URL())
			}
		}
	},
}

var departmentSlug = &Rule{
	Rule: newRule("site-department-slug", diag.Warning, "site.toml 未给主管部门设置 slug（网址将用名称的散列）[department without a slug]"),
	Site: func(p *Pass, ps []*project.Project) {
		done := make(map[string]bool)
		for _, pr := range ps {
			d := pr.Department
			if d == "" || done[d] {
				continue
			}
			done[d] = true
			if slug, ok := p.Site.Config.DepartmentSlug(d); !ok {
				p.Reportf(pr, "department", "主管部门“%s”在 site.toml 中没有 slug，网址将为 /departments/%s/；请在 [[departments]] 中设置 [no slug for department]", d, slug)
			}
		}
	},
}
