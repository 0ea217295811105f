package main

import (
	"io"

	"jixiao/internal/schema"
)

func init() {
	register(&command{
		name:  "schema",
		usage: "",
		short: "输出项目文件的 JSON Schema，供编辑器校验 (print the JSON Schema of project files)",
		run: func(args []string, stdout, stderr io.Writer) int {
			fs := flags(commandNamed("schema"), stderr)
			if _, status, ok := parse(fs, args); !ok {
				return status
			}
			if _, err := stdout.Write(schema.Project()); err != nil {
				return exitTrouble
			}
			return exitOK
		},
	})
}
