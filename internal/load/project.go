package load

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// MaxFileSize is the largest project file read: a form is a few KiB, so a
// larger file is a mistake (a pasted image, a log).
const MaxFileSize = 1 << 20

// Project reads one project file. name is its slash path relative to the
// site ("content/2023/a.md"); it must end in .md or .toml. The project is
// nil when the file could not be parsed at all; otherwise it is returned
// with whatever could be read, beside diagnostics for the rest.
func Project(name string, data []byte) (*project.Project, []diag.Diagnostic) {
	if len(data) > MaxFileSize {
		return nil, []diag.Diagnostic{RuleSize.At(name, diag.Pos{Line: 1, Col: 1},
			"文件大小 %d 字节，超过上限 %d 字节 [file of %d bytes exceeds %d]", len(data), MaxFileSize, len(data), MaxFileSize)}
	}
	if enc, line := Sniff(data); enc != UTF8 {
		return nil, []diag.Diagnostic{encodingDiag(name, enc, line)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []diag.Diagnostic{RuleEmpty.At(name, diag.Pos{Line: 1, Col: 1}, "文件为空 [empty file]")}
	}
	src := strings.ReplaceAll(string(data), "\r\n", "\n")

	front, line0 := src, 0
	var body string
	bodyLine := 0
	if path.Ext(name) == ".md" {
		var d *diag.Diagnostic
		front, body, line0, bodyLine, d = splitFrontMatter(name, src)
		if d != nil {
			return nil, []diag.Diagnostic{*d}
		}
	}

	var raw map[string]any
	if _, err := toml.Decode(front, &raw); err != nil {
		return nil, []diag.Diagnostic{syntaxDiag(name, err, line0)}
	}
	in := interners.Get().(interner)
	defer interners.Put(in.trim())
	p := &project.Project{
		Path:    name,
		Slug:    slugOf(name),
		Content: &project.Content{Body: []byte(body), BodyLine: bodyLine},
	}
	p.Pos = keyPositions(front, line0, in)
	d := &decoder{p: p, in: in}
	d.decode(raw)
	return p, d.diags
}

func encodingDiag(name string, enc Encoding, line int) diag.Diagnostic {
	pos := diag.Pos{Line: line, Col: 1}
	switch enc {
	case GBK:
		return RuleEncoding.At(name, pos, "文件不是 UTF-8 编码，看起来是 GBK：请另存为 UTF-8，或用 jixiao import 转换 [not UTF-8; looks like GBK: convert it to UTF-8]")
	case UTF16:
		return RuleEncoding.At(name, pos, "文件是 UTF-16 编码：请另存为 UTF-8 [UTF-16; save it as UTF-8]")
	case Binary:
		return RuleEncoding.At(name, pos, "文件是二进制数据，不是文本 [binary file, not text]")
	}
	return RuleEncoding.At(name, pos, "文件不是 UTF-8 编码 [not UTF-8]")
}

// splitFrontMatter splits a Markdown file into its TOML front matter and
// its body. line0 is the number of lines before the TOML starts.
func splitFrontMatter(name, src string) (front, body string, line0, bodyLine int, d *diag.Diagnostic) {
	lines := strings.SplitAfter(src, "\n")
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first == len(lines) || strings.TrimSpace(lines[first]) != "+++" {
		e := RuleFrontMatter.At(name, diag.Pos{Line: first + 1, Col: 1},
			"Markdown 文件须以一行 +++ 开始 TOML 前置数据 [front matter must start with a +++ line]")
		return "", "", 0, 0, &e
	}
	for i := first + 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "+++" {
			return strings.Join(lines[first+1:i], ""), strings.Join(lines[i+1:], ""), first + 1, i + 2, nil
		}
	}
	e := RuleFrontMatter.At(name, diag.Pos{Line: first + 1, Col: 1},
		"前置数据缺少结束的 +++ 行 [front matter is not closed by a +++ line]")
	return "", "", 0, 0, &e
}

var reDuplicate = regexp.MustCompile(`Key '([^']+)' has already been defined`)

func syntaxDiag(name string, err error, line0 int) diag.Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if m := reDuplicate.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("字段 %s 重复定义 [key %s defined twice]", m[1], m[1])
		} else {
			msg = "TOML 语法错误：" + msg + " [TOML syntax error]"
		}
		col := max(pe.Position.Col, 1)
		return RuleSyntax.At(name, diag.Pos{Line: line0 + max(pe.Position.Line, 1), Col: col}, "%s", msg)
	}
	return RuleSyntax.At(name, diag.Pos{Line: line0 + 1, Col: 1}, "TOML 语法错误：%v [TOML syntax error]", err)
}

// slugOf turns "content/2023/wujing/a.md" into "2023/wujing/a".
func slugOf(name string) string {
	s := strings.TrimPrefix(name, "content/")
	return strings.TrimSuffix(s, path.Ext(s))
}

// decoder converts the TOML map into a Project, reporting each key that is
// unknown or of the wrong type at its own line.
type decoder struct {
	p     *project.Project
	diags []diag.Diagnostic
	in    interner
}

