package search

import (
	"strings"

	"jixiao/internal/project"
)

// Normalize folds s for matching, one code point at a time, so that every
// position in the result is the position of the same code point in s:
// full-width forms U+FF01–FF5E become ASCII U+0021–007E, the ideographic
// space U+3000 becomes a space, and A–Z become a–z. static/search.js does
// exactly the same. It is not value.Normalize (width.Fold, then TrimSpace):
// that one trims, which moves positions, keeps case, and follows the
// Unicode tables of golang.org/x/text, which the script cannot share.
func Normalize(s string) string {
	return strings.Map(fold, s)
}

func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		r = ' '
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// wordRanges are the code points that make up words, after Normalize:
// ASCII digits and letters, and the CJK scripts. Everything else separates.
// The list is explicit, rather than unicode.Han, so that Go and JavaScript
// agree whatever Unicode version each one knows.
var wordRanges = [][2]rune{
	{'0', '9'},
	{'a', 'z'},
	{0x3005, 0x3005},   // 々
	{0x3007, 0x3007},   // 〇
	{0x3041, 0x3096},   // hiragana
	{0x30A1, 0x30FA},   // katakana
	{0x30FC, 0x30FF},   // ー and katakana marks
	{0x3105, 0x312F},   // bopomofo
	{0x3400, 0x4DBF},   // CJK extension A
	{0x4E00, 0x9FFF},   // CJK unified ideographs
	{0xAC00, 0xD7A3},   // hangul syllables
	{0xF900, 0xFAFF},   // CJK compatibility ideographs
	{0x20000, 0x323AF}, // CJK extensions B–H and compatibility supplement
}

// isWord reports whether a normalised code point belongs to a word.
func isWord(r rune) bool {
	for _, w := range wordRanges {
		if r < w[0] {
			return false
		}
		if r <= w[1] {
			return true
		}
	}
	return false
}

// wordBMP is isWord for the Basic Multilingual Plane, one bit a code
// point, for the tokenizer of the index.
var wordBMP = func() (t [0x10000 / 64]uint64) {
	for r := range rune(0x10000) {
		if isWord(r) {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return t
}()

// isWordFast is isWord, faster.
func isWordFast(r rune) bool {
	if uint32(r) < 0x10000 {
		return wordBMP[r/64]>>(r%64)&1 != 0
	}
	return isWord(r)
}

// Terms splits a query into its terms: the runs of word characters of the
// normalised text, in order. A project matches a query when every term is a
// substring of one of its fields (see Matches).
func Terms(s string) []string {
	return strings.FieldsFunc(Normalize(s), func(r rune) bool { return !isWord(r) })
}

// Tokenize returns the index tokens of a text: for each run of word
// characters, every character and every pair of adjacent characters, in
// order of appearance ("2023年" → 2 20 0 02 2 23 3 3年 年). Latin letters and
// digits are treated like Chinese characters, so that "2023" is found inside
// "2023年" and inside "002023" alike.
func Tokenize(s string) []string {
	var tokens []string
	for _, run := range Terms(s) {
		rs := []rune(run)
		for i := range rs {
			tokens = append(tokens, string(rs[i]))
			if i+1 < len(rs) {
				tokens = append(tokens, string(rs[i:i+2]))
			}
		}
	}
	return tokens
}

// Field classes, from the strongest match to the weakest. Ranking puts a
// project whose name contains a term above one whose goals do.
const (
	className   = iota // 项目名称
	classHeader        // 项目编码, 主管部门, 实施单位
	classGoals         // 项目总目标, 年度总体目标, 三级指标
	classText          // the Markdown narrative
	numClasses
)

// fieldSep joins the fields of a class. It is not a word character, so no
// token and no match spans two fields.
const fieldSep = "\n"

// classTexts returns the indexed text of p by class, fields joined by
// fieldSep, unnormalised: the goals with the names of the indicators
// are one class.
func classTexts(p *project.Project) [numClasses]string {
	goals := []string{p.Goals.Overall, p.Goals.Annual}
	for _, in := range p.Indicators {
		goals = append(goals, in.Name)
	}
	return [numClasses]string{
		className:   p.Name,
		classHeader: strings.Join([]string{p.Code, p.Department, p.Unit}, fieldSep),
		classGoals:  strings.Join(goals, fieldSep),
		classText:   string(p.Body),
	}
}

// Fields returns the texts of p that search looks in: name, code,
// department, unit, both goals, the indicator names and the narrative.
func Fields(p *project.Project) []string {
	f := []string{p.Name, p.Code, p.Department, p.Unit, p.Goals.Overall, p.Goals.Annual}
	for _, in := range p.Indicators {
		f = append(f, in.Name)
	}
	return append(f, string(p.Body))
}

// Matches reports whether p is a result for query: the query has a term and
// every term is a substring of one normalised field of p. It is the
// definition that the index and static/search.js implement, written as the
// plain scan that tests compare them with.
func Matches(p *project.Project, query string) bool {
	terms := Terms(query)
	if len(terms) == 0 {
		return false
	}
	fields := Fields(p)
	for i, f := range fields {
		fields[i] = Normalize(f)
	}
	for _, t := range terms {
		found := false
		for _, f := range fields {
			if strings.Contains(f, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
