package importer

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// table reads one table: the rows from its title to the next.
type table struct {
	src   source
	rows  []row
	p     *project.Project
	diags []diag.Diagnostic
	found map[string]label // the first label of each key found

	// results is set for a self-evaluation (绩效自评表): its title says
	// so, or its sheet's name, or it has result columns or labels.
	results bool
	at      []diag.Pos // where each indicator's row was read, for merging
	merged  []*table   // self-evaluation tables folded into this one
}

// label is a label cell with the value beside it.
type label struct {
	key   string // a key of project.Fields; "" for a section label
	cell  *cell
	value *cell // nil when empty
	row   int   // index of its row in the table
}

func (t *table) report(r *diag.Rule, at diag.Pos, format string, args ...any) {
	t.diags = append(t.diags, t.src.diag(r, at, format, args...))
}

// read fills t.p: the header part of the form, down to the indicator
// table's header row, is read by label; the rows below it as indicators.
func (t *table) read() {
	t.found = make(map[string]label)
	if first := &t.rows[0].cells[0]; len(t.rows[0].cells) == 1 {
		if ok, results := titleOf(first.text); ok {
			first.used = true
			t.results = results
		}
	}
	t.results = t.results || strings.Contains(t.src.sheet, "自评")
	head := t.indicatorHeader()
	labels := t.labels(t.rows[:head])
	t.year(t.rows[:head])
	t.fields(labels)
	t.goals(labels)
	t.unused(t.rows[:head])
	if head < len(t.rows) {
		t.indicators(t.rows[head], t.rows[head+1:])
	}
	if e := t.p.Evaluation; e != nil {
		t.results = true
		if e.Year == 0 {
			e.Year = t.p.Year
		}
	}
	t.required(head < len(t.rows))
}

// indicatorHeader returns the index of the row labelled 一级指标, or
// len(rows).
func (t *table) indicatorHeader() int {
	for i, r := range t.rows {
		for _, c := range r.cells {
			if key, _ := labelKey(c.text); key == "indicators.level1" {
				return i
			}
		}
	}
	return len(t.rows)
}

// labels finds every label in rows and the value beside it: the next
// non-empty cell, unless that is a label too.
func (t *table) labels(rows []row) []label {
	var ls []label
	for ri := range rows {
		cells := rows[ri].cells
		for ci := range cells {
			key, ok := labelKey(cells[ci].text)
			if !ok {
				continue
			}
			l := label{key: key, cell: &cells[ci], row: ri}
			l.cell.used = true
			if ci+1 < len(cells) {
				if _, isLabel := labelKey(cells[ci+1].text); !isLabel {
					l.value = &cells[ci+1]
					l.value.used = true
				}
			}
			ls = append(ls, l)
			if _, ok := t.found[key]; !ok {
				t.found[key] = l
			}
		}
	}
	return ls
}

var reYear = regexp.MustCompile(`(\d{4})年度`)

// year reads the year line, "(2023 年度)", above the first label.
func (t *table) year(rows []row) {
	for ri := range rows {
		for ci := range rows[ri].cells {
			c := &rows[ri].cells[ci]
			if _, ok := labelKey(c.text); ok {
				return
			}
			m := reYear.FindStringSubmatch(framework.Clean(value.Normalize(c.text)))
			if m == nil {
				continue
			}
			c.used = true
			if t.p.Year == 0 {
				t.p.Year, _ = strconv.Atoi(m[1])
				t.found["year"] = label{key: "year", cell: c, value: c}
			}
		}
	}
}

// fields sets the header fields and funds from their labels.
func (t *table) fields(labels []label) {
	var others []label
	seen := make(map[string]bool)
	for _, l := range labels {
		switch {
		case l.key == "", strings.HasPrefix(l.key, "goals."), strings.HasPrefix(l.key, "indicators."):
			continue
		case l.key == "funds.other":
			others = append(others, l)
			continue
		case seen[l.key]:
			t.report(RuleCell, l.cell.pos(), "%s 在表中出现了两次，只读第一处 [label repeated; the first is read]", quote(l.cell.text))
			continue
		}
		seen[l.key] = true
		t.set(l.key, l)
	}
	t.others(others, labels, seen["funds.annual_other"])
}

