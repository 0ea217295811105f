package project

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/internal/decimal"
)

// Encode writes p as a .md content file: TOML front matter between +++
// lines, keys in the order of Fields, then p.Body. Reading the result back
// with the loader gives the same values. Money is written as quoted decimal
// strings so no reader ever sees a float; optional keys (code, a zero year
// or date) are left out, required ones are written even when empty so the
// reader sees what to fill in.
func Encode(w io.Writer, p *Project) error {
	var b bytes.Buffer
	b.WriteString("+++\n")
	table := ""
	for _, f := range Fields {
		t, key := splitKey(f.Key)
		if t == "indicators" || t == "evaluation" && p.Evaluation == nil {
			continue
		}
		if t != table {
			table = t
			fmt.Fprintf(&b, "\n[%s]\n", t)
		}
		v, ok, err := p.tomlValue(f.Key)
		if err != nil {
			return err
		}
		if ok {
			fmt.Fprintf(&b, "%s = %s\n", key, v)
		}
	}
	for i, in := range p.Indicators {
		b.WriteString("\n[[indicators]]\n")
		for _, f := range Fields {
			t, key := splitKey(f.Key)
			if t != "indicators" {
				continue
			}
			v, ok, err := in.tomlValue(key)
			if err != nil {
				return fmt.Errorf("encode %s: %w", IndicatorKey(i, key), err)
			}
			if ok {
				fmt.Fprintf(&b, "%s = %s\n", key, v)
			}
		}
	}
	b.WriteString("+++\n")
	b.Write(p.Body)
	_, err := w.Write(b.Bytes())
	return err
}

// tomlValue returns the TOML text of a top-level, funds or goals key, and
// whether to write it at all.
func (p *Project) tomlValue(key string) (string, bool, error) {
	str := func(s string) (string, bool, error) {
		if !utf8.ValidString(s) {
			return "", false, fmt.Errorf("encode %s: not valid UTF-8", key)
		}
		return basicString(s), true, nil
	}
	switch key {
	case "name":
		return str(p.Name)
	case "code":
		if p.Code == "" {
			return "", false, nil
		}
		return str(p.Code)
	case "year":
		return strconv.Itoa(p.Year), p.Year != 0, nil
	case "department":
		return str(p.Department)
	case "unit":
		return str(p.Unit)
	case "category":
		return str(p.Category)
	case "start":
		return p.Start.String(), !p.Start.IsZero(), nil
	case "end":
		return p.End.String(), !p.End.IsZero(), nil
	case "goals.overall", "goals.annual":
		s := p.Goals.Overall
		if key == "goals.annual" {
			s = p.Goals.Annual
		}
		if !utf8.ValidString(s) {
			return "", false, fmt.Errorf("encode %s: not valid UTF-8", key)
		}
		return textString(s), true, nil
	}
	if e := p.Evaluation; e != nil {
		switch key {
		case "evaluation.year":
			return strconv.Itoa(e.Year), e.Year != 0, nil
		case "evaluation.total_score":
			return numberText(e.TotalScore)
		case "evaluation.grade":
			return basicString(e.Grade), e.Grade != "", nil
		case "evaluation.summary":
			if !utf8.ValidString(e.Summary) {
				return "", false, fmt.Errorf("encode %s: not valid UTF-8", key)
			}
			return textString(e.Summary), e.Summary != "", nil
		}
	}
	if t, k := splitKey(key); t == "funds" {
		for _, a := range p.Funds.Amounts() {
			if a.Key == k {
				return `"` + a.Amount.String() + `"`, true, nil
			}
		}
	}
	return "", false, fmt.Errorf("encode: no value for key %s", key)
}

func numberText(d *decimal.Decimal) (string, bool, error) {
	if d == nil {
		return "", false, nil
	}
	return d.String(), true, nil
}

// tomlValue returns the TOML text of one key of an indicator row, and
// whether to write it: the self-evaluation's keys only when filled.
func (in *Indicator) tomlValue(key string) (string, bool, error) {
	var s string
	switch key {
	case "actual":
		if in.Actual.Raw == "" {
			return "", false, nil
		}
		s = in.Actual.Raw
	case "met":
		if in.Met == nil {
			return "", false, nil
		}
		return strconv.FormatBool(*in.Met), true, nil
	case "weight":
		return numberText(in.Weight)
	case "score":
		return numberText(in.Score)
	case "deviation":
		if in.Deviation == "" {
			return "", false, nil
		}
		if !utf8.ValidString(in.Deviation) {
			return "", false, fmt.Errorf("not valid UTF-8")
		}
		return textString(in.Deviation), true, nil
	case "level1":
		s = in.Level1
	case "level2":
		s = in.Level2
	case "name":
		s = in.Name
	case "target":
		s = in.Target.Raw // as published, even ""
	default:
		return "", false, fmt.Errorf("no value for key %s", key)
	}
	if !utf8.ValidString(s) {
		return "", false, fmt.Errorf("not valid UTF-8")
	}
	return basicString(s), true, nil
}

