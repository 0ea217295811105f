package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"jixiao/internal/site"
)

// xlsxFile writes tables as the sheets of one workbook, in order: a bold
// header row frozen at the top, amounts and numbers as number cells
// holding their exact decimal text, everything else as text (never a
// formula).
//
// The workbook is written by hand: excelize's stream writer took most of
// the time of a large site's data files. A sheet's XML gives its size and
// column widths before its rows, so the rows are spooled to a temporary
// file as they come (see spool), already compressed as the zip holds them,
// and the zip is written at close, each sheet's entry the compressed XML
// before the rows followed by the spool. Its entries come in a fixed
// order and carry no clock time, and the document's created and modified
// dates are the site's Updated date, so two builds of the same content
// give the same bytes.
//
// A sheet holds at most sheetRows rows besides its header: a longer table
// goes on in sheets of its own, each with the header again, named as the
// first with " (2)", " (3)" … — a workbook with more rows in a sheet than
// Excel allows does not open. Each sheet's columns are as wide as its own
// rows need.
type xlsxFile struct {
	out    io.Writer
	title  string
	date   string          // the document's, in W3CDTF
	tables []*xlsxTable    // in order; the rows go to their last sheets
	names  map[string]bool // of every sheet so far, in lower case
	err    error           // the first error of row, which ends the rows
}

// xlsxTable is the sheets of one table: the first, then those it goes on
// in.
type xlsxTable struct {
	name   string
	header []string
	sheets []*sheet
}

// sheetRows is the most rows a sheet holds besides its header: Excel's
// 1,048,576 rows, less one. It is a variable for the tests.
var sheetRows = 1<<20 - 1

// newXLSX starts the workbook of the tables; the rows of its sheets follow.
func newXLSX(out io.Writer, s *site.Site, tables ...table) (*xlsxFile, error) {
	names, err := checkSheetNames(tables)
	if err != nil {
		return nil, err
	}
	x := &xlsxFile{out: out, title: s.Config.Title, date: "2000-01-01T00:00:00Z", names: names}
	if u := s.Updated(); !u.IsZero() {
		x.date = u.String() + "T00:00:00Z"
	}
	for _, t := range tables {
		sh, err := newSheet(t.name, t.header)
		if err != nil {
			x.abort()
			return nil, err
		}
		x.tables = append(x.tables, &xlsxTable{name: t.name, header: t.header, sheets: []*sheet{sh}})
	}
	return x, nil
}

// row adds a row to the last sheet of table t, or to a new sheet of it
// when that one is full. Its first error is final: it returns it again.
func (x *xlsxFile) row(t int, row []cell) error {
	if x.err != nil {
		return x.err
	}
	tab := x.tables[t]
	sh := tab.sheets[len(tab.sheets)-1]
	if sh.count >= sheetRows {
		if x.err = sh.end(); x.err != nil {
			return x.err
		}
		if sh, x.err = newSheet(x.nextName(tab.name), tab.header); x.err != nil {
			return x.err
		}
		tab.sheets = append(tab.sheets, sh)
	}
	x.err = sh.row(row)
	return x.err
}

// nextName names the next sheet of the table called name: "指标 (2)", or
// the first of "指标 (3)", "指标 (4)" … that no sheet has, the table's
// name cut short where Excel's 31 characters need it.
func (x *xlsxFile) nextName(name string) string {
	for n := 2; ; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		base := truncate(name, 31-len(suffix))
		if len(base) < len(name) {
			base = strings.TrimRight(base, " ")
		}
		next := base + suffix
		if key := strings.ToLower(next); !x.names[key] {
			x.names[key] = true
			return next
		}
	}
}

// sheets lists the sheets of the workbook in order.
func (x *xlsxFile) sheets() []*sheet {
	var all []*sheet
	for _, t := range x.tables {
		all = append(all, t.sheets...)
	}
	return all
}