func (t *table) set(key string, l label) {
	v := ""
	if l.value != nil {
		v = l.value.text
	}
	p := t.p
	switch key {
	case "name":
		p.Name = v
	case "code":
		p.Code = v
	case "department":
		p.Department = v
	case "unit":
		p.Unit = v
	case "category":
		p.Category = t.category(l)
	case "year":
		if v != "" {
			p.Year = t.yearOf(l.value, "预算年度")
		}
	case "start", "end":
		d := t.date(l.value)
		if key == "start" {
			p.Start = d
		} else {
			p.End = d
		}
	default:
		if strings.HasPrefix(key, "evaluation.") {
			t.setEvaluation(key, l.value)
			return
		}
		for _, a := range p.Funds.Amounts() {
			if "funds."+a.Key == key {
				*a.Amount = t.money(l.value)
			}
		}
	}
}

// date reads a date cell: a sheet's date serial, or text as load.ParseDate
// reads it ("2023. 1. 1"). An empty cell is no date.
func (t *table) date(c *cell) project.Date {
	if c == nil {
		return project.Date{}
	}
	if c.num != "" {
		if d, ok := serialDate(c.num, t.src.date1904); ok {
			return d
		}
	}
	d, ok := load.ParseDate(c.text)
	if !ok {
		t.report(RuleValue, c.pos(), "日期 %s 无法识别，已留空 [unparseable date]", quote(c.text))
	}
	return d
}

// yearOf reads a year cell ("2023", "2023年度"); what names it in messages.
func (t *table) yearOf(c *cell, what string) int {
	s := strings.TrimSuffix(strings.TrimSuffix(framework.Clean(value.Normalize(c.text)), "度"), "年")
	if n, err := strconv.Atoi(s); err == nil && n >= 1900 && n <= 2200 {
		return n
	}
	t.report(RuleValue, c.pos(), "%s %s 无法识别 [unparseable year]", what, quote(c.text))
	return 0
}

// noAmount are the ways a table says "nothing" in an amount cell.
var noAmount = []string{"", "-", "—", "/", "无"}

// money reads an amount in 万元: "12. 01万" → 12.01, or a sheet's number
// as stored. An empty cell is 0.
func (t *table) money(c *cell) decimal.Decimal {
	if c == nil {
		return decimal.Decimal{}
	}
	if d, ok := exactNumber(c.num); ok {
		return d
	}
	s := framework.Clean(value.Normalize(c.text))
	s = strings.ReplaceAll(s, ",", "")
	for _, none := range noAmount {
		if s == none {
			return decimal.Decimal{}
		}
	}
	n, ok := strings.CutSuffix(s, "万元")
	if !ok {
		n, ok = strings.CutSuffix(s, "万")
	}
	if !ok && strings.HasSuffix(s, "元") {
		t.report(RuleValue, c.pos(), "金额 %s 的单位是元，表中应为万元，已留空 [amount in 元, not 万元]", quote(c.text))
		return decimal.Decimal{}
	}
	d, err := decimal.Parse(n)
	switch {
	case errors.Is(err, decimal.ErrPrecision):
		t.report(RuleValue, c.pos(), "金额 %s 超过 4 位小数（单位万元），已留空 [more than 4 decimals]", quote(c.text))
	case err != nil:
		t.report(RuleValue, c.pos(), "金额 %s 无法识别，已留空（单位万元）[unreadable amount]", quote(c.text))
	}
	return d
}

// exactNumber returns the decimal a sheet's stored number was written as:
// the shortest text that reads back as the same float64, so 28.86 stays
// 28.86 and no arithmetic is done on the float. It fails for text, and
// for floats that a formula left with more than 4 decimals (0.1+0.2),
// whose displayed text is read instead.
func exactNumber(num string) (decimal.Decimal, bool) {
	if num == "" {
		return decimal.Decimal{}, false
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return decimal.Decimal{}, false
	}
	d, err := decimal.FromFloat(f)
	return d, err == nil
}

// The fund labels of the left half of the form (the project's funds) and
// of the right half (the annual request).
var (
	leftFunds  = []string{"funds.total", "funds.fiscal"}
	rightFunds = []string{"funds.annual", "funds.appropriation", "funds.carryover"}
)

