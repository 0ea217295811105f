package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
			if err := x.row(i, row); err != nil {
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
	checkZip(t, a.Bytes())
	f, err := excelize.OpenReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// checkZip reads every entry of the zip in data to its end, where
// archive/zip compares its CRC-32 and size with the entry's header, and
// checks that the first sheet alone is selected: Excel groups the sheets
// selected at once, and an edit of one goes to all.
func checkZip(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		// Sizes in a data descriptor, which holds those of an entry past
		// 4 GiB; in the local header they would need a zip64 extra.
		if f.Flags&0x8 == 0 || f.ReaderVersion < 20 || f.CreatorVersion&0xff < 20 {
			t.Errorf("%s: flags %#x, versions %d and %d, want a data descriptor and 2.0", f.Name, f.Flags, f.ReaderVersion, f.CreatorVersion)
		}
		var xml bytes.Buffer
		rc, err := f.Open()
		if err == nil {
			_, err = io.Copy(&xml, rc)
			rc.Close()
		}
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			selected := bytes.Contains(xml.Bytes(), []byte(`tabSelected="1"`))
			if first := f.Name == "xl/worksheets/sheet1.xml"; selected != first {
				t.Errorf("%s: selected %v, want only the first sheet selected", f.Name, selected)
			}
		}
	}
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

// limitRows lowers the rows a sheet holds to n for the rest of the test.
func limitRows(t *testing.T, n int) {
	old := sheetRows
	sheetRows = n
	t.Cleanup(func() { sheetRows = old })
}

// TestXLSXGoesOnInNewSheets: past the rows a sheet holds, a table goes on
// in sheets named after it, each with the header and the next rows, and
// the sheets of one table come before the next table's; the names stay
// within Excel's 31 characters and unlike every other sheet's.
func TestXLSXGoesOnInNewSheets(t *testing.T) {
	limitRows(t, 2)
	numbered := func(name string, n int) table {
		return table{name: name, header: []string{"序号", "表"}, rows: func(*entry) iter.Seq[[]cell] {
			return func(yield func([]cell) bool) {
				for i := range n {
					if !yield([]cell{number(strconv.Itoa(i + 1)), text(name)}) {
						return
					}
				}
			}
		}}
	}
	long := strings.Repeat("长", 31)
	emoji := strings.Repeat("😀", 15)           // two UTF-16 code units each: 30
	spaced := strings.Repeat("a", 26) + " bcd" // cut at the space
	tables := []table{numbered("表", 5), numbered("表 (2)", 1), numbered(long, 3), numbered("满", 2),
		numbered("Data", 3), numbered("data (2)", 1), numbered(emoji, 3), numbered(spaced, 3)}
	spools := openSpools.Load()
	f := openXLSX(t, testSite(t), tables...) // the site has one project: the rows once
	if n := openSpools.Load() - spools; n != 0 {
		t.Errorf("%d temporary files left open", n)
	}
	cut := strings.Repeat("长", 27)
	want := map[string][]string{ // each sheet's rows, by the first column
		"表": {"1", "2"}, "表 (3)": {"3", "4"}, "表 (4)": {"5"},
		"表 (2)": {"1"},
		long:    {"1", "2"}, cut + " (2)": {"3"},
		"满":    {"1", "2"},
		"Data": {"1", "2"}, "Data (3)": {"3"},
		"data (2)": {"1"},
		emoji:      {"1", "2"}, strings.Repeat("😀", 13) + " (2)": {"3"},
		spaced: {"1", "2"}, strings.Repeat("a", 26) + " (2)": {"3"},
	}
	order := []string{"表", "表 (3)", "表 (4)", "表 (2)", long, cut + " (2)", "满",
		"Data", "Data (3)", "data (2)", emoji, strings.Repeat("😀", 13) + " (2)", spaced, strings.Repeat("a", 26) + " (2)"}
	if got := f.GetSheetList(); !slices.Equal(got, order) {
		t.Fatalf("sheets = %q, want %q", got, order)
	}
	for _, name := range order {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || !slices.Equal(rows[0], []string{"序号", "表"}) {
			t.Errorf("%s: no header row: %q", name, rows)
			continue
		}
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
		if !slices.Equal(got, want[name]) {
			t.Errorf("%s: rows %q, want %q", name, got, want[name])
		}
		if dim, _ := f.GetSheetDimension(name); dim != "A1:B"+strconv.Itoa(len(want[name])+1) {
			t.Errorf("%s: dimension %s, want A1:B%d", name, dim, len(want[name])+1)
		}
		if panes, _ := f.GetPanes(name); !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes = %+v, want the header frozen", name, panes)
		}
	}
}

