package export

import (
	"bytes"
	"io"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/site"
)

// writeXLSX writes the workbook of the tables of the site's projects.
func writeXLSX(w io.Writer, s *site.Site, tables ...table) error {
	x, err := newXLSX(w, s, tables...)
	if err != nil {
		return err
	}
	for i, tab := range tables {
		rows, err := tableRows(s, tab)
		if err != nil {
			x.abort()
			return err
		}
		for _, row := range rows {
			if err := x.sheets[i].row(row); err != nil {
				x.abort()
				return err
			}
		}
	}
	return x.close()
}

// openXLSX writes the workbook of the tables twice, checks that both give
// the same bytes, and opens it; it is closed when the test ends.
func openXLSX(t *testing.T, s *site.Site, tables ...table) *excelize.File {
	t.Helper()
	var a, b bytes.Buffer
	if err := writeXLSX(&a, s, tables...); err != nil {
		t.Fatal(err)
	}
	if err := writeXLSX(&b, s, tables...); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two workbooks of the same tables differ")
	}
	f, err := excelize.OpenReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXCells: whatever a text holds, the workbook opens and the cell
// reads back as the text, cut at Excel's limit, with each character XML
// cannot hold as U+FFFD; a number reads back with its exact decimal text,
// and a number cell whose text is not a number is text.
func TestXLSXCells(t *testing.T) {
	long := strings.Repeat("长", 40000)
	emoji := strings.Repeat("😀", 20000) // two UTF-16 code units each
	cells := []struct {
		in   cell
		want string
		num  bool
	}{
		{text("控制\x00\x01\x08\x0b\x0c\x1f字符\x7f"), "控制\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD字符\x7f", false},
		{text("tab\tlf\ncr\r\nend"), "tab\tlf\ncr\r\nend", false},
		{text("无效\xff\xfe UTF-8 \xe4\xb8"), "无效\uFFFD\uFFFD UTF-8 \uFFFD\uFFFD", false},
		{text("\uFFFE\uFFFF\uFFFD"), "\uFFFD\uFFFD\uFFFD", false},
		{text(long), long[:3*32767], false},
		{text(emoji), emoji[:4*16383], false},
		{text("  两个空格"), "  两个空格", false},
		{text("结尾换行\n"), "结尾换行\n", false},
		{text("=SUM(A1)"), "=SUM(A1)", false},
		{text(`<a href="x">&amp;</a> ]]>`), `<a href="x">&amp;</a> ]]>`, false},
		{text("_x0041_ _x005F_x0042_ _x00zz_ _x41_"), "_x0041_ _x005F_x0042_ _x00zz_ _x41_", false},
		{number("0.0125"), "0.0125", true},
		{number("12345678901234567890.5"), "12345678901234567890.5", true},
		{number("-7"), "-7", true},
		{number("12a"), "12a", false},
		{number("NaN"), "NaN", false},
		{number("1e400"), "1e400", false},
		{number("0x10"), "0x10", false},
	}
	tab := table{name: "边界", header: []string{"值", " 表头 "}}
	tab.rows = func(*entry) iter.Seq[[]cell] {
		return func(yield func([]cell) bool) {
			for _, c := range cells {
				if !yield([]cell{c.in, {}}) {
					return
				}
			}
		}
	}
	f := openXLSX(t, testSite(t), tab) // the site has one project: the rows once
	rows, err := f.GetRows("边界", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(cells)+1 {
		t.Fatalf("%d rows, want %d", len(rows), len(cells)+1)
	}
	if !slices.Equal(rows[0], tab.header) {
		t.Errorf("header = %q, want %q", rows[0], tab.header)
	}
	for i, c := range cells {
		row := rows[i+1]
		if len(row) != 1 {
			t.Errorf("row %d has %d cells, want 1 (the empty one left out)", i+2, len(row))
			continue
		}
		if got := row[0]; got != c.want {
			if len(got) > 40 || len(c.want) > 40 {
				t.Errorf("row %d: %d bytes %.20q…, want %d bytes %.20q…", i+2, len(got), got, len(c.want), c.want)
			} else {
				t.Errorf("row %d = %q, want %q", i+2, got, c.want)
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		typ, _ := f.GetCellType("边界", ref)
		if isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber; isNumber != c.num {
			t.Errorf("row %d %q: type %v, want number %v", i+2, c.want, typ, c.num)
		}
		if fm, _ := f.GetCellFormula("边界", ref); fm != "" {
			t.Errorf("row %d has formula %q", i+2, fm)
		}
	}
}

func TestXLSXSheetNames(t *testing.T) {
	s := testSite(t)
	if err := writeXLSX(io.Discard, s); err == nil {
		t.Error("a workbook without sheets: no error")
	}
	for _, name := range []string{"", "a/b", "问?", "'引号'", strings.Repeat("长", 32), "换\n行"} {
		if err := writeXLSX(io.Discard, s, table{name: name}); err == nil {
			t.Errorf("sheet name %q: no error", name)
		}
	}
	if err := writeXLSX(io.Discard, s, table{name: "Data"}, table{name: "data"}); err == nil {
		t.Error("two sheets named alike: no error")
	}
	none := func(*entry) iter.Seq[[]cell] { return func(func([]cell) bool) {} }
	f := openXLSX(t, s, table{name: strings.Repeat("长", 31), rows: none}, table{name: `A&B <"x">`, header: []string{"h"}, rows: none})
	if got, want := f.GetSheetList(), []string{strings.Repeat("长", 31), `A&B <"x">`}; !slices.Equal(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
}