func (d *decoder) report(r *diag.Rule, key, format string, args ...any) {
	d.diags = append(d.diags, r.At(d.p.Path, d.p.At(key), format, args...))
}

func (d *decoder) decode(raw map[string]any) {
	p := d.p
	d.unknown("", raw, "")
	for key, v := range raw {
		switch key {
		case "name":
			p.Name = d.str(key, v)
		case "code":
			p.Code = d.str(key, v)
		case "department":
			p.Department = d.str(key, v)
		case "unit":
			p.Unit = d.str(key, v)
		case "category":
			p.Category = d.str(key, v)
		case "year":
			p.Year = d.year(key, v)
		case "start":
			p.Start = d.date(key, v)
		case "end":
			p.End = d.date(key, v)
		case "funds":
			if t := d.table(key, v); t != nil {
				d.funds(t)
			}
		case "goals":
			if t := d.table(key, v); t != nil {
				d.unknown("goals", t, "goals.")
				p.Goals.Overall = d.str("goals.overall", t["overall"])
				p.Goals.Annual = d.str("goals.annual", t["annual"])
			}
		case "indicators":
			d.indicators(v)
		case "evaluation":
			if t := d.table(key, v); t != nil {
				d.evaluation(t)
			}
		}
	}
}

// unknown reports keys of t not in the format, suggesting the nearest one.
func (d *decoder) unknown(table string, t map[string]any, prefix string) {
	known := project.KeysIn(table)
	for key := range t {
		if contains(known, key) {
			continue
		}
		hint := ""
		if s := framework.Nearest(key, known); s != "" {
			hint = fmt.Sprintf("，是否应为 %s？[did you mean %s?]", s, s)
		} else if f := byLabel(key); f != nil {
			hint = fmt.Sprintf("，“%s”的字段名是 %s [the key for %s is %s]", key, f.Key, key, f.Key)
		}
		d.report(RuleUnknownKey, prefix+key, "未知字段 %s%s", prefix+key, hint)
	}
}

func byLabel(label string) *project.Field {
	for i := range project.Fields {
		if project.Fields[i].Label == label {
			return &project.Fields[i]
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "字符串 string"
	case int64:
		return "整数 integer"
	case float64:
		return "小数 float"
	case bool:
		return "布尔值 boolean"
	case time.Time:
		return "日期 date"
	case map[string]any:
		return "表 table"
	case []any, []map[string]any:
		return "数组 array"
	}
	return fmt.Sprintf("%T", v)
}

func (d *decoder) wrongType(key string, v any, want string) {
	d.unread(key)
	d.report(RuleType, key, "%s 应为%s，实为%s [%s: want %s]", key, want, typeName(v), key, want)
}

func (d *decoder) unread(key string) {
	if d.p.Unread == nil {
		d.p.Unread = make(map[string]bool)
	}
	d.p.Unread[key] = true
}

func (d *decoder) str(key string, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return d.in.own(v)
	}
	d.wrongType(key, v, "字符串 string")
	return ""
}

func (d *decoder) year(key string, v any) int {
	switch v := v.(type) {
	case int64:
		if v < 1900 || v > 2200 {
			d.report(RuleType, key, "预算年度 %d 不是合理的年份 [year %d out of range]", v, v)
			d.unread(key)
			return 0
		}
		return int(v)
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 1900 && n <= 2200 {
			d.report(RuleType, key, "year 应为整数，不加引号：year = %d [year: want an integer]", n)
			return n
		}
	}
	d.wrongType(key, v, "整数 integer")
	return 0
}