// others sets the two 其他资金: with two, the first is the project's and
// the second the annual request's; with one, see annualSide.
func (t *table) others(others, all []label, annualSeen bool) {
	if len(others) == 0 {
		return
	}
	f := &t.p.Funds
	if len(others) == 1 {
		if !annualSeen && t.annualSide(others[0], all) {
			f.AnnualOther = t.money(others[0].value)
		} else {
			f.Other = t.money(others[0].value)
		}
		return
	}
	f.Other = t.money(others[0].value)
	if annualSeen {
		others = others[1:]
	} else {
		f.AnnualOther = t.money(others[1].value)
		others = others[2:]
	}
	for _, l := range others {
		t.report(RuleCell, l.cell.pos(), "多余的“其他资金”，已忽略 [extra 其他资金 ignored]")
	}
}

// annualSide reports whether a lone 其他资金 belongs to the annual
// request: a fund label of one half beside it on its row tells; failing
// that, the nearer column of the two halves' labels.
func (t *table) annualSide(o label, all []label) bool {
	dl, dr := 1<<30, 1<<30
	for _, l := range all {
		left, right := slices.Contains(leftFunds, l.key), slices.Contains(rightFunds, l.key)
		if l.row == o.row {
			switch {
			case right && l.cell.idx > o.cell.idx:
				return false
			case left && l.cell.idx < o.cell.idx:
				return true
			}
		}
		d := abs(l.cell.idx - o.cell.idx)
		if left {
			dl = min(dl, d)
		}
		if right {
			dr = min(dr, d)
		}
	}
	if dl == dr && o.value != nil {
		t.report(RuleCell, o.cell.pos(), "无法判断这个“其他资金”属于项目资金还是年度申请，按项目资金（funds.other）读入 [ambiguous 其他资金 read as funds.other]")
	}
	return dr < dl
}

// goals reads 项目总目标 and 年度总体目标: beside their labels, or, when
// empty there, from the non-empty cells of the next row, in order.
func (t *table) goals(labels []label) {
	var empty []label
	for _, l := range labels {
		if l.key != "goals.overall" && l.key != "goals.annual" {
			continue
		}
		if l.value == nil {
			empty = append(empty, l)
			continue
		}
		t.setGoal(l.key, l.value.text)
	}
	if len(empty) == 0 {
		return
	}
	next := empty[0].row + 1
	if next >= len(t.rows) {
		return
	}
	cells := t.rows[next].cells
	for _, c := range cells {
		if _, isLabel := labelKey(c.text); isLabel {
			return // the goals are empty: the next row is the next part of the form
		}
	}
	for i := range min(len(empty), len(cells)) {
		cells[i].used = true
		t.setGoal(empty[i].key, cells[i].text)
	}
}

func (t *table) setGoal(key, s string) {
	if key == "goals.overall" {
		t.p.Goals.Overall = s
	} else {
		t.p.Goals.Annual = s
	}
}

// unused reports the cells of the header part that were read as nothing.
func (t *table) unused(rows []row) {
	for _, r := range rows {
		for _, c := range r.cells {
			if !c.used {
				t.report(RuleCell, c.pos(), "无法识别的单元格 %s，已忽略 [cell ignored]", quote(c.text))
			}
		}
	}
}

// required reports the required fields that the table lacks, at the label
// when it was found with an empty value, else at the table's title.
// header tells whether the indicator table's header was found.
func (t *table) required(header bool) {
	at := t.rows[0].cells[0].pos()
	for _, f := range project.Fields {
		if !f.Required || strings.Contains(f.Key, ".") || !t.empty(f.Key) {
			continue
		}
		if l, ok := t.found[f.Key]; ok {
			if l.value == nil { // else the value was unreadable, and reported when read
				t.report(RuleMissing, l.cell.pos(), "表中的“%s”为空 [%s is empty]", f.Label, f.Key)
			}
		} else {
			t.report(RuleMissing, at, "表中找不到“%s” [%s not found]", f.Label, f.Key)
		}
	}
	if !header {
		t.report(RuleMissing, at, "表中找不到绩效指标（一级指标、二级指标、三级指标、年度指标值）[indicator table not found]")
	} else if len(t.p.Indicators) == 0 {
		t.report(RuleMissing, at, "绩效指标表是空的 [no indicators]")
	}
}

// empty reports whether a required top-level key was left empty.
func (t *table) empty(key string) bool {
	p := t.p
	switch key {
	case "name":
		return p.Name == ""
	case "year":
		return p.Year == 0
	case "department":
		return p.Department == ""
	case "unit":
		return p.Unit == ""
	case "category":
		return p.Category == ""
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
