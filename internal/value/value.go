// Package value parses the 年度指标值 (target) of a performance indicator.
//
// A target is quantitative — an optional comparison, a number and an
// optional unit ("≥24次", "90%", "不超过12.5万元") — or qualitative ("达标",
// "效果明显"). Parse keeps the text exactly as published in Raw, for display,
// and the normalised comparison, number and unit beside it for checks,
// charts and exports.
package value

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"jixiao/internal/decimal"
)

// Kind says what a target is.
type Kind int

const (
	Empty        Kind = iota // nothing written
	Quantitative             // comparison, number, unit
	Qualitative              // words: 达标, 良好 …
	Invalid                  // neither: "??", "90%~95%"
)

func (k Kind) String() string {
	return [...]string{"empty", "quantitative", "qualitative", "invalid"}[k]
}

// Comparisons, normalised.
const (
	GE = "≥"
	LE = "≤"
	EQ = "="
	GT = ">"
	LT = "<"
)

// Value is a parsed target (or actual) value.
type Value struct {
	Raw    string          // as written
	Kind   Kind            //
	Cmp    string          // GE, LE, EQ, GT, LT, or "" when none was written
	Number decimal.Decimal // the number, for Quantitative
	Unit   string          // "%", "人次", "万元" …; "" when none
}

// Direction is +1 for a target to reach or exceed (≥ > = or none),
// -1 for a ceiling (≤ <), 0 when not quantitative.
func (v Value) Direction() int {
	if v.Kind != Quantitative {
		return 0
	}
	if v.Cmp == LE || v.Cmp == LT {
		return -1
	}
	return 1
}

// IsPercent reports whether v is a quantitative percentage.
func (v Value) IsPercent() bool { return v.Kind == Quantitative && v.Unit == "%" }

// prefixes and suffixes that spell a comparison in words or symbols, longest first.
var prefixes = []struct{ text, cmp string }{
	{"不低于", GE}, {"不少于", GE}, {"不小于", GE}, {"至少", GE}, {"大于等于", GE},
	{"不高于", LE}, {"不超过", LE}, {"不大于", LE}, {"不多于", LE}, {"至多", LE}, {"小于等于", LE},
	{"大于", GT}, {"高于", GT}, {"超过", GT}, {"多于", GT},
	{"小于", LT}, {"低于", LT}, {"少于", LT},
	{"等于", EQ},
	{">=", GE}, {"<=", LE}, {"=>", GE}, {"=<", LE}, {"==", EQ},
	{"≥", GE}, {"≧", GE}, {"⩾", GE}, {"≤", LE}, {"≦", LE}, {"⩽", LE},
	{">", GT}, {"<", LT}, {"=", EQ},
}

var suffixes = []struct{ text, cmp string }{
	{"及以上", GE}, {"以上", GE}, {"或以上", GE},
	{"及以下", LE}, {"以下", LE}, {"以内", LE}, {"之内", LE},
}

// Normalize returns s with full-width digits, letters and signs made
// half-width (９５％ → 95%) and surrounding space trimmed. CJK text is kept.
func Normalize(s string) string {
	return strings.TrimSpace(width.Fold.String(s))
}

// Parse parses a target or actual value.
func Parse(raw string) Value {
	v := Value{Raw: raw}
	s := Normalize(raw)
	if s == "" {
		v.Kind = Empty
		return v
	}
	q, ok := parseQuantity(s)
	if ok {
		q.Raw = raw
		return q
	}
	// A comparison and a number that still do not parse ("不低于95%以下",
	// "90%-95%") are a malformed quantity, not words.
	spoiled := q.Cmp != "" && strings.ContainsAny(s, "0123456789") || strings.ContainsAny(s, "<>=≥≤")
	if hasHan(s) && !spoiled {
		v.Kind = Qualitative
		return v
	}
	v.Kind = Invalid
	return v
}

func parseQuantity(s string) (Value, bool) {
	s = strings.Join(strings.Fields(s), "")
	var v Value
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p.text); ok {
			v.Cmp, s = p.cmp, rest
			break
		}
	}
	for _, p := range suffixes {
		if rest, ok := strings.CutSuffix(s, p.text); ok {
			if v.Cmp != "" && v.Cmp != p.cmp {
				return v, false // two comparisons that disagree
			}
			v.Cmp, s = p.cmp, rest
			break
		}
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || i == 0 && (s[i] == '-' || s[i] == '+')) {
		i++
	}
	num, unit := strings.TrimSuffix(s[:i], "."), s[i:]
	// 1,000 人: drop thousands separators written inside the number
	if strings.Contains(unit, ",") {
		return v, false
	}
	n, err := decimal.Parse(num)
	if err != nil {
		return v, false
	}
	if !isUnit(unit) {
		return v, false
	}
	v.Kind, v.Number, v.Unit = Quantitative, n, unit
	return v, true
}

// isUnit accepts "", "%", "‰" and short words of letters with no digits:
// 人次, 万元, 元/人, 个月, km, m².
func isUnit(u string) bool {
	if u == "" {
		return true
	}
	if utf8.RuneCountInString(u) > 6 {
		return false
	}
	for _, r := range u {
		switch {
		case r == '%' || r == '‰' || r == '/' || r == '²' || r == '³' || r == '·':
		case unicode.IsLetter(r):
		default:
			return false
		}
	}
	return true
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Met reports whether an actual value meets a target, and whether that can
// be told: both must be quantitative in the same unit. A target without a
// comparison ("90%") is a floor, as the form means it.
func Met(target, actual Value) (met, known bool) {
	if target.Kind != Quantitative || actual.Kind != Quantitative || target.Unit != actual.Unit {
		return false, false
	}
	c := actual.Number.Cmp(target.Number)
	switch target.Cmp {
	case LE:
		return c <= 0, true
	case LT:
		return c < 0, true
	case GT:
		return c > 0, true
	case EQ:
		return c == 0, true
	}
	return c >= 0, true
}
