package export

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/site"
)

// XLSX writes the tables as the sheets of one workbook, in order: a bold
// header row frozen at the top, amounts and numbers as number cells
// holding their exact decimal text, everything else as text (never a
// formula).
//
// The zip entries carry no clock time and come in name order (see
// sortedZip), excelize's own template dates are fixed, and the document's
// created and modified dates are set to the site's Updated date, so two
// builds of the same content give the same bytes.
func XLSX(s *site.Site, tables ...Table) ([]byte, error) {
	var b bytes.Buffer
	err := WriteXLSX(&b, s, tables...)
	return b.Bytes(), err
}

// WriteXLSX writes the workbook that XLSX returns to w.
func WriteXLSX(w io.Writer, s *site.Site, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(newSortedZip)
	date := "2000-01-01T00:00:00Z"
	if u := s.Updated(); !u.IsZero() {
		date = u.String() + "T00:00:00Z"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: s.Config.Title, Creator: "jixiao", LastModifiedBy: "jixiao",
		Created: date, Modified: date, Language: "zh-CN",
	}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F2"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Name)
		} else {
			_, err = f.NewSheet(t.Name)
		}
		if err == nil {
			err = writeSheet(f, t, bold)
		}
		if err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", t.Name, err)
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// writeSheet streams a table into its sheet: excelize's StreamWriter
// writes each row's XML once, where SetCellValue would keep every cell in
// memory and search for its place. Columns, panes and the header's style
// must all be set before the first row.
//
// Text cells are inline strings, so a text that starts with = stays text;
// number cells are written as numbers (see numberValue). The stream spills
// to a temporary file past excelize.StreamChunkSize; the file's name never
// reaches the workbook, whose bytes depend only on the rows.
func writeSheet(f *excelize.File, t Table, headerStyle int) error {
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	widths := make([]int, len(t.Header))
	for i, h := range t.Header {
		widths[i] = displayWidth(h, maxWidth)
	}
	for row := range t.Rows {
		for i, c := range row {
			if widths[i] < maxWidth {
				widths[i] = max(widths[i], displayWidth(c.Text, maxWidth))
			}
		}
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(w, 6), maxWidth)+2)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	values := make([]any, len(t.Header))
	for i, h := range t.Header {
		values[i] = excelize.Cell{StyleID: headerStyle, Value: h}
	}
	if err := sw.SetRow("A1", values, excelize.RowOpts{StyleID: headerStyle}); err != nil {
		return err
	}
	r := 0
	for row := range t.Rows {
		clear(values)
		values = values[:len(row)]
		for i, c := range row {
			switch {
			case c.Number:
				values[i] = numberValue(c.Text)
			case c.Text != "":
				values[i] = c.Text
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
		r++
	}
	return sw.Flush()
}

// maxWidth is the widest a column is made, in display columns.
const maxWidth = 60

// numberValue is the value of a number cell for the stream writer, which
// writes an int or a float64 as number and a string as text. An exact
// decimal string of up to 15 significant digits — every amount of a
// realistic budget — comes back from the float64 as the same text; a
// longer one is written as the nearest float64, the value a spreadsheet
// would read from the exact text anyway.
func numberValue(s string) any {
	if n, err := strconv.Atoi(s); err == nil && len(s) < 16 {
		return n
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v
	}
	return s // not a number after all: text
}

// displayWidth counts a CJK character as two columns, as a spreadsheet
// shows it; it stops counting at limit.
func displayWidth(s string, limit int) int {
	n := 0
	for i := 0; i < len(s) && n < limit; {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		n += 2
		i += size
	}
	return n
}
