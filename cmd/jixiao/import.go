package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao/internal/diag"
	"jixiao/internal/importer"
	"jixiao/internal/project"
)

func init() {
	register(&command{
		name:  "import",
		usage: "FILE… [-o DIR] [--force]",
		short: "把绩效目标表（文本或 .xlsx）导入为项目文件 (import tables, as text or .xlsx, to project files)",
		run:   runImport,
	})
}

const importHelp = `
FILE 是以 .xlsx 结尾的工作簿（每个工作表一张表），或 PDF、Word 转出的文本（每行是表格的一行，
单元格以制表符分隔）。绩效自评表（实际完成值、分值、得分 …）与同一工作簿或文件中同名、
同年度项目的绩效目标表合并为一个项目。
FILE is an .xlsx workbook (a table to a sheet), or text converted from PDF or Word (a line
per row, cells separated by tabs). A self-evaluation table joins the target table of the
project with the same name and year in the same input.
`

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := flags(commandNamed("import"), stderr)
	flagHelp := fs.Usage
	fs.Usage = func() {
		flagHelp()
		fmt.Fprint(stderr, importHelp)
	}
	out := fs.String("o", "content", "写入的目录 (the folder to write to)")
	force := fs.Bool("force", false, "覆盖已存在的文件 (overwrite existing files)")
	files, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(files) == 0 {
		fs.Usage()
		return exitTrouble
	}
	var all []*project.Project
	var ds []diag.Diagnostic
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao import: %v\n", err)
			return exitTrouble
		}
		read := importer.Text
		if strings.EqualFold(filepath.Ext(name), ".xlsx") {
			read = importer.XLSX
		}
		ps, d := read(filepath.ToSlash(name), data)
		all = append(all, ps...)
		ds = append(ds, d...)
	}
	diag.Sort(ds)
	printDiagnostics(stdout, nil, ds, false)
	if errs, _ := diag.Count(ds); errs > 0 {
		fmt.Fprintf(stderr, "jixiao import: %d 个错误，未写入任何文件 (%d errors; nothing written)\n", errs, errs)
		return exitFailed
	}
	written, err := importer.Write(*out, all, *force)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao import: %v\n", err)
		return exitFailed
	}
	for i, p := range written {
		fmt.Fprintf(stdout, "%s\t%s\n", p, all[i].Name)
	}
	fmt.Fprintf(stderr, "已导入 %d 个项目 (imported %d projects)\n", len(written), len(written))
	return exitOK
}