// splitKey splits "funds.total" into its table "funds" and key "total";
// a top-level key has table "".
func splitKey(k string) (table, key string) {
	if t, rest, ok := strings.Cut(k, "."); ok {
		return t, rest
	}
	return "", k
}

// basicString quotes s as a one-line TOML basic string.
func basicString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			writeRune(&b, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// textString quotes a goal: a one-line basic string when s is one line,
// otherwise a multi-line basic string that keeps the lines readable.
// A line reading "+++" would end the front matter early, so such text
// stays on one line.
func textString(s string) string {
	if !strings.Contains(s, "\n") {
		return basicString(s)
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "+++" {
			return basicString(s)
		}
	}
	var b strings.Builder
	// TOML drops a newline right after the opening quotes.
	b.WriteString("\"\"\"\n")
	for i, r := range s {
		switch {
		case r == '"':
			// Escape every quote that another quote follows, and a final
			// one, so no run of three can close the string early.
			if i+1 == len(s) || s[i+1] == '"' {
				b.WriteString(`\"`)
			} else {
				b.WriteByte('"')
			}
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		default:
			writeRune(&b, r)
		}
	}
	b.WriteString(`"""`)
	return b.String()
}

// writeRune writes r escaped as TOML basic strings need: backslashes and
// control characters.
func writeRune(b *strings.Builder, r rune) {
	switch {
	case r == '\\':
		b.WriteString(`\\`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\b':
		b.WriteString(`\b`)
	case r == '\f':
		b.WriteString(`\f`)
	case r < 0x20 || r == 0x7f:
		fmt.Fprintf(b, `\u%04X`, r)
	default:
		b.WriteRune(r)
	}
}

// NewFile returns the project file `jixiao new` writes: every key of
// Fields with its Doc as a comment and its Example as the value, one
// example indicator per level-1 name, and the headings of the narrative.
func NewFile() []byte {
	var b bytes.Buffer
	b.WriteString("+++\n")
	table := ""
	for _, f := range Fields {
		t, key := splitKey(f.Key)
		if t == "indicators" {
			continue
		}
		if t != table && t != "evaluation" {
			table = t
			writeTableHeader(&b, t, true)
		}
		if t == "evaluation" {
			continue // after the indicators, as on the form
		}
		writeExample(&b, f, key, f.Example, true)
	}
	for i, row := range exampleIndicators {
		writeTableHeader(&b, "indicators", i == 0)
		for _, f := range Fields {
			t, key := splitKey(f.Key)
			if t != "indicators" {
				continue
			}
			if f.Result && i > 0 {
				continue
			}
			v := f.Example
			if s, ok := row[key]; ok {
				v = basicString(s)
			}
			writeExample(&b, f, key, v, i == 0)
		}
	}
	b.WriteString("\n# 绩效自评（年度结束后填写）\n# [evaluation]\n")
	for _, f := range Fields {
		if t, key := splitKey(f.Key); t == "evaluation" {
			writeExample(&b, f, key, f.Example, true)
		}
	}
	b.WriteString("+++\n")
	b.WriteString(newBody)
	return b.Bytes()
}

// exampleIndicators are the rows of a new file beyond the Examples of
// Fields (the first, empty, row): one per level-1 name of the form.
var exampleIndicators = []map[string]string{
	{},
	{"level1": "效益指标", "level2": "社会效益指标", "name": "党员群众参与率", "target": "≥90%"},
	{"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "党员群众满意度", "target": "≥95%"},
}

const newBody = `
## 项目概况

（项目的背景、内容和服务对象。）

## 立项依据

（政策文件、规划或会议纪要。）

## 实施方案

（实施步骤、时间安排和资金使用计划。）
`

// writeTableHeader writes the header of a table, after its label as a
// comment when doc is set.
func writeTableHeader(b *bytes.Buffer, table string, doc bool) {
	for _, t := range Tables {
		if t.Key != table {
			continue
		}
		b.WriteByte('\n')
		if doc {
			fmt.Fprintf(b, "# %s\n", t.Label)
		}
		if t.Array {
			fmt.Fprintf(b, "[[%s]]\n", t.Key)
		} else {
			fmt.Fprintf(b, "[%s]\n", t.Key)
		}
	}
}

func writeExample(b *bytes.Buffer, f Field, key, v string, doc bool) {
	if doc {
		req := ""
		if f.Required {
			req = "（必填）"
		}
		fmt.Fprintf(b, "# %s%s\n", f.Doc, req)
	}
	if f.Result {
		// Results come after the year: shown, but left for staff to fill in.
		fmt.Fprintf(b, "# %s = %s\n", key, strings.ReplaceAll(v, "\n", "\n# "))
		return
	}
	fmt.Fprintf(b, "%s = %s\n", key, v)
}
