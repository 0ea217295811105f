package importer

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// The parser shared by the text form and workbooks: both become rows of
// non-empty cells, with merged cells left out, and tables are read from
// those rows by label.

// source is what rows were read from: a text file, or one sheet of a
// workbook.
type source struct {
	path     string // the input file, as diagnostics name it
	sheet    string // the worksheet; "" for the text form
	date1904 bool   // the workbook counts dates from 1904
}

// diag returns a diagnostic at pos. In a sheet, pos is the row and column
// of a cell, and the message starts with the sheet and the cell's name
// ("工作表 Sheet1 的 C5：…"), which is how a user finds it in Excel.
func (s source) diag(r *diag.Rule, pos diag.Pos, format string, args ...any) diag.Diagnostic {
	d := r.At(s.path, pos, format, args...)
	if s.sheet != "" {
		d.Message = fmt.Sprintf("工作表 %s 的 %s：%s", s.sheet, cellName(pos), d.Message)
	}
	return d
}

// row is one row of the input as its non-empty cells: empty cells are
// where merged cells were, and carry nothing.
type row struct {
	cells []cell
}

// cell is one non-empty cell of a row.
type cell struct {
	line, col int    // 1-based line and byte column in text; row and column number in a sheet
	idx       int    // 0-based column: position among the line's tab-separated cells
	raw       string // trimmed, as written (in a sheet, as displayed)
	text      string // trimmed, <p> and <br> tags removed
	num       string // a sheet's number as stored ("28.86", 44927 for a date); "" for text
	used      bool   // read as a label or a value
}

func (c *cell) pos() diag.Pos { return diag.Pos{Line: c.line, Col: c.col} }

// tables splits rows into tables, each from its title row to the next,
// and reads them. Rows with labels but no title are one table; rows with
// neither hold none.
func tables(src source, rows []row) ([]*table, []diag.Diagnostic) {
	starts := titles(rows)
	if len(starts) == 0 {
		if !hasLabel(rows) {
			return nil, nil
		}
		starts = []int{0} // a table without its title line
	}
	var diags []diag.Diagnostic
	if starts[0] > 0 {
		c := rows[0].cells[0]
		diags = append(diags, src.diag(RuleCell, c.pos(),
			"表格标题之前的 %d 行已忽略 [%d lines before the first title ignored]", starts[0], starts[0]))
	}
	var ts []*table
	for i, s := range starts {
		end := len(rows)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		t := &table{src: src, rows: rows[s:end], p: &project.Project{Content: &project.Content{}}}
		t.read()
		ts = append(ts, t)
	}
	return ts, diags
}

// finish folds self-evaluation tables into the target tables of the same
// projects and returns the projects, in the order of the input, with all
// diagnostics sorted.
func finish(ts []*table, diags []diag.Diagnostic) ([]*project.Project, []diag.Diagnostic) {
	ts = mergeResults(ts)
	ps := make([]*project.Project, 0, len(ts))
	for _, t := range ts {
		ps = append(ps, t.p)
	}
	for _, t := range ts {
		diags = append(diags, t.diags...)
		for _, r := range t.merged {
			diags = append(diags, r.diags...)
		}
	}
	diag.Sort(diags)
	return ps, diags
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

// titleOf reports whether a cell's text is the title of a table — such as
// 财政项目支出绩效目标表 or 2023年度项目支出绩效目标表 — and whether that
// table is a self-evaluation (项目支出绩效自评表).
func titleOf(text string) (ok, results bool) {
	s := strings.TrimRight(framework.Clean(value.Normalize(text)), ")")
	if !strings.HasSuffix(s, "表") || utf8.RuneCountInString(s) > 40 {
		return false, false
	}
	if strings.Contains(s, "绩效自评") {
		return true, true
	}
	return strings.Contains(s, "支出绩效目标"), false
}

// titles returns the indexes of the rows that start a table: a row of a
// single cell that is a title.
func titles(rows []row) []int {
	var starts []int
	for i, r := range rows {
		if len(r.cells) != 1 {
			continue
		}
		if ok, _ := titleOf(r.cells[0].text); ok {
			starts = append(starts, i)
		}
	}
	return starts
}

// hasLabel reports whether rows hold a label of the target table's
// fields (项目名称, 主管部门, 一级指标 …), which makes them a table even
// without a title.
func hasLabel(rows []row) bool {
	for _, r := range rows {
		for _, c := range r.cells {
			if key, ok := labelKey(c.text); ok && key != "" {
				if f := project.FieldByKey(key); f != nil && !f.Result {
					return true
				}
			}
		}
	}
	return false
}

// labelAliases are labels seen on real forms for the keys of
// project.Fields, in the form labelForm gives them.
var labelAliases = map[string]string{
	"完成情况":        "indicators.met",
	"实际值":         "indicators.actual",
	"全年实际值":       "indicators.actual",
	"全年指标值":       "indicators.target",
	"权重":          "indicators.weight",
	"偏差原因":        "indicators.deviation",
	"偏差原因分析及改进措施": "indicators.deviation",
	"总分":          "evaluation.total_score",
	"等级":          "evaluation.grade",
	"结论":          "evaluation.summary",
	"绩效自评结论":      "evaluation.summary",
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
	for label, key := range labelAliases {
		m[label] = key
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
