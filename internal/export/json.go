package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"

	"jixiao/internal/site"
	"jixiao/internal/value"
)

// jsonFile writes every project given to it, indented, to out, a few
// projects at a time. The document has keys as in the content files,
// in English snake_case, and amounts and numbers as exact decimal strings:
//
//	{
//	  "title", "url",
//	  "projects": [{
//	    "name", "code" (when given), "year" (a number), "department", "unit",
//	    "category", "start" and "end" (when given),
//	    "funds": {"total", "fiscal", "other", "annual", "appropriation",
//	      "carryover", "annual_other"},
//	    "goals": {"overall", "annual"},
//	    "indicators": [{"level1", "level2", "name", "target", "parsed",
//	      and the self-evaluation's columns, each absent when not given:
//	      "actual", "actual_parsed", "met" (true or false: whether the
//	      target was met — as written, or from comparing a quantitative
//	      actual with the target — absent when that cannot be told),
//	      "weight", "score", "deviation"}],
//	    the self-evaluation (绩效自评), absent until published:
//	    "evaluation": {"year", "total_score", "grade", "summary"} as
//	    written (each absent when empty), and "indicators_met" and
//	    "indicators_judged": how many indicators met their targets of
//	    those that can be told (numbers),
//	    "url"
//	  }]
//	}
//
// "parsed" and "actual_parsed" are a value as parsed: "kind" is
// "quantitative", "qualitative", "empty" or "invalid"; "comparison",
// "number" and "unit" only for quantitative, each when not empty.
//
// The document is written by hand in the layout of encoding/json's
// Encoder with two-space indent and no HTML escaping (the test keeps the
// encoding/json version as the reference): reflection and re-indenting
// took most of the time of a large site.
type jsonFile struct {
	out io.Writer
	w   jsonWriter
}

// newJSON starts the document of the site; its projects follow.
func newJSON(out io.Writer, s *site.Site) *jsonFile {
	j := &jsonFile{out: out, w: jsonWriter{b: make([]byte, 0, 2*jsonChunk)}}
	w := &j.w
	w.b = append(w.b, '{')
	w.depth, w.first = 1, true
	w.str("title", s.Config.Title)
	w.str("url", s.AbsURL("/"))
	w.begin("projects", '[')
	return j
}

// add writes the project of e, and writes out what is made once it is
// jsonChunk or more.
func (j *jsonFile) add(e *entry) error {
	w, p := &j.w, e.p
	w.begin("", '{')
	f := p.Funds
	w.str("name", p.Name)
	w.strOmit("code", p.Code)
	w.int("year", p.Year.Year)
	w.str("department", p.Project.Department)
	w.str("unit", p.Project.Unit)
	w.str("category", p.Category)
	w.strOmit("start", p.Start.String())
	w.strOmit("end", p.End.String())
	w.begin("funds", '{')
	w.str("total", f.Total.String())
	w.str("fiscal", f.Fiscal.String())
	w.str("other", f.Other.String())
	w.str("annual", f.Annual.String())
	w.str("appropriation", f.Appropriation.String())
	w.str("carryover", f.Carryover.String())
	w.str("annual_other", f.AnnualOther.String())
	w.end('}')
	w.begin("goals", '{')
	w.str("overall", p.Goals.Overall)
	w.str("annual", p.Goals.Annual)
	w.end('}')
	w.begin("indicators", '[')
	for i := range p.Indicators {
		in := &p.Indicators[i]
		w.begin("", '{')
		w.str("level1", in.Level1)
		w.str("level2", in.Level2)
		w.str("name", in.Name)
		w.str("target", in.Target.Raw)
		w.parsed("parsed", in.Target)
		w.strOmit("actual", in.Actual.Raw)
		if in.Actual.Kind != value.Empty {
			w.parsed("actual_parsed", in.Actual)
		}
		if met, known := in.Achieved(); known {
			w.key("met")
			w.b = strconv.AppendBool(w.b, met)
		}
		w.strOmit("weight", decimalText(in.Weight))
		w.strOmit("score", decimalText(in.Score))
		w.strOmit("deviation", in.Deviation)
		w.end('}')
	}
	w.end(']')
	if ev := p.Evaluation; ev != nil {
		w.begin("evaluation", '{')
		if ev.Year != 0 {
			w.int("year", ev.Year)
		}
		w.strOmit("total_score", decimalText(ev.TotalScore))
		w.strOmit("grade", ev.Grade)
		w.strOmit("summary", ev.Summary)
		w.end('}')
	}
	if r := e.results; r.Projects > 0 {
		w.int("indicators_met", r.Met)
		w.int("indicators_judged", r.Judged)
	}
	w.str("url", e.url)
	w.end('}')
	if len(w.b) < jsonChunk {
		return nil
	}
	_, err := j.out.Write(w.b)
	w.b = w.b[:0]
	return err
}

// close ends the document and writes out the rest.
func (j *jsonFile) close() error {
	w := &j.w
	w.end(']')
	w.end('}')
	w.b = append(w.b, '\n')
	_, err := j.out.Write(w.b)
	return err
}

// jsonChunk is how much of the document is made before it is written out.
const jsonChunk = 64 << 10

// jsonWriter appends indented JSON to b: depth is the current level of
// nesting, first whether nothing was written at it yet.
type jsonWriter struct {
	b     []byte
	depth int
	first bool
	tmp   bytes.Buffer // for encoding/json's escaping of unusual strings
}

// key starts a member (or, with k == "", an element of an array).
func (w *jsonWriter) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.newline()
	if k != "" {
		w.b = append(w.b, '"')
		w.b = append(w.b, k...)
		w.b = append(w.b, `": `...)
	}
}

func (w *jsonWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, "  "...)
	}
}

// begin opens an object or array, c being '{' or '['.
func (w *jsonWriter) begin(k string, c byte) {
	w.key(k)
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

// end closes it, c being '}' or ']': an empty one stays on its line.
func (w *jsonWriter) end(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

func (w *jsonWriter) int(k string, n int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(n), 10)
}

func (w *jsonWriter) str(k, s string) {
	w.key(k)
	w.quote(s)
}

// strOmit writes a member only when s is not empty (omitempty).
func (w *jsonWriter) strOmit(k, s string) {
	if s != "" {
		w.str(k, s)
	}
}

// parsed writes a value as parsed.
func (w *jsonWriter) parsed(k string, v value.Value) {
	w.begin(k, '{')
	w.str("kind", v.Kind.String())
	if v.Kind == value.Quantitative {
		w.strOmit("comparison", v.Cmp)
		w.strOmit("number", v.Number.String())
		w.strOmit("unit", v.Unit)
	}
	w.end('}')
}

// quote writes s as a JSON string exactly as encoding/json does without
// HTML escaping: a string with nothing to escape as it is, any other
// through encoding/json.
func (w *jsonWriter) quote(s string) {
	if plainJSON(s) {
		w.b = append(w.b, '"')
		w.b = append(w.b, s...)
		w.b = append(w.b, '"')
		return
	}
	w.tmp.Reset()
	enc := json.NewEncoder(&w.tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	w.b = append(w.b, bytes.TrimSuffix(w.tmp.Bytes(), []byte("\n"))...)
}

// plainJSON reports whether encoding/json writes s unchanged between
// quotes: no control character, quote or backslash, valid UTF-8, and no
// U+2028 or U+2029 (which it escapes for JavaScript).
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
