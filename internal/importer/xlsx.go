package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/diag"
	"jixiao/internal/project"
)

// XLSX reads the tables of a workbook (.xlsx) as departments keep them in
// Excel: a table to a sheet, laid out as the text form is (see the package
// comment). name is the input's path. Diagnostics put a cell's row in
// Line and its column number in Col, and name the sheet and cell in the
// message ("工作表 Sheet1 的 C5：…"). Like Text, it returns one project per
// table, in the order of the sheets, each with whatever could be read; a
// self-evaluation sheet is folded into the target sheet of the same
// project.
func XLSX(name string, data []byte) ([]*project.Project, []diag.Diagnostic) {
	top := diag.Pos{Line: 1, Col: 1}
	f, err := openWorkbook(data)
	if err != nil {
		return nil, []diag.Diagnostic{RuleUnreadable.At(name, top, "%s", workbookError(data, err))}
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	var (
		all   []*table
		diags []diag.Diagnostic
		empty []source
	)
	for _, sheet := range f.GetSheetList() {
		src := source{path: name, sheet: sheet, date1904: date1904}
		rows, err := sheetRows(f, sheet)
		switch {
		case err != nil:
			diags = append(diags, src.diag(RuleUnreadable, top, "工作表无法读取：%v [unreadable sheet]", err))
			continue
		case len(rows) == 0:
			empty = append(empty, src)
			continue
		}
		ts, ds := tables(src, rows)
		if len(ts) == 0 {
			diags = append(diags, src.diag(RuleCell, rows[0].cells[0].pos(),
				"工作表中找不到绩效目标表（没有标题，也没有“项目名称”等标签），已跳过 [no table in the sheet; skipped]"))
		}
		all = append(all, ts...)
		diags = append(diags, ds...)
	}
	if len(all) == 0 {
		// Empty sheets are no news in a workbook with tables: Excel makes them.
		for _, src := range empty {
			diags = append(diags, src.diag(RuleCell, top, "工作表是空的 [empty sheet]"))
		}
		diags = append(diags, RuleUnreadable.At(name, top, "工作簿中找不到绩效目标表 [no table in the workbook]"))
		diag.Sort(diags)
		return nil, diags
	}
	return finish(all, diags)
}

// maxUnzip bounds what a workbook may unpack to: far beyond any form, and
// all of it kept in memory, so that excelize writes no temporary files.
const maxUnzip = 64 << 20

func openWorkbook(data []byte) (f *excelize.File, err error) {
	defer guard(&err)
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzip})
	if err != nil && f != nil {
		f.Close()
		f = nil
	}
	return f, err
}

// guard turns a panic in excelize, a large parser of untrusted input, into
// an error: a broken workbook is a diagnostic, never a crash.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("excelize: %v", r)
	}
}

// oleMagic starts a compound file: an .xls, or an encrypted .xlsx.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// workbookError says why a workbook could not be opened.
func workbookError(data []byte, err error) string {
	switch {
	case bytes.HasPrefix(data, oleMagic):
		return "输入是旧版 .xls 或加密的工作簿，无法读取；请在 Excel 中另存为不加密的 .xlsx [.xls or encrypted workbook]"
	case errors.Is(err, zip.ErrFormat), len(data) == 0:
		return "输入不是 .xlsx 工作簿（不是 zip 文件）[not an .xlsx workbook]"
	}
	return fmt.Sprintf("工作簿无法读取：%v [unreadable workbook]", err)
}

// sheetRows returns the rows of a sheet as the parser reads them: each
// cell's displayed text, and for numbers the value as stored. Merged
// cells hold their value in the top-left cell only, as the text form
// does.
func sheetRows(f *excelize.File, sheet string) (rows []row, err error) {
	defer guard(&err)
	shown, err := f.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	stored, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	for ri, cells := range shown {
		var r row
		for ci, s := range cells {
			text := strings.TrimSpace(s)
			if text == "" {
				continue
			}
			c := cell{line: ri + 1, col: ci + 1, idx: ci, raw: text, text: stripTags(text)}
			if ri < len(stored) && ci < len(stored[ri]) {
				storedValue(f, sheet, &c, strings.TrimSpace(stored[ri][ci]))
			}
			r.cells = append(r.cells, c)
		}
		if len(r.cells) > 0 {
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// storedValue sets c.num for a number cell; a date cell stored as an ISO
// date (t="d") is read as its date.
func storedValue(f *excelize.File, sheet string, c *cell, v string) {
	name, err := excelize.CoordinatesToCellName(c.col, c.line)
	if err != nil {
		return
	}
	typ, err := f.GetCellType(sheet, name)
	if err != nil {
		return
	}
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			c.num = v
		}
	case excelize.CellTypeDate:
		if d, _, ok := strings.Cut(v, "T"); ok {
			if _, err := time.Parse(time.DateOnly, d); err == nil {
				c.text = d
			}
		}
	}
}

// serialDate reads a date stored as a number of days, as Excel keeps
// dates: 44927 is 2023-01-01 (or 2027-01-02 counting from 1904).
func serialDate(num string, date1904 bool) (project.Date, bool) {
	f, err := strconv.ParseFloat(num, 64)
	// Past 9999-12-31 in the 1900 system: too large for a date at all.
	// DateOf refuses what the 1904 system puts past 9999.
	if err != nil || f < 1 || f >= 2958466 {
		return project.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(math.Floor(f), date1904)
	if err != nil {
		return project.Date{}, false
	}
	return project.DateOf(t)
}

// cellName names the cell at pos as Excel does: C5.
func cellName(pos diag.Pos) string {
	if name, err := excelize.CoordinatesToCellName(pos.Col, pos.Line); err == nil {
		return name
	}
	return fmt.Sprintf("R%dC%d", pos.Line, pos.Col)
}
