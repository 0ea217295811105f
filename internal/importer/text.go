package importer

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	textunicode "golang.org/x/text/encoding/unicode"

	"jixiao/internal/diag"
	"jixiao/internal/load"
	"jixiao/internal/project"
)

// Text reads the tables of a file in the text form (see the package
// comment). name is the input's path, used in diagnostics. It returns one
// project per table, in the order of the file, each with whatever could be
// read — a diagnostic of severity error means a project is incomplete —
// and leaves Path and Slug for the writer to set. A self-evaluation table
// is folded into the target table of the same project.
func Text(name string, data []byte) ([]*project.Project, []diag.Diagnostic) {
	src, diags := decode(name, data)
	if errs, _ := diag.Count(diags); errs > 0 {
		return nil, diags
	}
	ts, ds := tables(source{path: name}, splitRows(src))
	if len(ts) == 0 {
		return nil, append(diags, RuleUnreadable.At(name, diag.Pos{Line: 1, Col: 1},
			"找不到“%s”，也没有“项目名称”等标签 [no table found]", title))
	}
	return finish(ts, append(diags, ds...))
}

var utf8BOM = []byte("\ufeff")

// decode returns data as UTF-8 text, converting GBK and UTF-16 with a
// warning; "" when it is not text at all.
func decode(name string, data []byte) (string, []diag.Diagnostic) {
	enc, line := load.Sniff(data)
	top := diag.Pos{Line: 1, Col: 1}
	switch enc {
	case load.UTF8:
		return string(bytes.TrimPrefix(data, utf8BOM)), nil
	case load.GBK:
		if b, err := load.ToUTF8(data, enc); err == nil {
			return string(b), []diag.Diagnostic{RuleEncoding.At(name, top,
				"输入是 GBK 编码，已转换为 UTF-8 [converted from GBK to UTF-8]")}
		}
	case load.UTF16:
		b, err := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewDecoder().Bytes(data)
		if err == nil && utf8.Valid(b) {
			return string(b), []diag.Diagnostic{RuleEncoding.At(name, top,
				"输入是 UTF-16 编码，已转换为 UTF-8 [converted from UTF-16 to UTF-8]")}
		}
	}
	return "", []diag.Diagnostic{RuleUnreadable.At(name, diag.Pos{Line: max(line, 1), Col: 1},
		"输入不是可识别的文本（%s），无法导入 [input is not text]", enc)}
}

// splitRows splits text into rows, leaving out lines with no text.
func splitRows(src string) []row {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	var rows []row
	for i, line := range strings.Split(src, "\n") {
		var r row
		off := 0
		for idx, s := range strings.Split(line, "\t") {
			raw := strings.TrimSpace(s)
			if raw != "" {
				lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
				r.cells = append(r.cells, cell{
					line: i + 1, col: off + lead + 1, idx: idx,
					raw: raw, text: stripTags(raw),
				})
			}
			off += len(s) + 1
		}
		if len(r.cells) > 0 {
			rows = append(rows, r)
		}
	}
	return rows
}
