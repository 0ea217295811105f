package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
)

// bom makes Excel read a CSV file as UTF-8.
const bom = "\ufeff"

// csvFile writes a table as CSV, a row at a time: UTF-8 with a BOM, CRLF
// line ends (RFC 4180), the header row first.
//
// A text cell that starts with = + - or @ is prefixed with ' so that a
// spreadsheet shows it as text instead of running it as a formula; number
// cells never are.
type csvFile struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	rec []string // reused for each row
}

func newCSV(w io.Writer, header []string) *csvFile {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(bom)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	cw.Write(header) // an error stays in bw for the first row or close
	return &csvFile{bw: bw, cw: cw}
}

func (f *csvFile) row(row []cell) error {
	f.rec = f.rec[:0]
	for _, c := range row {
		s := c.text
		if !c.number && s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
			s = "'" + s
		}
		f.rec = append(f.rec, s)
	}
	return f.cw.Write(f.rec)
}

// close writes out what is buffered.
func (f *csvFile) close() error {
	f.cw.Flush()
	if err := f.cw.Error(); err != nil {
		return err
	}
	return f.bw.Flush()
}
