package export

import (
	"fmt"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/site"
)

// XLSX writes the tables as the sheets of one workbook, in order: a bold
// header row frozen at the top, amounts and numbers as number cells
// holding their exact decimal text, everything else as text (never a
// formula).
//
// excelize writes no clock time into the zip entries and its own template
// dates are fixed; the document's created and modified dates are set to
// the site's Updated date, so two builds of the same content give the same
// bytes.
func XLSX(s *site.Site, tables ...Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	date := "2000-01-01T00:00:00Z"
	if u := s.Updated(); !u.IsZero() {
		date = u.String() + "T00:00:00Z"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: s.Config.Title, Creator: "jixiao", LastModifiedBy: "jixiao",
		Created: date, Modified: date, Language: "zh-CN",
	}); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F2"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return nil, err
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
			return nil, fmt.Errorf("xlsx sheet %s: %w", t.Name, err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeSheet(f *excelize.File, t Table, headerStyle int) error {
	widths := make([]int, len(t.Header))
	set := func(col, row int, c Cell) error {
		cell, err := excelize.CoordinatesToCellName(col+1, row+1)
		if err != nil {
			return err
		}
		widths[col] = max(widths[col], displayWidth(c.Text))
		if c.Number {
			return f.SetCellDefault(t.Name, cell, c.Text)
		}
		return f.SetCellStr(t.Name, cell, c.Text)
	}
	for i, h := range t.Header {
		if err := set(i, 0, text(h)); err != nil {
			return err
		}
	}
	for r, row := range t.Rows {
		for i, c := range row {
			if err := set(i, r+1, c); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowStyle(t.Name, 1, 1, headerStyle); err != nil {
		return err
	}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(t.Name, col, col, float64(min(max(w, 6), 60)+2)); err != nil {
			return err
		}
	}
	return f.SetPanes(t.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// displayWidth counts a CJK character as two columns, as a spreadsheet
// shows it.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if utf8.RuneLen(r) > 1 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
