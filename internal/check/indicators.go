package check

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// std returns the standard level-1 and level-2 names an indicator means,
// "" where its name is not in the framework.
func std(t framework.Table, in project.Indicator) (l1, l2 string) {
	r1 := t.Level1(in.Level1)
	if r1.Match != framework.Standard && r1.Match != framework.Alias {
		return "", ""
	}
	r2 := t.Level2(r1.Std, in.Level2)
	if r2.Match == framework.Standard || r2.Match == framework.Alias {
		return r1.Std, r2.Std
	}
	return r1.Std, ""
}

func suggest(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf("，是否应为“%s”？[did you mean %s?]", s, s)
}

var level1 = &Rule{
	Rule: newRule("indicator-level1", diag.Error, "一级指标不在指标体系中（决策、过程属于绩效评价）[unknown level-1 indicator]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			key := project.IndicatorKey(i, "level1")
			switch r := p.Table.Level1(in.Level1); {
			case !pr.Readable(key):
			case in.Level1 == "":
				p.Reportf(pr, project.IndicatorKey(i, ""), "第 %d 行指标缺少一级指标 [level1 missing]", i+1)
			case r.Match == framework.Evaluation:
				p.Reportf(pr, key, "“%s”是绩效评价的一级指标，不属于绩效目标表 [evaluation level, not a target-table level]", in.Level1)
			case r.Match == framework.Unknown:
				p.Reportf(pr, key, "未知的一级指标“%s”%s [unknown level 1]", in.Level1, suggest(r.Std))
			}
		}
	},
}

var level2 = &Rule{
	Rule: newRule("indicator-level2", diag.Error, "二级指标未知，或不属于其一级指标 [unknown or misplaced level-2 indicator]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			key := project.IndicatorKey(i, "level2")
			r1 := p.Table.Level1(in.Level1)
			if r1.Match != framework.Standard && r1.Match != framework.Alias {
				continue // reported by indicator-level1
			}
			if in.Level2 == "" {
				p.Reportf(pr, project.IndicatorKey(i, ""), "第 %d 行指标缺少二级指标 [level2 missing]", i+1)
				continue
			}
			r2 := p.Table.Level2(r1.Std, in.Level2)
			if r2.Match != framework.Unknown {
				continue
			}
			name := in.Level2
			if a, ok := framework.Aliases[name]; ok {
				name = a
			}
			if p.Table.Level1(name).Match == framework.Standard {
				p.Reportf(pr, key, "“%s”在此指标体系中是一级指标，不是“%s”的二级指标 [%s is a level-1 name in this framework]",
					in.Level2, r1.Std, in.Level2)
				continue
			}
			if owners := p.Table.Owners(name); len(owners) > 0 {
				p.Reportf(pr, key, "二级指标“%s”属于“%s”，不属于“%s” [level 2 belongs under %s]",
					in.Level2, strings.Join(owners, "、"), r1.Std, owners[0])
				continue
			}
			p.Reportf(pr, key, "“%s”下没有二级指标“%s”%s [unknown level 2]", r1.Std, in.Level2, suggest(r2.Std))
		}
	},
}

var levelAlias = &Rule{
	Rule: newRule("indicator-nonstandard", diag.Warning, "指标名称不规范，给出规范名称（如 效果指标 → 效益指标）[nonstandard indicator name]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			r1 := p.Table.Level1(in.Level1)
			if r1.Match == framework.Alias {
				p.Reportf(pr, project.IndicatorKey(i, "level1"), "一级指标“%s”不规范，规范名称为“%s” [nonstandard: use %s]", in.Level1, r1.Std, r1.Std)
			}
			if r1.Match != framework.Standard && r1.Match != framework.Alias {
				continue
			}
			if r2 := p.Table.Level2(r1.Std, in.Level2); r2.Match == framework.Alias {
				p.Reportf(pr, project.IndicatorKey(i, "level2"), "二级指标“%s”不规范，规范名称为“%s” [nonstandard: use %s]", in.Level2, r2.Std, r2.Std)
			}
		}
	},
}

var indicatorName = &Rule{
	Rule: newRule("indicator-name", diag.Error, "三级指标名称为空 [level-3 indicator name empty]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			if strings.TrimSpace(in.Name) == "" && pr.Readable(project.IndicatorKey(i, "name")) {
				p.Reportf(pr, project.IndicatorKey(i, ""), "第 %d 行指标缺少三级指标名称 [name missing]", i+1)
			}
		}
	},
}

