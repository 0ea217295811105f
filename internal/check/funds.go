package check

import (
	"jixiao/internal/diag"
	"jixiao/internal/project"
)

var fundsNegative = &Rule{
	Rule: newRule("funds-negative", diag.Error, "金额为负数 [negative amount]"),
	Project: func(p *Pass, pr *project.Project) {
		for _, a := range pr.Funds.Amounts() {
			if a.Amount.Sign() < 0 {
				p.Reportf(pr, "funds."+a.Key, "funds.%s 为负数 %s [negative amount]", a.Key, yuan(a.Amount))
			}
		}
	},
}

var fundsTotal = &Rule{
	Rule: newRule("funds-total", diag.Error, "项目资金总额 ≠ 财政资金 + 其他资金 [total ≠ fiscal + other]"),
	Project: func(p *Pass, pr *project.Project) {
		if !pr.Readable("funds.total", "funds.fiscal", "funds.other") {
			return
		}
		f := pr.Funds
		if sum := f.Fiscal.Add(f.Other); sum.Cmp(f.Total) != 0 {
			p.Reportf(pr, "funds.total", "项目资金总额 %s ≠ 财政资金 %s + 其他资金 %s = %s [total ≠ fiscal + other]",
				yuan(f.Total), f.Fiscal, f.Other, yuan(sum))
		}
	},
}

var fundsAnnual = &Rule{
	Rule: newRule("funds-annual", diag.Error, "年度资金申请总额 ≠ 当年财政拨款 + 上年结转 + 其他资金 [annual ≠ appropriation + carryover + annual_other]"),
	Project: func(p *Pass, pr *project.Project) {
		if !pr.Readable("funds.annual", "funds.appropriation", "funds.carryover", "funds.annual_other") {
			return
		}
		f := pr.Funds
		if sum := f.Appropriation.Add(f.Carryover).Add(f.AnnualOther); sum.Cmp(f.Annual) != 0 {
			p.Reportf(pr, "funds.annual", "年度资金申请总额 %s ≠ 当年财政拨款 %s + 上年结转资金 %s + 其他资金 %s = %s [annual ≠ appropriation + carryover + annual_other]",
				yuan(f.Annual), f.Appropriation, f.Carryover, f.AnnualOther, yuan(sum))
		}
	},
}

var fundsExceeds = &Rule{
	Rule: newRule("funds-exceeds", diag.Error, "年度资金申请总额大于项目资金总额 [annual > total]"),
	Project: func(p *Pass, pr *project.Project) {
		if !pr.Readable("funds.annual", "funds.total") {
			return
		}
		f := pr.Funds
		if f.Annual.Cmp(f.Total) > 0 {
			p.Reportf(pr, "funds.annual", "年度资金申请总额 %s 大于项目资金总额 %s [annual > total]", yuan(f.Annual), yuan(f.Total))
		}
	},
}

var fundsFiscal = &Rule{
	Rule: newRule("funds-fiscal", diag.Warning, "当年财政拨款 + 上年结转资金大于财政资金 [appropriation + carryover > fiscal]"),
	Project: func(p *Pass, pr *project.Project) {
		if !pr.Readable("funds.appropriation", "funds.carryover", "funds.fiscal") {
			return
		}
		f := pr.Funds
		if sum := f.Appropriation.Add(f.Carryover); sum.Cmp(f.Fiscal) > 0 {
			p.Reportf(pr, "funds.appropriation", "当年财政拨款 %s + 上年结转资金 %s = %s，大于财政资金 %s [appropriation + carryover > fiscal]",
				f.Appropriation, f.Carryover, yuan(sum), yuan(f.Fiscal))
		}
	},
}

var fundsOneYear = &Rule{
	Rule: newRule("funds-one-year", diag.Warning, "一年期项目的年度资金申请总额 ≠ 项目资金总额 [one-year project: annual ≠ total]"),
	Project: func(p *Pass, pr *project.Project) {
		if !pr.Readable("funds.annual", "funds.total") {
			return
		}
		f := pr.Funds
		if oneYear(pr) && f.Annual.Cmp(f.Total) < 0 {
			p.Reportf(pr, "funds.annual", "项目起止在同一年内，年度资金申请总额 %s 应等于项目资金总额 %s [one-year project: annual ≠ total]",
				yuan(f.Annual), yuan(f.Total))
		}
	},
}

// oneYear reports whether a project starts and ends within its budget year.
func oneYear(pr *project.Project) bool {
	return !pr.Start.IsZero() && !pr.End.IsZero() && pr.Start.Year == pr.End.Year
}
