package importer

import (
	"regexp"
	"slices"
	"strings"

	"jixiao/internal/framework"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// known is the framework that level names are recognised by: either
// edition, with the aliases seen in real tables.
var known = framework.For(framework.Any)

// isLevel1 reports whether a cleaned name is a 一级指标 name, standard or
// not (效果指标, or 决策 of the evaluation framework: checks report those).
func isLevel1(n string) bool { return known.Level1(n).Match != framework.Unknown }

// isLevel2 reports whether a cleaned name is a 二级指标 name or an alias
// of one.
func isLevel2(n string) bool {
	if std, ok := framework.Aliases[n]; ok {
		n = std
	}
	return len(known.Owners(n)) > 0
}

// reNumber matches the numbering of a 三级指标: "指标1：", "目标 2:".
var reNumber = regexp.MustCompile(`^(?:指标|目标)\s*[0-9０-９一二三四五六七八九十]+\s*[:：.．、]\s*`)

func numbered(c *cell) bool { return reNumber.MatchString(c.text) }

// indicators reads the rows under the indicator header. A 一级 or 二级
// name stays in force for the rows below it until the next, as the merged
// cell it came from did. Rows of the self-evaluation's summary (自评总分,
// 自评等级 …) below the indicators are read as the Evaluation.
func (t *table) indicators(header row, rows []row) {
	cols := resultColumns(header)
	if cols != nil && cols.results {
		t.results = true
	}
	var level1, level2 string
	for ri := range rows {
		if t.evaluationRow(rows[ri], cols) {
			continue
		}
		var cells []*cell
		for ci := range rows[ri].cells {
			c := &rows[ri].cells[ci]
			if _, isLabel := labelKey(c.text); !isLabel { // "绩效 指标" spanning the rows
				cells = append(cells, c)
			}
		}
		if len(cells) == 0 {
			continue
		}
		var r rowParts
		if cols != nil {
			r = cols.split(cells)
		} else {
			r = splitRow(cells)
		}
		l1, l2, extra := assignLevels(r.levels)
		extra = append(extra, r.extra...)
		if l1 != nil {
			level1, level2 = framework.Clean(l1.text), ""
			if l2 == nil {
				t.report(RuleCell, l1.pos(), "一级指标 %s 这一行没有二级指标 [no 二级指标 beside a new 一级指标]", quote(l1.text))
			}
		}
		if l2 != nil {
			level2 = framework.Clean(l2.text)
		}
		for _, c := range extra {
			t.report(RuleCell, c.pos(), "无法识别的单元格 %s，已忽略 [cell ignored]", quote(c.text))
		}
		if r.name == nil && len(r.values) == 0 {
			continue // a row of level names only
		}
		in := project.Indicator{Level1: level1, Level2: level2}
		at := cells[0].pos()
		if r.name != nil {
			in.Name = strings.TrimSpace(reNumber.ReplaceAllString(r.name.text, ""))
			at = r.name.pos()
		}
		t.fill(&in, r.values)
		if level1 == "" {
			t.report(RuleCell, at, "这一行之上没有一级指标 [no 一级指标 for this row]")
		}
		if in.Name == "" {
			t.report(RuleCell, at, "这一行没有三级指标名称 [no 三级指标 name in this row]")
		}
		t.p.Indicators = append(t.p.Indicators, in)
		t.at = append(t.at, at)
	}
}

// rowParts are the cells of an indicator row by their meaning.
type rowParts struct {
	levels []*cell          // the 一级 and 二级 cells, before the 三级指标
	name   *cell            // the 三级指标
	values map[string]*cell // by key of the indicator (target, actual …)
	extra  []*cell          // cells that are none of those
}

// splitRow splits the cells of a row of a target table, whose columns
// the converter may have shifted: the level names before the 三级指标,
// the 三级指标, the target (the last cell after it) and any cells between
// those two. The 三级指标 is the numbered cell; without one, the text after
// the known level names, or the second-last cell when there are several.
// A lone cell after the level names is the target when it reads as a
// number, else the name.
func splitRow(cells []*cell) rowParts {
	ni := slices.IndexFunc(cells, numbered)
	if ni < 0 {
		k := leadingLevels(cells)
		switch rest := cells[k:]; len(rest) {
		case 0:
			return rowParts{levels: cells}
		case 1:
			if value.Parse(rest[0].text).Kind == value.Quantitative {
				return rowParts{levels: cells[:k], values: map[string]*cell{"target": rest[0]}}
			}
			ni = k
		default:
			ni = len(cells) - 2
		}
	}
	r := rowParts{levels: cells[:ni], name: cells[ni]}
	if after := cells[ni+1:]; len(after) > 0 {
		r.values = map[string]*cell{"target": after[len(after)-1]}
		r.extra = after[:len(after)-1]
	}
	return r
}

// leadingLevels counts the known level names at the start of cells, at
// most two.
func leadingLevels(cells []*cell) int {
	k := 0
	for k < len(cells) && k < 2 && isLevel(cells[k]) {
		k++
	}
	return k
}

func isLevel(c *cell) bool {
	n := framework.Clean(c.text)
	return isLevel1(n) || isLevel2(n)
}

// assignLevels picks the 一级 and 二级 cells of a row's level cells, by
// name where they are known and by position where not. 成本指标 is both a
// legacy 二级 and a 2021 一级: it is the 一级 only when a 二级 follows.
func assignLevels(cs []*cell) (l1, l2 *cell, extra []*cell) {
	name := func(i int) string { return framework.Clean(cs[i].text) }
	i1 := -1
	for i := range cs {
		if isLevel1(name(i)) && (!isLevel2(name(i)) || i+1 < len(cs) && isLevel2(name(i+1))) {
			i1 = i
			break
		}
	}
	i2 := -1
	for i := max(i1+1, 0); i < len(cs); i++ {
		if isLevel2(name(i)) {
			i2 = i
			break
		}
	}
	switch {
	case len(cs) == 0:
		return nil, nil, nil
	case i1 >= 0 && i2 >= 0:
	case i1 >= 0:
		if i1+1 < len(cs) {
			i2 = i1 + 1 // a 二级 name the framework does not know
		}
	case i2 >= 0:
		if i2 > 0 {
			i1 = i2 - 1
		}
	case len(cs) == 1:
		i2 = 0 // an unknown name alone: the 一级 is merged from above
	default:
		i1, i2 = len(cs)-2, len(cs)-1
	}
	for i, c := range cs {
		switch i {
		case i1:
			l1 = c
		case i2:
			l2 = c
		default:
			extra = append(extra, c)
		}
	}
	return l1, l2, extra
}