// TestWriterGoesOnInNewSheets: the data files' workbook, with sheets of
// three and of one row, holds every row of each CSV file, in order, over
// the sheets of its table.
func TestWriterGoesOnInNewSheets(t *testing.T) {
	for _, tt := range []struct {
		rows   int
		sheets []string
	}{
		{3, []string{"项目", "指标", "指标 (2)"}},
		{1, []string{"项目", "项目 (2)", "指标", "指标 (2)", "指标 (3)", "指标 (4)"}},
	} {
		limitRows(t, tt.rows)
		s := withResults(t)
		files := writeFiles(t, s)
		f := readXLSX(t, files)
		if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
			t.Errorf("%d rows a sheet: sheets = %q, want %q", tt.rows, got, tt.sheets)
			continue
		}
		for _, c := range []struct{ csv, sheet string }{{projectsCSVName, "项目"}, {indicatorsCSVName, "指标"}} {
			recs := readCSV(t, files, c.csv)
			var got [][]string
			for _, name := range tt.sheets {
				if name != c.sheet && !strings.HasPrefix(name, c.sheet+" (") {
					continue
				}
				rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) == 0 || !slices.Equal(rows[0], recs[0]) {
					t.Errorf("%d rows a sheet: %s has no header", tt.rows, name)
					continue
				}
				if len(rows)-1 > tt.rows {
					t.Errorf("%d rows a sheet: %s has %d", tt.rows, name, len(rows)-1)
				}
				got = append(got, rows[1:]...)
			}
			if len(got) != len(recs)-1 {
				t.Errorf("%d rows a sheet: %d rows of %s, %s has %d", tt.rows, len(got), c.sheet, c.csv, len(recs)-1)
				continue
			}
			for i, row := range got {
				// The CSV guards formula-like text with '; the sheet keeps it as text.
				if first := recs[i+1][0]; row[0] != strings.TrimPrefix(first, "'") {
					t.Errorf("%d rows a sheet: %s row %d starts %q, %s has %q", tt.rows, c.sheet, i+1, row[0], c.csv, first)
				}
			}
		}
	}
}

