package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize checks the tokenizer's invariants on any input: Normalize
// keeps one code point per code point (highlights rely on positions), every
// token is one or two word characters found in the normalised text, and
// every term is found there too.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"党建活动2023年", "ＡＢＣ１２３", "a\u3000b", "", "🙂党", "\xff\xfe", "𠀀𠀁x", "满意度≥95%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		norm := Normalize(s)
		if utf8.RuneCountInString(norm) != utf8.RuneCountInString(s) {
			t.Fatalf("Normalize(%q) = %q changes the number of code points", s, norm)
		}
		for _, tok := range Tokenize(s) {
			n := utf8.RuneCountInString(tok)
			if n < 1 || n > 2 || !strings.Contains(norm, tok) {
				t.Fatalf("token %q of %q", tok, s)
			}
			for _, r := range tok {
				if !isWord(r) {
					t.Fatalf("token %q of %q holds a separator %q", tok, s, r)
				}
			}
		}
		for _, term := range Terms(s) {
			if term == "" || !strings.Contains(norm, term) {
				t.Fatalf("term %q of %q", term, s)
			}
		}
	})
}
