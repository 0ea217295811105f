package check

import (
	"slices"
	"strings"

	"jixiao/internal/diag"
	"jixiao/internal/project"
)

var required = &Rule{
	Rule: newRule("required", diag.Error, "缺少必填字段：name, year, department, unit, category [required field missing]"),
	Project: func(p *Pass, pr *project.Project) {
		for _, f := range project.Fields {
			if !f.Required || strings.Contains(f.Key, ".") || !pr.Readable(f.Key) {
				continue
			}
			missing := false
			switch f.Key {
			case "name":
				missing = strings.TrimSpace(pr.Name) == ""
			case "year":
				missing = pr.Year == 0
			case "department":
				missing = strings.TrimSpace(pr.Department) == ""
			case "unit":
				missing = strings.TrimSpace(pr.Unit) == ""
			case "category":
				missing = strings.TrimSpace(pr.Category) == ""
			}
			if missing {
				p.Reportf(pr, f.Key, "缺少必填字段 %s（%s）[missing %s]", f.Key, f.Label, f.Key)
			}
		}
	},
}

var category = &Rule{
	Rule: newRule("category", diag.Error, "项目类别须为 专项资金、经常性项目 或 一次性项目 [unknown category]"),
	Project: func(p *Pass, pr *project.Project) {
		if pr.Category != "" && !slices.Contains(project.Categories, pr.Category) {
			p.Reportf(pr, "category", "项目类别“%s”应为 %s 之一 [unknown category]", pr.Category, strings.Join(project.Categories, "、"))
		}
	},
}

var indicatorsNone = &Rule{
	Rule: newRule("indicators-none", diag.Error, "没有绩效指标 [no indicators]"),
	Project: func(p *Pass, pr *project.Project) {
		if len(pr.Indicators) == 0 && pr.Readable("indicators") {
			p.Reportf(pr, "name", "没有任何绩效指标，至少需要一行 [[indicators]] [no indicators]")
		}
	},
}