var duplicateRow = &Rule{
	Rule: newRule("indicator-duplicate", diag.Error, "重复的指标行 [duplicate indicator row]"),
	Project: func(p *Pass, pr *project.Project) {
		seen := make(map[[3]string]int)
		for i, in := range pr.Indicators {
			if in.Name == "" {
				continue
			}
			l1, l2 := std(p.Table, in)
			k := [3]string{l1 + in.Level1, l2 + in.Level2, in.Name}
			if j, ok := seen[k]; ok {
				p.Reportf(pr, project.IndicatorKey(i, "name"), "指标“%s”与第 %d 行重复 [duplicate of row %d]", in.Name, j+1, j+1)
				continue
			}
			seen[k] = i
		}
	},
}

var targetEmpty = &Rule{
	Rule: newRule("target-empty", diag.Warning, "年度指标值为空 [empty target]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			if in.Target.Kind == value.Empty {
				p.Reportf(pr, project.IndicatorKey(i, "target"), "指标“%s”的年度指标值为空 [empty target]", in.Name)
			}
		}
	},
}

var targetInvalid = &Rule{
	Rule: newRule("target-invalid", diag.Error, "年度指标值既非定量（≥95%）也非定性（达标）[target neither quantitative nor qualitative]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			if in.Target.Kind == value.Invalid {
				p.Reportf(pr, project.IndicatorKey(i, "target"), "指标“%s”的年度指标值“%s”无法识别：应写作 ≥95%%、≤12万元 或 达标 等 [unparseable target]", in.Name, in.Target.Raw)
			}
		}
	},
}

// Percentages above 100 are meant only for growth: 增长率 150%.
var growth = regexp.MustCompile(`增长|增幅|增加|提高|提升|同比|环比|倍|超额`)

var hundred = decimal.FromInt(100)

var targetPercent = &Rule{
	Rule: newRule("target-percent", diag.Error, "百分比超过 100%（增长类指标除外）[percentage above 100]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			t := in.Target
			if t.IsPercent() && t.Number.Cmp(hundred) > 0 && t.Direction() > 0 && !growth.MatchString(in.Name) {
				p.Reportf(pr, project.IndicatorKey(i, "target"), "指标“%s”的年度指标值 %s 超过 100%% [percentage above 100]", in.Name, t.Raw)
			}
		}
	},
}

// countLike matches names of indicators that count things: 活动开展次数,
// 受益人数, 事业编制人员17人.
var countLike = regexp.MustCompile(`次数|人数|户数|个数|场次|人次|天数|数量$|\d+\s*(人|次|户|个|场|项|台|家|所|间|套)`)

var targetCountPercent = &Rule{
	Rule: newRule("target-count-percent", diag.Warning, "计数类指标（次数、人数、“17人”）的指标值却是百分比 [count-like indicator with a bare percentage]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			if in.Target.IsPercent() && countLike.MatchString(in.Name) && !strings.Contains(in.Name, "率") {
				p.Reportf(pr, project.IndicatorKey(i, "target"), "指标“%s”计数，年度指标值却是百分比 %s：应写出数量，如 ≥24次 [count-like indicator, percentage target]",
					in.Name, in.Target.Raw)
			}
		}
	},
}

func hasLevel(p *Pass, pr *project.Project, level string) bool {
	for _, in := range pr.Indicators {
		if r := p.Table.Level1(in.Level1); (r.Match == framework.Standard || r.Match == framework.Alias) && r.Std == level {
			return true
		}
	}
	return false
}

func missingLevel(level string, sev diag.Severity, doc string) *Rule {
	return &Rule{
		Rule: newRule("indicators-"+map[string]string{
			framework.Output: "output", framework.Benefit: "benefit", framework.Satisfaction: "satisfaction",
		}[level], sev, doc),
		Project: func(p *Pass, pr *project.Project) {
			for i := range pr.Indicators {
				if !pr.Readable(project.IndicatorKey(i, "level1")) {
					return
				}
			}
			if len(pr.Indicators) > 0 && !hasLevel(p, pr, level) {
				p.Reportf(pr, "indicators", "没有%s [no %s]", level, level)
			}
		},
	}
}

var (
	noOutput       = missingLevel(framework.Output, diag.Error, "没有产出指标 [no 产出指标]")
	noBenefit      = missingLevel(framework.Benefit, diag.Error, "没有效益指标 [no 效益指标]")
	noSatisfaction = missingLevel(framework.Satisfaction, diag.Warning, "没有满意度指标（有服务对象的项目应设）[no 满意度指标]")
)
