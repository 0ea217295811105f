package importer

import (
	"slices"
	"strings"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// The self-evaluation (绩效自评表): the indicator table with result
// columns beside the targets, the summary rows below it, and how a
// self-evaluation table joins the target table of its project.

// column is a column of the indicator table, found by its header label.
type column struct {
	key string // the indicator's key: "target", "actual", "weight" …
	idx int
}

// columns are the indicator table's columns, from the header row.
type columns struct {
	name    int      // the 三级指标's column; -1 when the header lacks it
	values  []column // the columns after it, left to right
	results bool     // some are the self-evaluation's (实际完成值, 得分 …)
}

// resultColumns returns the columns of an indicator header with more
// than the target's column (实际完成值, 分值, 得分, 偏差原因及改进措施,
// 是否完成), or nil: a target table's rows are split by splitRow, which
// copes with the converter's shifted cells.
func resultColumns(header row) *columns {
	cs := &columns{name: -1}
	for _, c := range header.cells {
		key, _ := labelKey(c.text)
		k, ok := strings.CutPrefix(key, "indicators.")
		switch {
		case !ok, k == "level1", k == "level2":
		case k == "name":
			cs.name = c.idx
		default:
			cs.values = append(cs.values, column{k, c.idx})
			cs.results = cs.results || k != "target" && k != "weight"
		}
	}
	if !slices.ContainsFunc(cs.values, func(c column) bool { return c.key != "target" }) {
		return nil
	}
	return cs
}

// at returns the key of the value column that column idx falls in: the
// nearest at or left of it, since a header label may span columns; ""
// left of them all, or without columns.
func (cs *columns) at(idx int) string {
	if cs == nil {
		return ""
	}
	key := ""
	for _, c := range cs.values {
		if c.idx <= idx {
			key = c.key
		}
	}
	return key
}

// split splits an indicator row by the header's columns. The 三级指标 is
// the numbered cell, or the cell under 三级指标, or the first cell after
// the level names left of the value columns. A row that starts a column
// left of the header, as converted text may, is read shifted with its
// name.
func (cs *columns) split(cells []*cell) rowParts {
	first := cs.values[0].idx
	ni := slices.IndexFunc(cells, numbered)
	if ni < 0 && cs.name >= 0 {
		ni = slices.IndexFunc(cells, func(c *cell) bool { return c.idx == cs.name && !isLevel(c) })
	}
	if k := leadingLevels(cells); ni < 0 && k < len(cells) && cells[k].idx < first {
		ni = k
	}
	var r rowParts
	rest, shift := cells, 0
	if ni >= 0 {
		r.levels, r.name, rest = cells[:ni], cells[ni], cells[ni+1:]
		if cs.name >= 0 {
			shift = r.name.idx - cs.name
		}
	} else {
		k := slices.IndexFunc(cells, func(c *cell) bool { return c.idx >= first })
		if k < 0 {
			k = len(cells)
		}
		r.levels, rest = cells[:k], cells[k:]
	}
	for _, c := range rest {
		key := cs.at(c.idx - shift)
		if key == "" || r.values[key] != nil {
			r.extra = append(r.extra, c)
			continue
		}
		if r.values == nil {
			r.values = make(map[string]*cell)
		}
		r.values[key] = c
	}
	return r
}

// fill sets an indicator's target and results from the cells of its row.
func (t *table) fill(in *project.Indicator, values map[string]*cell) {
	text := func(key string) string {
		if c := values[key]; c != nil {
			return c.text
		}
		return ""
	}
	in.Target = value.Parse(text("target"))
	in.Actual = value.Parse(text("actual"))
	in.Met = t.met(values["met"])
	in.Weight = t.score(values["weight"], "分值")
	in.Score = t.score(values["score"], "得分")
	in.Deviation = text("deviation")
}

// metWords are the ways a form says whether an indicator was met, in
// upper case.
var metWords = map[string]bool{
	"是": true, "完成": true, "已完成": true, "达成": true, "已达成": true, "达到": true, "已达到": true,
	"√": true, "✓": true, "✔": true, "☑": true, "Y": true, "YES": true, "TRUE": true,
	"否": false, "未完成": false, "没有完成": false, "部分完成": false, "未达成": false, "未达到": false,
	"×": false, "✗": false, "✘": false, "X": false, "N": false, "NO": false, "FALSE": false,
}

// met reads 是否完成: nil when empty.
func (t *table) met(c *cell) *bool {
	if c == nil {
		return nil
	}
	s := strings.ToUpper(framework.Clean(value.Normalize(c.text)))
	if slices.Contains(noAmount, s) {
		return nil
	}
	m, ok := metWords[s]
	if !ok {
		t.report(RuleValue, c.pos(), "是否完成 %s 无法识别（应为 是/否、完成/未完成、√/×），已留空 [unreadable met]", quote(c.text))
		return nil
	}
	return &m
}

// score reads a weight or score ("10", "9.5分"): nil when empty.
func (t *table) score(c *cell, what string) *decimal.Decimal {
	if c == nil {
		return nil
	}
	if d, ok := exactNumber(c.num); ok {
		return &d
	}
	s := strings.TrimSuffix(framework.Clean(value.Normalize(c.text)), "分")
	if slices.Contains(noAmount, s) {
		return nil
	}
	d, err := decimal.Parse(s)
	if err != nil {
		t.report(RuleValue, c.pos(), "%s %s 无法识别（应为最多 4 位小数的数字），已留空 [unreadable %s]", what, quote(c.text), what)
		return nil
	}
	return &d
}

// evalKey returns the Evaluation's key that a cell below the indicators
// labels: its labels in project.Fields and their aliases, and 合计 or 总计
// for the total score; "" for none.
func evalKey(text string) string {
	if key, _ := labelKey(text); strings.HasPrefix(key, "evaluation.") {
		return key
	}
	switch labelForm(text) {
	case "合计", "总计":
		return "evaluation.total_score"
	}
	return ""
}

// evaluationRow reads a row of the summary below the indicators —
// "自评总分→95→自评等级→优", "总分→→→100→95.5" (the sums of 分值 and 得分
// under their columns), "自评结论→…" — and reports whether r is one.
func (t *table) evaluationRow(r row, cols *columns) bool {
	cells := r.cells
	if !slices.ContainsFunc(cells, func(c cell) bool { return evalKey(c.text) != "" }) {
		return false
	}
	for i := range cells {
		key := evalKey(cells[i].text)
		if key == "" {
			continue
		}
		cells[i].used = true
		total := key == "evaluation.total_score"
		var next, under *cell
		for j := i + 1; j < len(cells); j++ {
			c := &cells[j]
			if _, isLabel := labelKey(c.text); isLabel || evalKey(c.text) != "" {
				break
			}
			if j == i+1 {
				next = c
			}
			switch col := cols.at(c.idx); {
			case total && col == "score":
				under = c
			case total && col == "weight":
				c.used = true // the sum of the weights, which checks recompute
			}
		}
		v := under
		if v == nil && next != nil && !(total && cols.at(next.idx) == "weight") {
			v = next
		}
		if v != nil {
			v.used = true
			t.setEvaluation(key, v)
		}
	}
	for i := range cells {
		if !cells[i].used {
			t.report(RuleCell, cells[i].pos(), "无法识别的单元格 %s，已忽略 [cell ignored]", quote(cells[i].text))
		}
	}
	return true
}

// setEvaluation sets a field of the Evaluation from its value cell.
func (t *table) setEvaluation(key string, c *cell) {
	if c == nil {
		return
	}
	if t.p.Evaluation == nil {
		t.p.Evaluation = &project.Evaluation{}
	}
	e := t.p.Evaluation
	switch key {
	case "evaluation.year":
		e.Year = t.yearOf(c, "自评年度")
	case "evaluation.total_score":
		e.TotalScore = t.score(c, "自评总分")
	case "evaluation.grade":
		e.Grade = framework.Clean(c.text)
	case "evaluation.summary":
		e.Summary = c.text
	}
}

// mergeResults folds each self-evaluation table into the target table of
// the same project — the same 项目名称 and year — when the input holds
// both, so that a workbook's 绩效目标表 and 绩效自评表 make one project.
// It returns the tables left, in their order.
func mergeResults(ts []*table) []*table {
	var out []*table
	for _, r := range ts {
		if t := targetOf(ts, r); t != nil {
			t.merge(r)
			continue
		}
		out = append(out, r)
	}
	return out
}

// targetOf returns the target table that a self-evaluation table r
// belongs to, or nil.
func targetOf(ts []*table, r *table) *table {
	if !r.results || r.p.Name == "" {
		return nil
	}
	for _, t := range ts {
		if !t.results && len(t.merged) == 0 && t.p.Name == r.p.Name && t.p.Year == r.p.Year {
			return t
		}
	}
	return nil
}

// merge copies the results of the self-evaluation table r into t: the
// Evaluation, and each indicator's results by its name (among rows of the
// same name, the one of the same 二级指标). t's targets are kept.
func (t *table) merge(r *table) {
	t.merged = append(t.merged, r)
	// The header fields are t's: that r lacks some is no error.
	r.diags = slices.DeleteFunc(r.diags, func(d diag.Diagnostic) bool { return d.Rule == RuleMissing.ID })
	taken := make([]bool, len(t.p.Indicators))
	for i := range r.p.Indicators {
		res := &r.p.Indicators[i]
		j := matchIndicator(t.p.Indicators, res, taken)
		if j < 0 {
			r.report(RuleCell, r.at[i], "自评表的指标 %s 在同名项目的绩效目标表中找不到，其结果已忽略 [indicator not in the target table; its results ignored]", quote(res.Name))
			continue
		}
		taken[j] = true
		in := &t.p.Indicators[j]
		if res.Target.Raw != "" && res.Target.Raw != in.Target.Raw {
			r.report(RuleCell, r.at[i], "指标 %s 的年度指标值在自评表中为 %s，在绩效目标表中为 %s，以目标表为准 [targets differ; the target table's is kept]",
				quote(res.Name), quote(res.Target.Raw), quote(in.Target.Raw))
		}
		in.Actual, in.Met, in.Weight, in.Score, in.Deviation = res.Actual, res.Met, res.Weight, res.Score, res.Deviation
	}
	t.p.Evaluation = r.p.Evaluation
}

// matchIndicator returns the index in ins of the indicator not yet taken
// with res's name, preferring the one of the same 二级指标; -1 for none.
func matchIndicator(ins []project.Indicator, res *project.Indicator, taken []bool) int {
	name := framework.Clean(res.Name)
	found := -1
	for j := range ins {
		if taken[j] || name == "" || framework.Clean(ins[j].Name) != name {
			continue
		}
		if ins[j].Level2 == res.Level2 {
			return j
		}
		if found < 0 {
			found = j
		}
	}
	return found
}
