package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"golang.org/x/text/width"

	"jixiao/internal/diag"
)

// printDiagnostics writes one line per diagnostic; verbose adds the source
// line and a caret under the column, as toml's ErrorWithPosition does.
func printDiagnostics(w io.Writer, fsys fs.FS, ds []diag.Diagnostic, verbose bool) {
	for _, d := range ds {
		fmt.Fprintln(w, d)
		if !verbose || d.Line == 0 {
			continue
		}
		if line, ok := sourceLine(fsys, d.Path, d.Line); ok {
			fmt.Fprintf(w, "    %s\n    %s^\n", line, caretPad(line, d.Col))
		}
	}
}

func sourceLine(fsys fs.FS, name string, n int) (string, bool) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return strings.TrimRight(sc.Text(), "\r"), true
		}
	}
	return "", false
}

// caretPad returns the spaces that put a caret under byte column col,
// counting wide (CJK) characters as two cells.
func caretPad(line string, col int) string {
	cells := 0
	for i, r := range line {
		if i >= col-1 {
			break
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			cells += 2
		default:
			cells++
		}
		if r == '\t' {
			cells += 3
		}
	}
	return strings.Repeat(" ", cells)
}
