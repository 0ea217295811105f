package check

import (
	"slices"
	"sort"
	"strings"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// The rules of the self-evaluation (绩效自评): results published beside the
// targets after the year.

var resultActual = &Rule{
	Rule: newRule("result-actual", diag.Error, "实际完成值无法识别，或与年度指标值单位不同 [actual unparseable or in another unit]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			a, t := in.Actual, in.Target
			switch {
			case a.Kind == value.Invalid:
				p.Reportf(pr, project.IndicatorKey(i, "actual"), "指标“%s”的实际完成值“%s”无法识别 [unparseable actual]", in.Name, a.Raw)
			case a.Kind == value.Quantitative && t.Kind == value.Quantitative && a.Unit != t.Unit:
				p.Reportf(pr, project.IndicatorKey(i, "actual"), "指标“%s”的实际完成值“%s”单位为“%s”，年度指标值“%s”单位为“%s” [actual in another unit than the target]",
					in.Name, a.Raw, a.Unit, t.Raw, t.Unit)
			}
		}
	},
}

var resultScore = &Rule{
	Rule: newRule("result-score", diag.Error, "得分超过分值 [score above weight]"),
	Project: func(p *Pass, pr *project.Project) {
		for i, in := range pr.Indicators {
			if in.Score != nil && in.Weight != nil && in.Score.Cmp(*in.Weight) > 0 {
				p.Reportf(pr, project.IndicatorKey(i, "score"), "指标“%s”得分 %s 超过分值 %s [score above weight]", in.Name, in.Score, in.Weight)
			}
			if in.Score != nil && in.Score.Sign() < 0 || in.Weight != nil && in.Weight.Sign() < 0 {
				p.Reportf(pr, project.IndicatorKey(i, "score"), "指标“%s”的分值或得分为负数 [negative weight or score]", in.Name)
			}
		}
	},
}

var resultWeights = &Rule{
	Rule: newRule("result-weights", diag.Error, "给出分值时各指标分值之和应为 100 [weights do not sum to 100]"),
	Project: func(p *Pass, pr *project.Project) {
		var sum decimal.Decimal
		first := -1
		for i, in := range pr.Indicators {
			if in.Weight != nil {
				sum = sum.Add(*in.Weight)
				if first < 0 {
					first = i
				}
			}
		}
		if first >= 0 && sum.Cmp(decimal.FromInt(100)) != 0 {
			p.Reportf(pr, project.IndicatorKey(first, "weight"), "各指标分值之和为 %s，应为 100 [weights sum to %s, not 100]", sum, sum)
		}
	},
}

var resultTotal = &Rule{
	Rule: newRule("result-total", diag.Error, "自评总分 ≠ 各指标得分之和 [total_score ≠ sum of scores]"),
	Project: func(p *Pass, pr *project.Project) {
		e := pr.Evaluation
		if e == nil || e.TotalScore == nil {
			return
		}
		var sum decimal.Decimal
		scored := false
		for i, in := range pr.Indicators {
			if !pr.Readable(project.IndicatorKey(i, "score")) {
				return // reported by the loader; the sum would mislead
			}
			if in.Score != nil {
				sum, scored = sum.Add(*in.Score), true
			}
		}
		if scored && sum.Cmp(*e.TotalScore) != 0 {
			p.Reportf(pr, "evaluation.total_score", "自评总分 %s ≠ 各指标得分之和 %s [total_score ≠ sum of scores]", e.TotalScore, sum)
		}
	},
}

var resultGrade = &Rule{
	Rule: newRule("result-grade", diag.Error, "自评等级不是 优/良/中/差，或与 site.toml 的分数段不符 [grade unknown or not matching the score bands]"),
	Project: func(p *Pass, pr *project.Project) {
		e := pr.Evaluation
		if e == nil || e.Grade == "" {
			return
		}
		if !slices.Contains(project.Grades, e.Grade) {
			p.Reportf(pr, "evaluation.grade", "自评等级“%s”应为 %s 之一 [unknown grade]", e.Grade, strings.Join(project.Grades, "、"))
			return
		}
		if want, ok := gradeFor(p, e.TotalScore); ok && want != e.Grade {
			p.Reportf(pr, "evaluation.grade", "自评总分 %s 按 site.toml 的分数段应为“%s”，而非“%s” [grade should be %s]", e.TotalScore, want, e.Grade, want)
		}
	},
}

// gradeFor returns the grade the site's bands give a score.
func gradeFor(p *Pass, score *decimal.Decimal) (string, bool) {
	bands := slices.Clone(p.Site.Config.Grades)
	if score == nil || len(bands) == 0 {
		return "", false
	}
	sort.Slice(bands, func(i, j int) bool { return bands[i].Min > bands[j].Min })
	for _, b := range bands {
		min, err := decimal.FromFloat(b.Min)
		if err == nil && score.Cmp(min) >= 0 {
			return b.Grade, true
		}
	}
	return "", false
}
