package load

import "jixiao/internal/diag"

// The rules that loading a file can break. The checks of the content itself
// live in package check, which lists these too.
var (
	RuleEncoding    = &diag.Rule{ID: "file-encoding", Severity: diag.Error, Doc: "文件不是 UTF-8 编码（GBK 请转换，或用 jixiao import 导入）[file is not UTF-8]"}
	RuleSize        = &diag.Rule{ID: "file-size", Severity: diag.Error, Doc: "文件超过大小上限 [file exceeds the size limit]"}
	RuleEmpty       = &diag.Rule{ID: "file-empty", Severity: diag.Error, Doc: "文件为空 [file is empty]"}
	RuleFrontMatter = &diag.Rule{ID: "file-frontmatter", Severity: diag.Error, Doc: "Markdown 文件须以 +++ 包围的 TOML 前置数据开头 [front matter missing or unclosed]"}
	RuleSyntax      = &diag.Rule{ID: "file-syntax", Severity: diag.Error, Doc: "TOML 语法错误 [TOML syntax error]"}
	RuleUnknownKey  = &diag.Rule{ID: "file-unknown-key", Severity: diag.Error, Doc: "未知字段（给出最接近的字段名）[unknown key]"}
	RuleType        = &diag.Rule{ID: "file-type", Severity: diag.Error, Doc: "字段类型错误 [wrong type]"}
	RuleLink        = &diag.Rule{ID: "file-link", Severity: diag.Error, Doc: "符号链接指向站点之外或无法读取 [symlink out of the site or unreadable]"}
	RuleMoney       = &diag.Rule{ID: "funds-invalid", Severity: diag.Error, Doc: "金额不是数字 [amount is not a number]"}
	RulePrecision   = &diag.Rule{ID: "funds-precision", Severity: diag.Error, Doc: "金额超过 4 位小数 [amount has more than 4 decimals]"}
	RuleDate        = &diag.Rule{ID: "date-invalid", Severity: diag.Error, Doc: "日期无法识别 [unparseable date]"}
	RuleConfig      = &diag.Rule{ID: "site-config", Severity: diag.Error, Doc: "site.toml 有误 [site.toml is invalid]"}
)

// Rules lists the rules of this package, for `jixiao check --rules`.
var Rules = []*diag.Rule{
	RuleEncoding, RuleSize, RuleEmpty, RuleFrontMatter, RuleSyntax, RuleUnknownKey,
	RuleType, RuleLink, RuleMoney, RulePrecision, RuleDate, RuleConfig,
}
