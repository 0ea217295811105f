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
		short: "把绩效目标表（PDF 转出的文本）导入为项目文件 (import tables to project files)",
		run:   runImport,
	})
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := flags(commandNamed("import"), stderr)
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
		if strings.EqualFold(filepath.Ext(name), ".xlsx") {
			fmt.Fprintf(stderr, "jixiao import: %s：暂不支持 .xlsx，请导出为文本 [.xlsx is not supported yet]\n", name)
			return exitTrouble
		}
		ps, d := importer.Text(filepath.ToSlash(name), data)
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
