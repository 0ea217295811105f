package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
)

// bom makes Excel read a CSV file as UTF-8.
const bom = "\ufeff"

// WriteCSV writes a table as CSV to w: UTF-8 with a BOM, CRLF line ends
// (RFC 4180), the header row first, each row as it is made.
//
// A text cell that starts with = + - or @ is prefixed with ' so that a
// spreadsheet shows it as text instead of running it as a formula; number
// cells never are.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(bom)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	cw.Write(t.Header)
	var rec []string
	for row := range t.Rows {
		rec = rec[:0]
		for _, c := range row {
			s := c.Text
			if !c.Number && s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
				s = "'" + s
			}
			rec = append(rec, s)
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
