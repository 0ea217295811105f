package importer

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	textunicode "golang.org/x/text/encoding/unicode"

	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// Text reads the tables of a file in the text form (see the package
// comment). name is the input's path, used in diagnostics. It returns one
// project per table, in the order of the file, each with whatever could be
// read — a diagnostic of severity error means a project is incomplete —
// and leaves Path and Slug for the writer to set.
func Text(name string, data []byte) ([]*project.Project, []diag.Diagnostic) {
	src, diags := decode(name, data)
	if errs, _ := diag.Count(diags); errs > 0 {
		return nil, diags
	}
	rows := splitRows(src)
	starts := titles(rows)
	if len(starts) == 0 {
		if !hasLabel(rows) {
			return nil, append(diags, RuleUnreadable.At(name, diag.Pos{Line: 1, Col: 1},
				"找不到“%s”，也没有“项目名称”等标签 [no table found]", title))
		}
		starts = []int{0} // a table without its title line
	}
	if starts[0] > 0 {
		c := rows[0].cells[0]
		diags = append(diags, RuleCell.At(name, c.pos(),
			"表格标题之前的 %d 行已忽略 [%d lines before the first title ignored]", starts[0], starts[0]))
	}
	var ps []*project.Project
	for i, s := range starts {
		end := len(rows)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		t := &table{path: name, rows: rows[s:end], p: &project.Project{}}
		t.read()
		ps = append(ps, t.p)
		diags = append(diags, t.diags...)
	}
	diag.Sort(diags)
	return ps, diags
}

var utf8BOM = []byte("\ufeff")

// decode returns data as UTF-8 text, converting GBK and UTF-16 with a
// warning; "" when it is not text at all.
func decode(name string, data []byte) (string, []diag.Diagnostic) {
	enc, line := load.Sniff(data)
	top := diag.Pos{Line: 1, Col: 1}
	switch enc {
	case load.UTF8:
		return string(bytes.TrimPrefix(data, utf8BOM)), nil
	case load.GBK:
		if b, err := load.ToUTF8(data, enc); err == nil {
			return string(b), []diag.Diagnostic{RuleEncoding.At(name, top,
				"输入是 GBK 编码，已转换为 UTF-8 [converted from GBK to UTF-8]")}
		}
	case load.UTF16:
		b, err := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewDecoder().Bytes(data)
		if err == nil && utf8.Valid(b) {
			return string(b), []diag.Diagnostic{RuleEncoding.At(name, top,
				"输入是 UTF-16 编码，已转换为 UTF-8 [converted from UTF-16 to UTF-8]")}
		}
	}
	return "", []diag.Diagnostic{RuleUnreadable.At(name, diag.Pos{Line: max(line, 1), Col: 1},
		"输入不是可识别的文本（%s），无法导入 [input is not text]", enc)}
}

// row is one line of the input as its non-empty cells: empty cells are
// where merged cells were, and carry nothing.
type row struct {
	cells []cell
}

// cell is one non-empty cell of a row.
type cell struct {
	line, col int    // 1-based line and byte column in the input
	idx       int    // position among the line's tab-separated cells
	raw       string // trimmed, as written
	text      string // trimmed, <p> and <br> tags removed
	used      bool   // read as a label or a value
}

func (c *cell) pos() diag.Pos { return diag.Pos{Line: c.line, Col: c.col} }

// splitRows splits text into rows, leaving out lines with no text.
func splitRows(src string) []row {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	var rows []row
	for i, line := range strings.Split(src, "\n") {
		var r row
		off := 0
		for idx, s := range strings.Split(line, "\t") {
			raw := strings.TrimSpace(s)
			if raw != "" {
				lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
				r.cells = append(r.cells, cell{
					line: i + 1, col: off + lead + 1, idx: idx,
					raw: raw, text: stripTags(raw),
				})
			}
			off += len(s) + 1
		}
		if len(r.cells) > 0 {
			rows = append(rows, r)
		}
	}
	return rows
}

var (
	reBreak = regexp.MustCompile(`(?i)</p>\s*<p\b[^>]*>|<br\s*/?>`)
	reTag   = regexp.MustCompile(`(?i)</?(?:p|span|div|font|b|strong|i|em|u)\b[^>]*>`)
)

// stripTags removes the HTML a converter leaves around text, keeping
// paragraph and line breaks as newlines.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	t := reTag.ReplaceAllString(reBreak.ReplaceAllString(s, "\n"), "")
	if t == s {
		return s
	}
	return strings.TrimSpace(html.UnescapeString(t))
}

// title is the line that starts each table.
const title = "财政项目支出绩效目标表"

// titles returns the indexes of the rows that start a table: a single cell
// such as 财政项目支出绩效目标表 or 2023年度项目支出绩效目标表.
func titles(rows []row) []int {
	var starts []int
	for i, r := range rows {
		if len(r.cells) != 1 {
			continue
		}
		s := strings.TrimRight(framework.Clean(value.Normalize(r.cells[0].text)), ")")
		if strings.Contains(s, "支出绩效目标") && strings.HasSuffix(s, "表") && utf8.RuneCountInString(s) <= 40 {
			starts = append(starts, i)
		}
	}
	return starts
}

func hasLabel(rows []row) bool {
	for _, r := range rows {
		for _, c := range r.cells {
			if key, ok := labelKey(c.text); ok && key == "name" {
				return true
			}
		}
	}
	return false
}

// labelKeys maps the normal form of every label on the form to its key
// in project.Fields; section labels (项目资金（万元）) map to "".
var labelKeys = func() map[string]string {
	m := make(map[string]string)
	for _, f := range project.Fields {
		m[labelForm(f.Label)] = f.Key
	}
	for _, t := range project.Tables {
		m[labelForm(t.Label)] = ""
	}
	return m
}()

// labelForm reduces a label to the form it is looked up by: no spacing,
// half-width, without "其中：", a trailing colon or a parenthesised note
// ("项目总目标 (2023 年-2023年)" → 项目总目标).
func labelForm(s string) string {
	n := framework.Clean(value.Normalize(s))
	n = strings.TrimSuffix(n, ":")
	n = strings.TrimPrefix(n, "其中:")
	if i := strings.IndexByte(n, '('); i > 0 && strings.HasSuffix(n, ")") {
		n = n[:i]
	}
	return n
}

// labelKey returns the key of a label cell's text.
func labelKey(text string) (string, bool) {
	key, ok := labelKeys[labelForm(text)]
	return key, ok
}

// quote shortens a cell's text for a message.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 20 {
		s = string(r[:20]) + "…"
	}
	return fmt.Sprintf("“%s”", s)
}
