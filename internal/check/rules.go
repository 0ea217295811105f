package check

import "jixiao/internal/diag"

// Rules lists the content rules in the order they run.
var Rules = []*Rule{
	required, category, indicatorsNone,
	fundsNegative, fundsTotal, fundsAnnual, fundsExceeds, fundsFiscal, fundsOneYear,
	dateOrder, dateYear,
	level1, level2, levelAlias, indicatorName, duplicateRow,
	targetEmpty, targetInvalid, targetPercent, targetCountPercent,
	noOutput, noBenefit, noSatisfaction,
	resultActual, resultScore, resultWeights, resultTotal, resultGrade,
	duplicateCode, duplicateProject, duplicateURL, departmentSlug,
}

func newRule(id string, sev diag.Severity, doc string) *diag.Rule {
	return &diag.Rule{ID: id, Severity: sev, Doc: doc}
}