// close writes the workbook and removes the spooled rows.
func (x *xlsxFile) close() error {
	defer x.abort()
	sheets := x.sheets()
	// End every sheet's rows first: that lets go of their compressors
	// before the zip's are made, and a scratch file's error is known
	// before a byte of the workbook is written.
	for _, sh := range sheets {
		if err := sh.end(); err != nil {
			return fmt.Errorf("工作表 %q [xlsx sheet]: %w", sh.name, err)
		}
	}
	p := newParts(x.out)
	for _, part := range []struct {
		name string
		xml  []byte
	}{
		{"[Content_Types].xml", contentTypes(len(sheets))},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/app.xml", []byte(appProps)},
		{"docProps/core.xml", coreProps(x.title, x.date)},
		{"xl/workbook.xml", workbook(sheets)},
		{"xl/_rels/workbook.xml.rels", workbookRels(len(sheets))},
		{"xl/styles.xml", []byte(styles)},
	} {
		if err := p.create(part.name); err != nil {
			return err
		}
		p.bw.Write(part.xml) // an error stays in bw for the next create
	}
	for i, sh := range sheets {
		if err := sh.writeTo(p, sheetPath(i), i == 0); err != nil {
			return fmt.Errorf("工作表 %q [xlsx sheet]: %w", sh.name, err)
		}
	}
	return p.close()
}

// abort removes the spooled rows; it may be called more than once.
func (x *xlsxFile) abort() {
	for _, sh := range x.sheets() {
		sh.remove()
	}
}

// checkSheetNames refuses a workbook that Excel would not open: none
// without a sheet, and none with a sheet name that is empty, longer than
// 31 characters, holds one of : \ / ? * [ ] or a control character,
// begins or ends with ', or is another sheet's but for case. It returns the
// names, in lower case.
func checkSheetNames(tables []table) (map[string]bool, error) {
	if len(tables) == 0 {
		return nil, errors.New("xlsx: a workbook needs at least one sheet")
	}
	seen := make(map[string]bool)
	for _, t := range tables {
		n, bad := t.name, ""
		switch {
		case n == "":
			bad = "名称为空 [the name is empty]"
		case utf16Len(n) > 31:
			bad = "名称超过 31 个字符 [the name is longer than 31 characters]"
		case strings.ContainsAny(n, `:\/?*[]`) || strings.ContainsFunc(n, unicode.IsControl):
			bad = `名称含 : \ / ? * [ ] 或控制字符 [the name holds one of : \ / ? * [ ] or a control character]`
		case n[0] == '\'' || n[len(n)-1] == '\'':
			bad = "名称以 ' 开头或结尾 [the name begins or ends with ']"
		case seen[strings.ToLower(n)]:
			bad = "名称与另一工作表相同 [the name is another sheet's]"
		}
		if bad != "" {
			return nil, fmt.Errorf("工作表 %q [xlsx sheet]: %s", n, bad)
		}
		seen[strings.ToLower(n)] = true
	}
	return seen, nil
}

// sheet is a worksheet being made: its rows' XML compressed into a
// temporary file, and what the XML gives before them — the widths of the
// columns and the number of rows — counted as they come.
//
// Text cells are inline strings, so a text that starts with = stays text
// and there is no table of shared strings to keep; number cells hold
// their exact decimal text (see numeric); empty cells are left out.
type sheet struct {
	name   string
	header []string
	spool  *spool        // nil once removed
	bw     *bufio.Writer // to z; nil once the rows are ended
	z      *deflater     // the rows' XML, compressed into spool
	widths []int         // of each column, in display columns up to maxWidth
	cols   []string      // the names of the columns: A, B, …
	count  int           // of rows, not counting the header
}

func newSheet(name string, header []string) (*sheet, error) {
	sp, err := newSpool()
	if err != nil {
		return nil, err
	}
	z, err := newDeflater(sp)
	if err != nil {
		sp.remove()
		return nil, err
	}
	sh := &sheet{name: name, header: header, spool: sp, z: z, bw: bufio.NewWriterSize(z, 64<<10)}
	for i, h := range header {
		sh.widen(i, h)
	}
	return sh, nil
}