var reDate = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$`)

func (d *decoder) date(key string, v any) project.Date {
	switch v := v.(type) {
	case time.Time:
		if dt, ok := project.DateOf(v); ok {
			return dt
		}
		d.report(RuleDate, key, "日期“%s”超出 0000–9999 年 [date out of range]", v.Format(time.DateOnly))
		d.unread(key)
		return project.Date{}
	case string:
		if v == "" {
			return project.Date{}
		}
		if dt, ok := ParseDate(v); ok {
			return dt
		}
		d.report(RuleDate, key, "日期“%s”无法识别，请写作 2023-01-01 [unparseable date %q]", v, v)
		d.unread(key)
		return project.Date{}
	}
	d.wrongType(key, v, "日期 date")
	return project.Date{}
}

// ParseDate reads the ways dates are written in tables: 2023-01-01,
// 2023.1.1, "2023. 1. 1", 2023/1/1, 2023年1月1日. It rejects dates that do
// not exist.
func ParseDate(s string) (project.Date, bool) {
	m := reDate.FindStringSubmatch(strings.TrimSpace(value.Normalize(s)))
	if m == nil {
		return project.Date{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	da, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), da, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != da {
		return project.Date{}, false
	}
	return project.NewDate(y, mo, da)
}

func (d *decoder) table(key string, v any) map[string]any {
	if t, ok := v.(map[string]any); ok {
		return t
	}
	d.wrongType(key, v, "表 table")
	return nil
}

func (d *decoder) funds(t map[string]any) {
	d.unknown("funds", t, "funds.")
	for _, a := range d.p.Funds.Amounts() {
		*a.Amount = d.money("funds."+a.Key, t[a.Key])
	}
}

func (d *decoder) money(key string, v any) decimal.Decimal {
	var (
		n   decimal.Decimal
		err error
	)
	switch v := v.(type) {
	case nil:
		return n
	case int64:
		if v > math.MaxInt32 || v < math.MinInt32 {
			err = decimal.ErrRange
		} else {
			n = decimal.FromInt(v)
		}
	case float64:
		n, err = decimal.FromFloat(v)
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return n
		}
		n, err = decimal.Parse(s)
	default:
		d.wrongType(key, v, "金额（字符串或数字）amount")
		return n
	}
	if err != nil {
		d.unread(key)
	}
	switch {
	case errors.Is(err, decimal.ErrPrecision):
		d.report(RulePrecision, key, "%s 的金额 %v 超过 4 位小数（单位万元）[more than 4 decimals]", key, v)
	case err != nil:
		d.report(RuleMoney, key, "%s 的金额 %q 不是数字（单位万元，如 \"28.86\"）[not a number]", key, fmt.Sprint(v))
	}
	return n
}

func (d *decoder) indicators(v any) {
	var rows []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		rows = v
	case []any:
		for i, x := range v {
			t, ok := x.(map[string]any)
			if !ok {
				d.wrongType(project.IndicatorKey(i, ""), x, "表 table")
				continue
			}
			rows = append(rows, t)
		}
	default:
		d.wrongType("indicators", v, "表数组 [[indicators]]")
		return
	}
	if len(rows) > 0 {
		d.p.Indicators = make([]project.Indicator, 0, len(rows))
	}
	for i, t := range rows {
		key := func(f string) string { return project.IndicatorKey(i, f) }
		d.unknown("indicators", t, key("")+".")
		in := project.Indicator{
			Level1: framework.Clean(d.str(key("level1"), t["level1"])),
			Level2: framework.Clean(d.str(key("level2"), t["level2"])),
			Name:   strings.TrimSpace(d.str(key("name"), t["name"])),
		}
		in.Target = value.Parse(d.valueText(key("target"), t["target"]))
		in.Actual = value.Parse(d.valueText(key("actual"), t["actual"]))
		in.Weight = d.number(key("weight"), t["weight"])
		in.Score = d.number(key("score"), t["score"])
		in.Deviation = d.str(key("deviation"), t["deviation"])
		if m, ok := t["met"]; ok {
			if b, ok := m.(bool); ok {
				in.Met = &b
			} else {
				d.wrongType(key("met"), m, "布尔值 true/false")
			}
		}
		d.p.Indicators = append(d.p.Indicators, in)
	}
}

// interner gives the strings of loaded projects memory of their own. The
// TOML parser returns strings that share the text of the whole front
// matter, which a project would otherwise keep alive. Short strings —
// departments, units, indicator levels and names, units of measure, key
// paths — repeat from file to file and are kept once per interner; the
// loader's goroutines each take one from interners.
type interner map[string]string

var interners = sync.Pool{New: func() any { return interner{} }}

// own returns s in memory of its own, shared with equal short strings.
func (in interner) own(s string) string {
	if len(s) > 64 {
		return strings.Clone(s)
	}
	if c, ok := in[s]; ok {
		return c
	}
	c := strings.Clone(s)
	in[c] = c
	return c
}

// trim empties an interner that has grown large, so that it holds no
// more than a site's common strings.
func (in interner) trim() interner {
	if len(in) > 1<<14 {
		clear(in)
	}
	return in
}

// valueText reads a target or actual: a string, or a bare number written
// without quotes (90 means "90").
func (d *decoder) valueText(key string, v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return d.str(key, v)
}

// number reads a weight or score: nil when absent.
func (d *decoder) number(key string, v any) *decimal.Decimal {
	var (
		n   decimal.Decimal
		err error
	)
	switch x := v.(type) {
	case nil:
		return nil
	case int64:
		if x > math.MaxInt32 || x < math.MinInt32 {
			err = decimal.ErrRange
		}
		n = decimal.FromInt(x)
	case float64:
		n, err = decimal.FromFloat(x)
	case string:
		if strings.TrimSpace(x) == "" {
			return nil
		}
		n, err = decimal.Parse(strings.TrimSpace(value.Normalize(x)))
	default:
		d.wrongType(key, v, "数字 number")
		return nil
	}
	if err != nil {
		d.unread(key)
		d.report(RuleType, key, "%s 应为最多 4 位小数的数字，实为 %v [%s: want a number]", key, v, key)
		return nil
	}
	return &n
}

func (d *decoder) evaluation(t map[string]any) {
	d.unknown("evaluation", t, "evaluation.")
	e := &project.Evaluation{
		TotalScore: d.number("evaluation.total_score", t["total_score"]),
		Grade:      strings.TrimSpace(d.str("evaluation.grade", t["grade"])),
		Summary:    d.str("evaluation.summary", t["summary"]),
	}
	if y, ok := t["year"]; ok {
		e.Year = d.year("evaluation.year", y)
	}
	d.p.Evaluation = e
}
