package value

import (
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		raw  string
		kind Kind
		cmp  string
		num  string
		unit string
	}{
		{"90%", Quantitative, "", "90", "%"},
		{"≥24次", Quantitative, GE, "24", "次"},
		{">=95%", Quantitative, GE, "95", "%"},
		{"＞９５％", Quantitative, GT, "95", "%"},
		{"≧ 1000 人次", Quantitative, GE, "1000", "人次"},
		{"≦12.5万元", Quantitative, LE, "12.5", "万元"},
		{"不低于95%", Quantitative, GE, "95", "%"},
		{"不少于24次", Quantitative, GE, "24", "次"},
		{"至少3个", Quantitative, GE, "3", "个"},
		{"95%以上", Quantitative, GE, "95", "%"},
		{"不超过10万元", Quantitative, LE, "10", "万元"},
		{"不高于5%", Quantitative, LE, "5", "%"},
		{"至多2天", Quantitative, LE, "2", "天"},
		{"3天以内", Quantitative, LE, "3", "天"},
		{"＝100%", Quantitative, EQ, "100", "%"},
		{"<5%", Quantitative, LT, "5", "%"},
		{"≤300元/人", Quantitative, LE, "300", "元/人"},
		{"12", Quantitative, "", "12", ""},
		{"1年", Quantitative, "", "1", "年"},
		{"达标", Qualitative, "", "", ""},
		{"效果明显", Qualitative, "", "", ""},
		{"应保尽保", Qualitative, "", "", ""},
		{"2023年12月底前完成", Qualitative, "", "", ""},
		{"", Empty, "", "", ""},
		{"   ", Empty, "", "", ""},
		{"??", Invalid, "", "", ""},
		{"90%-95%", Invalid, "", "", ""},
		{"abc", Invalid, "", "", ""},
		{"≥", Invalid, "", "", ""},
		{"≥达标", Invalid, "", "", ""},
		{"不低于95%以下", Invalid, "", "", ""},
	}
	for _, tt := range tests {
		v := Parse(tt.raw)
		if v.Raw != tt.raw {
			t.Errorf("Parse(%q).Raw = %q: the text must be kept as written", tt.raw, v.Raw)
		}
		if v.Kind != tt.kind {
			t.Errorf("Parse(%q).Kind = %v, want %v", tt.raw, v.Kind, tt.kind)
			continue
		}
		if tt.kind != Quantitative {
			continue
		}
		if v.Cmp != tt.cmp || v.Number.String() != tt.num || v.Unit != tt.unit {
			t.Errorf("Parse(%q) = (%q, %s, %q), want (%q, %s, %q)", tt.raw, v.Cmp, v.Number, v.Unit, tt.cmp, tt.num, tt.unit)
		}
	}
}

func TestDirection(t *testing.T) {
	for raw, want := range map[string]int{"≥95%": 1, "90%": 1, "=100%": 1, ">3次": 1, "≤5万元": -1, "<2天": -1, "不超过3天": -1, "达标": 0, "": 0} {
		if got := Parse(raw).Direction(); got != want {
			t.Errorf("Parse(%q).Direction() = %d, want %d", raw, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"90%", "≥24次", "不低于95%", "３天以内", "达标", "", "??", "1.23456%", "≤300元/人", "-5%", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Parse(s)
		if v.Raw != s {
			t.Fatalf("Raw = %q, want %q", v.Raw, s)
		}
		if v.Kind == Quantitative {
			if v.Unit != "" && !utf8.ValidString(v.Unit) {
				t.Fatalf("unit %q is not UTF-8", v.Unit)
			}
			// A parsed quantity prints back as one that parses the same.
			w := Parse(v.Cmp + v.Number.String() + v.Unit)
			if w.Kind != Quantitative || w.Number != v.Number || w.Unit != v.Unit {
				t.Fatalf("%q → (%q %s %q) does not reparse: %+v", s, v.Cmp, v.Number, v.Unit, w)
			}
		}
	})
}

func TestMet(t *testing.T) {
	tests := []struct {
		target, actual string
		met, known     bool
	}{
		{"≥24次", "26次", true, true},
		{"≥24次", "20次", false, true},
		{"90%", "90%", true, true},
		{"90%", "89.9%", false, true},
		{"≤10万元", "9.5万元", true, true},
		{"≤10万元", "10.01万元", false, true},
		{"<5天", "5天", false, true},
		{">5天", "6天", true, true},
		{"=100%", "100%", true, true},
		{"=100%", "99%", false, true},
		{"不低于95%", "96%", true, true},
		{"≥24次", "26人", false, false},
		{"达标", "达标", false, false},
		{"≥24次", "", false, false},
	}
	for _, tt := range tests {
		met, known := Met(Parse(tt.target), Parse(tt.actual))
		if met != tt.met || known != tt.known {
			t.Errorf("Met(%q, %q) = %v, %v; want %v, %v", tt.target, tt.actual, met, known, tt.met, tt.known)
		}
	}
}
