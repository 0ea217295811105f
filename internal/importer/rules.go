package importer

import "jixiao/internal/diag"

// The rules an import can break. Their diagnostics point into the input
// file, not into the project files written from it.
var (
	RuleEncoding   = &diag.Rule{ID: "import-encoding", Severity: diag.Warning, Doc: "输入不是 UTF-8，已转换（GBK、UTF-16）[input converted to UTF-8]"}
	RuleUnreadable = &diag.Rule{ID: "import-unreadable", Severity: diag.Error, Doc: "输入无法读取：不是文本，或找不到绩效目标表 [input unreadable or holds no table]"}
	RuleMissing    = &diag.Rule{ID: "import-missing", Severity: diag.Error, Doc: "表中缺少必填项（项目名称、主管部门、实施单位、项目类别、预算年度、绩效指标）[required field missing from a table]"}
	RuleValue      = &diag.Rule{ID: "import-value", Severity: diag.Error, Doc: "值无法识别（金额、日期、年度、项目类别），已留空 [value unreadable, left empty]"}
	RuleCell       = &diag.Rule{ID: "import-cell", Severity: diag.Warning, Doc: "单元格无法归入任何字段而被忽略，或其含义靠推断 [cell ignored or its meaning guessed]"}
)

// Rules lists the rules of this package, for `jixiao check --rules`.
var Rules = []*diag.Rule{RuleEncoding, RuleUnreadable, RuleMissing, RuleValue, RuleCell}