// TestXLSXNewSheetFails: when the temporary file of a table's next sheet
// cannot be made, the row is refused with the scratch error and nothing
// is left open.
func TestXLSXNewSheetFails(t *testing.T) {
	limitRows(t, 1)
	spools := openSpools.Load()
	s := testSite(t)
	x, err := newXLSX(io.Discard, s, table{name: "表", header: []string{"h"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.row(0, []cell{text("一")}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	if err := x.row(0, []cell{text("二")}); err == nil || !strings.Contains(err.Error(), "临时文件 [scratch file]") {
		t.Errorf("next sheet without a temporary folder: error %v, want the scratch error", err)
	}
	if x.tables[0].sheets[0].z.fw != nil {
		t.Error("the full sheet still holds its compressor")
	}
	t.Setenv("TMPDIR", t.TempDir())
	if err := x.row(0, []cell{text("三")}); err == nil {
		t.Error("a row after a failed one: no error")
	}
	if n := len(x.tables[0].sheets); n != 1 {
		t.Errorf("%d sheets after a failed one, want 1", n)
	}
	x.abort()
	if n := openSpools.Load() - spools; n != 0 {
		t.Errorf("%d temporary files left open", n)
	}
}

// TestXLSXSpoolFailsAtClose: when a sheet's temporary file fails as the
// workbook is written, close says so, with the sheet's name, and leaves
// nothing open.
func TestXLSXSpoolFailsAtClose(t *testing.T) {
	spools := openSpools.Load()
	var out bytes.Buffer
	x, err := newXLSX(&out, testSite(t), table{name: "表", header: []string{"h"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.row(0, []cell{text("一")}); err != nil {
		t.Fatal(err)
	}
	x.sheets()[0].spool.f.Close() // the rows still wait in the compressor
	// The compressor's last write fails first: the rows' end is not lost.
	err = x.close()
	var pe *os.PathError
	if err == nil || !strings.Contains(err.Error(), `工作表 "表" [xlsx sheet]: 临时文件 [scratch file]: `) || !errors.As(err, &pe) || pe.Op != "write" {
		t.Errorf("spool fails at close: error %v, want the sheet's scratch error on writing", err)
	}
	if out.Len() > 0 {
		t.Errorf("%d bytes of the workbook written before the error", out.Len())
	}
	if n := openSpools.Load() - spools; n != 0 {
		t.Errorf("%d temporary files left open", n)
	}
}

// TestCRC32Combine: the CRC of two pieces combined is that of the whole,
// for every split of messages of several lengths, the empty ones too.
func TestCRC32Combine(t *testing.T) {
	data := make([]byte, 3000)
	for i := range data {
		data[i] = byte(i*7 + i>>5)
	}
	for _, n := range []int{0, 1, 2, 3, 8, 31, 100, 3000} {
		msg := data[:n]
		for k := 0; k <= n; k++ {
			a, b := msg[:k], msg[k:]
			got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
			if want := crc32.ChecksumIEEE(msg); got != want {
				t.Fatalf("%d bytes split at %d: %08x, want %08x", n, k, got, want)
			}
		}
	}
	// Past 4 GiB, where no message is at hand: the CRC of a, b and c is
	// the same whichever pair is combined first.
	a, b, c := uint32(0x12345678), uint32(0x9abcdef0), uint32(0x0fedcba9)
	for _, lens := range [][2]int64{{1<<31 + 5, 1<<31 + 7}, {5 << 30, 3}, {7, 1<<33 + 1}} {
		lb, lc := lens[0], lens[1]
		left := crc32Combine(crc32Combine(a, b, lb), c, lc)
		right := crc32Combine(a, crc32Combine(b, c, lc), lb+lc)
		if left != right {
			t.Errorf("lengths %d and %d: %08x combined one way, %08x the other", lb, lc, left, right)
		}
	}
}

// TestWriteRawChecksLength: a sheet's entry declares its sizes before its
// data, so a spool that reads back short is an error, not a bad zip.
func TestWriteRawChecksLength(t *testing.T) {
	var spooled bytes.Buffer
	d, err := newDeflater(&spooled)
	if err != nil {
		t.Fatal(err)
	}
	d.Write([]byte(strings.Repeat("<row/>", 1000)))
	if err := d.close(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		r    io.Reader
		fail bool
	}{
		{bytes.NewReader(spooled.Bytes()), false},
		{bytes.NewReader(spooled.Bytes()[:spooled.Len()-1]), true},
	} {
		var zipped bytes.Buffer
		p := newParts(&zipped)
		err := p.writeRaw("s.xml", []byte("<head>"), d, tt.r)
		if err == nil {
			err = p.close()
		}
		if (err != nil) != tt.fail {
			t.Errorf("read back short %v: error %v", tt.fail, err)
		}
		if !tt.fail {
			checkZip(t, zipped.Bytes())
		}
	}
}

// TestSheetNames: a sheet name Excel would refuse, or two alike, stops the
// workbook with an error naming the sheet, before anything is written.
func TestSheetNames(t *testing.T) {
	for _, names := range [][]string{
		{""}, {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二"}, {"a/b"}, {"'引号"}, {"项目", "项目"}, {"Sheet", "sheet"},
	} {
		var tables []table
		for _, n := range names {
			tables = append(tables, table{name: n})
		}
		_, err := checkSheetNames(tables)
		if want := fmt.Sprintf("工作表 %q [xlsx sheet]: ", names[len(names)-1]); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("sheets %q: error %v, want one beginning %s", names, err, want)
		}
	}
	if _, err := checkSheetNames([]table{{name: "项目"}, {name: "指标"}}); err != nil {
		t.Errorf("the workbook's own sheets: %v", err)
	}
}
