package export

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// bom makes Excel read a CSV file as UTF-8.
const bom = "\ufeff"

// CSV writes a table as CSV: UTF-8 with a BOM, CRLF line ends (RFC 4180),
// the header row first.
//
// A text cell that starts with = + - or @ is prefixed with ' so that a
// spreadsheet shows it as text instead of running it as a formula; number
// cells never are.
func CSV(t Table) []byte {
	// The buffer is sized for the text and a comma or line end after each
	// cell; quoting adds a little.
	size := len(bom) + 2
	for _, h := range t.Header {
		size += len(h) + 1
	}
	for _, row := range t.Rows {
		for _, c := range row {
			size += len(c.Text) + 1
		}
		size++
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+size/32))
	buf.WriteString(bom)
	w := csv.NewWriter(buf)
	w.UseCRLF = true
	w.Write(t.Header)
	var rec []string
	for _, row := range t.Rows {
		rec = rec[:0]
		for _, c := range row {
			s := c.Text
			if !c.Number && s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
				s = "'" + s
			}
			rec = append(rec, s)
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}
