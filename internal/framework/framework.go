// Package framework holds the national indicator framework of 绩效目标表 as
// data: the 一级指标 (level 1) and 二级指标 (level 2) names each edition
// allows, the nonstandard names seen in published tables that mean a
// standard one, and the lookup that checks use to name the standard form.
package framework

import (
	"slices"
	"strings"
	"unicode"
)

// Edition names a version of the framework, as written in site.toml.
type Edition string

const (
	Any    Edition = ""       // accept the names of either edition
	Legacy Edition = "legacy" // the form the seed uses
	V2021  Edition = "2021"   // 2021 guidance: 成本指标 became a level 1
)

// Level1 names.
const (
	Output       = "产出指标"
	Benefit      = "效益指标"
	Satisfaction = "满意度指标"
	Cost         = "成本指标"
)

// Level is one 一级指标 with its 二级指标.
type Level struct {
	Name   string
	Level2 []string
}

// Table is a framework: the level-1 names in the order of the form.
type Table []Level

var legacy = Table{
	{Output, []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
	{Benefit, []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
	{Satisfaction, []string{"服务对象满意度指标"}},
}

var v2021 = Table{
	{Output, []string{"数量指标", "质量指标", "时效指标"}},
	{Benefit, []string{"经济效益指标", "社会效益指标", "生态效益指标"}},
	{Satisfaction, []string{"服务对象满意度指标"}},
	{Cost, []string{"经济成本指标", "社会成本指标", "生态环境成本指标"}},
}

// For returns the table of an edition; Any merges both.
func For(e Edition) Table {
	switch e {
	case Legacy:
		return legacy.clone()
	case V2021:
		return v2021.clone()
	}
	t := legacy.clone()
	for _, l := range v2021 {
		t = t.Extend(l.Name, l.Level2...)
	}
	return t
}

// Valid reports whether e names an edition.
func (e Edition) Valid() bool { return e == Any || e == Legacy || e == V2021 }

func (t Table) clone() Table {
	c := make(Table, len(t))
	for i, l := range t {
		c[i] = Level{l.Name, slices.Clone(l.Level2)}
	}
	return c
}

// Extend returns t with level2 names added under level1 (created if new),
// as a site may do in site.toml.
func (t Table) Extend(level1 string, level2 ...string) Table {
	t = t.clone()
	i := slices.IndexFunc(t, func(l Level) bool { return l.Name == level1 })
	if i < 0 {
		t = append(t, Level{Name: level1})
		i = len(t) - 1
	}
	for _, n := range level2 {
		if !slices.Contains(t[i].Level2, n) {
			t[i].Level2 = append(t[i].Level2, n)
		}
	}
	return t
}

// Aliases maps names seen in real tables to the standard name they mean.
// They are accepted with a warning that names the standard form.
var Aliases = map[string]string{
	"效果指标":   Benefit,
	"环境效益指标": "生态效益指标",
	"社会公众或服务对象满意度指标": "服务对象满意度指标",
	"服务对象满意度":        "服务对象满意度指标",
	"满意度":            Satisfaction,
	"进度指标":           "时效指标",
	"产出":             Output,
	"效益":             Benefit,
}

// EvaluationOnly are level-1 names of the evaluation framework (绩效评价),
// which belong to evaluation reports, not target tables.
var EvaluationOnly = []string{"决策", "过程", "决策指标", "过程指标"}

// Clean removes the spacing and line breaks that PDF conversion leaves inside
// a name ("服务对象 满意度指标" → "服务对象满意度指标").
func Clean(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, name)
}

// Match says how a name relates to the framework.
type Match int

const (
	Standard   Match = iota // a standard name
	Alias                   // a known nonstandard name; Std is what it means
	Unknown                 // not in the framework; Std is the nearest, if any
	Evaluation              // a level-1 name of evaluation reports
)

// Result is the outcome of a lookup.
type Result struct {
	Match Match
	Std   string // the standard name (Standard, Alias), or a suggestion (Unknown)
}

// Level1 looks up a 一级指标 name (already Cleaned).
func (t Table) Level1(name string) Result {
	if t.level(name) != nil {
		return Result{Standard, name}
	}
	if std, ok := Aliases[name]; ok && t.level(std) != nil {
		return Result{Alias, std}
	}
	if slices.Contains(EvaluationOnly, name) {
		return Result{Evaluation, ""}
	}
	names := make([]string, len(t))
	for i, l := range t {
		names[i] = l.Name
	}
	return Result{Unknown, Nearest(name, names)}
}

// Level2 looks up a 二级指标 name under a standard level-1 name.
// A name that is standard under another level 1 is Unknown here, with that
// level 1's name-free suggestion left to the caller (see Owner).
func (t Table) Level2(level1, name string) Result {
	l := t.level(level1)
	if l == nil {
		return Result{Unknown, ""}
	}
	if slices.Contains(l.Level2, name) {
		return Result{Standard, name}
	}
	if std, ok := Aliases[name]; ok && slices.Contains(l.Level2, std) {
		return Result{Alias, std}
	}
	return Result{Unknown, Nearest(name, l.Level2)}
}

// Owners returns the level-1 names under which name is a standard level 2.
func (t Table) Owners(level2 string) []string {
	var out []string
	for _, l := range t {
		if slices.Contains(l.Level2, level2) {
			out = append(out, l.Name)
		}
	}
	return out
}

func (t Table) level(name string) *Level {
	for i := range t {
		if t[i].Name == name {
			return &t[i]
		}
	}
	return nil
}

// Nearest returns the candidate closest to s by edit distance over runes,
// or "" when none is close enough to be a plausible slip.
func Nearest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := Distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len([]rune(s))/2)
	if bestD > limit {
		return ""
	}
	return best
}

// Distance is the Levenshtein distance between a and b, counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