// widen makes column i wide enough for s, adding columns up to it.
func (sh *sheet) widen(i int, s string) {
	if i == len(sh.widths) {
		sh.widths = append(sh.widths, 0)
		sh.cols = append(sh.cols, colName(i))
	}
	if sh.widths[i] < maxWidth {
		sh.widths[i] = max(sh.widths[i], displayWidth(s, maxWidth))
	}
}

func (sh *sheet) row(row []cell) error {
	sh.count++
	r := sh.count + 1 // after the header
	b := append(sh.bw.AvailableBuffer(), `<row r="`...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, `">`...)
	for i, c := range row {
		sh.widen(i, c.text)
		b = appendCell(b, sh.cols[i], r, c, false)
	}
	b = append(b, "</row>"...)
	_, err := sh.bw.Write(b)
	return err
}

// rowsEnd is the sheet's XML after its rows.
const rowsEnd = "</sheetData></worksheet>"

// end ends the sheet's rows: it writes what follows them and ends their
// compressed stream, letting go of the compressor. It may be called more
// than once.
func (sh *sheet) end() error {
	if sh.bw == nil {
		return nil
	}
	_, err := sh.bw.WriteString(rowsEnd)
	if err == nil {
		err = sh.bw.Flush()
	}
	if cerr := sh.z.close(); err == nil {
		err = cerr
	}
	sh.bw = nil
	return err
}

// writeTo writes the sheet, its rows ended (end), to p as the entry name:
// what comes before the rows, with the header row, compressed here, then
// the spooled rows, which end the compressed stream.
func (sh *sheet) writeTo(p *parts, name string, selected bool) error {
	if err := sh.spool.rewind(); err != nil {
		return err
	}
	return p.writeRaw(name, sh.head(selected), sh.z, sh.spool)
}

// head is the sheet's XML before its rows: its size, its view with the
// header row frozen, the widths of its columns and the header row.
func (sh *sheet) head(selected bool) []byte {
	b := []byte(xmlHeader + `<worksheet xmlns="` + nsMain + `"><dimension ref="A1`)
	if len(sh.cols) > 0 {
		b = append(b, ':')
		b = append(b, sh.cols[len(sh.cols)-1]...)
		b = strconv.AppendInt(b, int64(sh.count+1), 10)
	}
	b = append(b, `"/><sheetViews><sheetView`...)
	if selected {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, ` workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`...)
	if len(sh.widths) > 0 {
		b = append(b, "<cols>"...)
		for i, n := range sh.widths {
			b = fmt.Appendf(b, `<col min="%d" max="%[1]d" width="%d" customWidth="1"/>`, i+1, min(max(n, 6), maxWidth)+2)
		}
		b = append(b, "</cols>"...)
	}
	// The header's style is on its row too, so the fill runs across it.
	b = append(b, `<sheetData><row r="1" s="1" customFormat="1">`...)
	for i, h := range sh.header {
		b = appendCell(b, sh.cols[i], 1, text(h), true)
	}
	return append(b, "</row>"...)
}

// remove closes and removes the spool; it may be called more than once.
func (sh *sheet) remove() {
	if sh.spool != nil {
		sh.spool.remove()
		sh.spool = nil
	}
}

// spool is a temporary file that holds a sheet's rows until the workbook
// is written. Its name is removed as soon as it is made, where the system
// allows that of an open file, so that a build that is killed leaves
// nothing behind. Its errors say they are its own, so that a full
// temporary folder does not read as a failure of the data file.
type spool struct {
	f        *os.File
	unlinked bool // its name is gone already
}

// openSpools counts the spools made and not yet removed, for the tests.
var openSpools atomic.Int64

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "jixiao-xlsx-*")
	if err != nil {
		return nil, scratchErr(err)
	}
	openSpools.Add(1)
	return &spool{f: f, unlinked: os.Remove(f.Name()) == nil}, nil
}

