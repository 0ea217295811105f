package importer

import (
	"regexp"
	"strings"

	"jixiao/internal/framework"
	"jixiao/internal/project"
)

// category reads 项目类别. Forms tick one of the three categories: as
// a converted checkbox (`专项资金 <input checked="" type="checkbox"/>`), as
// a glyph before the name (☑专项资金 □经常性项目, √专项资金) or after it
// (专项资金☑), in the value cell or spread over the cells after it; or
// the cell simply names the category.
func (t *table) category(l label) string {
	if l.value == nil {
		return ""
	}
	cells := t.categoryCells(l)
	var raw []string
	for _, c := range cells {
		c.used = true
		raw = append(raw, c.raw)
	}
	s := strings.Join(raw, " ")
	var ticked, named []string
	switch {
	case reBox.MatchString(s):
		ticked, named = inputBoxes(s)
	case strings.ContainsAny(s, checkedGlyphs+uncheckedGlyphs):
		ticked, named = glyphBoxes(s)
	default:
		named = categoryNames(s)
		if len(named) < 2 {
			return framework.Clean(l.value.text)
		}
	}
	switch len(ticked) {
	case 1:
		return ticked[0]
	case 0:
		if len(named) == 0 {
			return framework.Clean(l.value.text) // not a category at all: checks say so
		}
		hint := ""
		if t.src.sheet != "" {
			hint = "；Excel 的复选框控件无法读取，请写作 ☑专项资金 或只写类别"
		}
		t.report(RuleValue, l.value.pos(), "项目类别（%s）没有勾选任何一项%s [no category ticked]",
			strings.Join(named, "、"), hint)
	default:
		t.report(RuleValue, l.value.pos(), "项目类别勾选了 %d 项（%s），已留空 [several categories ticked]",
			len(ticked), strings.Join(ticked, "、"))
	}
	return ""
}

// categoryCells returns the value cell of 项目类别 and the cells after it
// on its row that carry the other boxes: ☑专项资金 | □经常性项目 | □一次性项目.
func (t *table) categoryCells(l label) []*cell {
	cells := []*cell{l.value}
	r := t.rows[l.row].cells
	i := 0
	for i < len(r) && &r[i] != l.value {
		i++
	}
	for i++; i < len(r); i++ {
		c := &r[i]
		if _, isLabel := labelKey(c.text); isLabel {
			break
		}
		s := framework.Clean(c.text)
		if len(categoryNames(s)) == 0 && strings.Trim(s, checkedGlyphs+uncheckedGlyphs) != "" {
			break
		}
		cells = append(cells, c)
	}
	return cells
}

var reBox = regexp.MustCompile(`(?i)<input\b([^>]*)>`)

// inputBoxes reads `专项资金 <input checked="" type="checkbox"/> 经常性项目 …`:
// each box follows its name.
func inputBoxes(raw string) (ticked, named []string) {
	prev := 0
	for _, m := range reBox.FindAllStringSubmatchIndex(raw, -1) {
		name := framework.Clean(stripTags(raw[prev:m[0]]))
		named = append(named, name)
		if strings.Contains(strings.ToLower(raw[m[2]:m[3]]), "checked") {
			ticked = append(ticked, name)
		}
		prev = m[1]
	}
	return ticked, named
}

// The glyphs that forms tick and leave boxes with.
const (
	checkedGlyphs   = "☑☒✓✔√■▣◼●✅"
	uncheckedGlyphs = "□☐◻▢○〇"
)

// glyphBoxes reads categories ticked with glyphs. A form puts each box on
// the same side of its name: before when the text starts with a glyph
// (☑专项资金 □经常性项目), else after (专项资金☑ 经常性项目□).
func glyphBoxes(s string) (ticked, named []string) {
	s = framework.Clean(s)
	type token struct {
		glyph   rune // 0 for a name
		checked bool
		name    string
	}
	var toks []token
	for i := 0; i < len(s); {
		if name := categoryAt(s[i:]); name != "" {
			toks = append(toks, token{name: name})
			i += len(name)
			continue
		}
		r := []rune(s[i:])[0]
		switch {
		case strings.ContainsRune(checkedGlyphs, r):
			toks = append(toks, token{glyph: r, checked: true})
		case strings.ContainsRune(uncheckedGlyphs, r):
			toks = append(toks, token{glyph: r})
		}
		i += len(string(r))
	}
	before := len(toks) > 0 && toks[0].glyph != 0
	for i, tk := range toks {
		if tk.glyph != 0 {
			continue
		}
		named = append(named, tk.name)
		j := i + 1
		if before {
			j = i - 1
		}
		if j >= 0 && j < len(toks) && toks[j].glyph != 0 && toks[j].checked {
			ticked = append(ticked, tk.name)
		}
	}
	return ticked, named
}

// categoryAt returns the category that s starts with, or "".
func categoryAt(s string) string {
	for _, c := range project.Categories {
		if strings.HasPrefix(s, c) {
			return c
		}
	}
	return ""
}

// categoryNames returns the categories named in s, in the order of
// project.Categories.
func categoryNames(s string) []string {
	var names []string
	for _, c := range project.Categories {
		if strings.Contains(s, c) {
			names = append(names, c)
		}
	}
	return names
}
