package check

import (
	"jixiao/internal/diag"
	"jixiao/internal/project"
)

var dateOrder = &Rule{
	Rule: newRule("date-order", diag.Error, "计划完成日期早于计划开始日期 [end before start]"),
	Project: func(p *Pass, pr *project.Project) {
		if !pr.Start.IsZero() && !pr.End.IsZero() && pr.End.Before(pr.Start) {
			p.Reportf(pr, "end", "计划完成日期 %s 早于计划开始日期 %s [end before start]", pr.End, pr.Start)
		}
	},
}

var dateYear = &Rule{
	Rule: newRule("date-year", diag.Error, "预算年度不在计划开始至完成日期之间 [budget year outside start–end]"),
	Project: func(p *Pass, pr *project.Project) {
		if pr.Year == 0 || !pr.Readable("start", "end") {
			return
		}
		switch {
		case !pr.Start.IsZero() && pr.Year < int(pr.Start.Year):
			p.Reportf(pr, "year", "预算年度 %d 早于计划开始日期 %s [budget year before start]", pr.Year, pr.Start)
		case !pr.End.IsZero() && pr.Year > int(pr.End.Year):
			p.Reportf(pr, "year", "预算年度 %d 晚于计划完成日期 %s [budget year after end]", pr.Year, pr.End)
		}
	},
}
