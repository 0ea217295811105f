package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"jixiao/internal/check"
	"jixiao/internal/diag"
	"jixiao/internal/headroom"
	"jixiao/internal/load"
)

func init() {
	register(&command{
		name:  "check",
		usage: "[-s SITE] [--strict] [--format text|json] [--verbose] [--rules]",
		short: "检查所有项目文件并报告问题 (check every project file and report problems)",
		run:   runCheck,
	})
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	c := commandNamed("check")
	fs := flags(c, stderr)
	site := fs.String("s", ".", "站点目录 (the site folder: site.toml and content/)")
	strict := fs.Bool("strict", false, "警告也视为失败 (treat warnings as failures)")
	format := fs.String("format", "text", "输出格式 text 或 json (output format)")
	verbose := fs.Bool("verbose", false, "显示出错的源代码行和位置 (show the source line and a caret)")
	rules := fs.Bool("rules", false, "列出所有检查规则 (list every rule)")
	if _, status, ok := parse(fs, args); !ok {
		return status
	}
	if *rules {
		printRules(stdout)
		return exitOK
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "jixiao check: --format 应为 text 或 json，实为 %q\n", *format)
		return exitTrouble
	}
	if _, err := os.Stat(*site); err != nil {
		fmt.Fprintf(stderr, "jixiao check: %v\n", err)
		return exitTrouble
	}
	defer headroom.Keep()()
	fsys := os.DirFS(*site)
	s, ds := load.ReadEach(fsys, check.Each)
	ds = append(ds, check.Site(s)...)
	diag.Sort(ds)
	if *format == "json" {
		if ds == nil {
			ds = []diag.Diagnostic{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ds); err != nil {
			return exitTrouble
		}
	} else {
		printDiagnostics(stdout, fsys, ds, *verbose)
		errs, warns := diag.Count(ds)
		fmt.Fprintf(stderr, "%d 个项目，%d 个错误，%d 个警告 (%d projects, %d errors, %d warnings)\n",
			len(s.Projects), errs, warns, len(s.Projects), errs, warns)
	}
	if check.Failed(ds, *strict) {
		return exitFailed
	}
	return exitOK
}

func commandNamed(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	panic("no command " + name)
}

func printRules(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tDOC")
	for _, r := range check.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Doc)
	}
	tw.Flush()
}
