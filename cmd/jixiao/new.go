package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"jixiao/internal/project"
)

func init() {
	register(&command{
		name:  "new",
		usage: "[--force] PATH",
		short: "新建一个项目文件，含全部字段和中文注释 (write a project file with every field, commented)",
		run:   runNew,
	})
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flags(commandNamed("new"), stderr)
	force := fs.Bool("force", false, "覆盖已存在的文件 (overwrite an existing file)")
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitTrouble
	}
	path := pos[0]
	if ext := filepath.Ext(path); ext == "" {
		path += ".md"
	} else if ext != ".md" {
		fmt.Fprintf(stderr, "jixiao new: %s：项目文件应以 .md 结尾 [a new project file ends in .md]\n", path)
		return exitTrouble
	}
	if err := writeNew(path, project.NewFile(), *force); err != nil {
		fmt.Fprintf(stderr, "jixiao new: %v\n", err)
		return exitTrouble
	}
	fmt.Fprintf(stdout, "已写入 %s (wrote %s)\n", path, path)
	return exitOK
}

func writeNew(path string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s 已存在；要覆盖请加 --force [%s exists]", path, path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