func (sp *spool) Write(p []byte) (int, error) {
	n, err := sp.f.Write(p)
	return n, scratchErr(err)
}

// Read returns io.EOF as it is, for readers that look for it.
func (sp *spool) Read(p []byte) (int, error) {
	n, err := sp.f.Read(p)
	if err == io.EOF {
		return n, err
	}
	return n, scratchErr(err)
}

// rewind makes the next Read start at the beginning.
func (sp *spool) rewind() error {
	_, err := sp.f.Seek(0, io.SeekStart)
	return scratchErr(err)
}

func (sp *spool) remove() {
	sp.f.Close()
	if !sp.unlinked {
		os.Remove(sp.f.Name())
	}
	openSpools.Add(-1)
}

// scratchErr marks an error of a spool as such, or returns nil.
func scratchErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("临时文件 [scratch file]: %w", err)
}

// maxWidth is the widest a column is made, in display columns.
const maxWidth = 60

// maxCellChars is the most text a cell holds in Excel, in UTF-16 code
// units; a longer text is cut there.
const maxCellChars = 32767

// appendCell appends the cell of row r in column col; a cell of the
// header has its style (cellXfs 1 of styles), and is there even when
// empty.
func appendCell(b []byte, col string, r int, c cell, header bool) []byte {
	if c.text == "" && !header {
		return b
	}
	b = append(b, `<c r="`...)
	b = append(b, col...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if header {
		b = append(b, ` s="1"`...)
	}
	switch {
	case c.text == "":
		return append(b, "/>"...)
	case c.number && numeric(c.text):
		b = append(b, "><v>"...)
		b = append(b, c.text...)
		return append(b, "</v></c>"...)
	}
	s := truncate(c.text, maxCellChars)
	b = append(b, ` t="inlineStr"><is><t`...)
	if strings.IndexByte(" \t\n\r", s[0]) >= 0 || strings.IndexByte(" \t\n\r", s[len(s)-1]) >= 0 {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = appendXML(b, s, true)
	return append(b, "</t></is></c>"...)
}

// numeric reports whether s is a number a spreadsheet reads exactly as
// written: a decimal in the lexical form of xsd:double, without INF and
// NaN, within the range of a float64. A spreadsheet keeps 15 significant
// digits of a longer one, as it would of the same number typed in.
func numeric(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			n++
		}
		return n
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	whole, frac := digits(), 0
	if i < len(s) && s[i] == '.' {
		i++
		frac = digits()
	}
	if whole+frac == 0 {
		return false
	}
	if i == len(s) && whole <= 308 {
		return true // below 1e308: in range
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	if i != len(s) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// truncate cuts s to limit UTF-16 code units, as Excel counts them.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s // a byte of UTF-8 is at most one code unit
	}
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > limit {
			return s[:i]
		}
	}
	return s
}

// utf16Len is the length of s as Excel counts it, in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// appendXML appends s escaped as XML character data or as an attribute
// value in double quotes. A character XML 1.0 does not allow — a control
// character other than tab, line feed and carriage return, U+FFFE, U+FFFF,
// a byte that is not UTF-8 — becomes U+FFFD, so that the file always
// opens; a carriage return is written as a reference, which a parser
// would otherwise turn into a line feed.
//
// In a cell's text (xstring), Excel reads _xHHHH_ as the character of hex
// code HHHH: an underscore that begins one is written as _x005F_, itself
// an underscore, so that the text reads back as written.
func appendXML(b []byte, s string, xstring bool) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"':
				esc = "&quot;"
			case c == '\r':
				esc = "&#xD;"
			case c == '_' && xstring && escapedChar(s[i:]):
				esc = "_x005F_"
			case c < 0x20 && c != '\t' && c != '\n':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, esc...)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			start = i + size
		}
		i += size
	}
	return append(b, s[start:]...)
}

// escapedChar reports whether s begins with _xHHHH_, HHHH four hex digits.
func escapedChar(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// colName is the letters of the column of index i: A for 0, AA for 26.
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	slices.Reverse(b)
	return string(b)
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
