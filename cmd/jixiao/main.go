// Command jixiao builds and previews a website of budget performance target
// tables (财政项目支出绩效目标表) from one TOML/Markdown file per project.
//
// Usage:
//
//	jixiao <command> [flags]
//
// Run `jixiao -h` for the commands and `jixiao <command> -h` for their flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// A command is one subcommand of jixiao.
type command struct {
	name  string
	usage string // the arguments after the name
	short string // one line for `jixiao -h`
	run   func(args []string, stdout, stderr io.Writer) int
}

// commands is filled by each command's file.
var commands []*command

func register(c *command) { commands = append(commands, c) }

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1 // the content has errors
	exitTrouble = 2 // the command itself could not run
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	slices.SortFunc(commands, func(a, b *command) int { return strings.Compare(a.name, b.name) })
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitTrouble
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "jixiao: 未知命令 %q [unknown command]\n\n", args[0])
	usage(stderr)
	return exitTrouble
}

func usage(w io.Writer) {
	fmt.Fprint(w, `jixiao 把每个项目一个文件的财政项目支出绩效目标表生成为公开网站。
jixiao builds a disclosure website of budget performance target tables.

用法 Usage:
  jixiao <command> [flags]

命令 Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, "\n运行 jixiao <command> -h 查看各命令的参数。Run jixiao <command> -h for its flags.\n")
}

// flags returns a FlagSet for a command whose -h prints its usage.
func flags(c *command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("jixiao "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "用法 Usage: jixiao %s %s\n\n%s\n\n", c.name, c.usage, c.short)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before or after positional arguments
// (jixiao import a.txt -o content/x). It returns the positional arguments,
// or ok=false with the exit status to return.
func parse(fs *flag.FlagSet, args []string) (pos []string, status int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitTrouble, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
