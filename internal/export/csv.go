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
	var buf bytes.Buffer
	buf.WriteString(bom)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write(t.Header)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.Text
			if !c.Number && c.Text != "" && strings.ContainsRune("=+-@\t\r", rune(c.Text[0])) {
				rec[i] = "'" + c.Text
			}
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}
