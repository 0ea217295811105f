package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"jixiao/internal/build"
	"jixiao/internal/diag"
	"jixiao/internal/headroom"
	"jixiao/internal/load"
	"jixiao/internal/publish"
	"jixiao/internal/render"
)

func init() {
	register(&command{
		name:  "build",
		usage: "[-s SITE] [-o public] [--strict]",
		short: "检查并生成网站到输出文件夹 (check, then write the site atomically)",
		run:   runBuild,
	})
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	c := commandNamed("build")
	fs := flags(c, stderr)
	siteDir := fs.String("s", ".", "站点目录 (the site folder: site.toml and content/)")
	outDir := fs.String("o", "", "输出文件夹，默认为站点下的 public (output folder; default SITE/public)")
	strict := fs.Bool("strict", false, "警告也视为失败 (treat warnings as failures)")
	if pos, status, ok := parse(fs, args); !ok {
		return status
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "jixiao build: 多余的参数 %q [unexpected arguments]\n", pos)
		return exitTrouble
	}
	start := time.Now()
	if info, err := os.Stat(*siteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "jixiao build: 站点目录不可用 [site folder unusable]: %s\n", *siteDir)
		return exitTrouble
	}
	if *outDir == "" {
		*outDir = filepath.Join(*siteDir, "public")
	}
	protect := publish.Protect{Keep: []string{*siteDir}}
	for _, dir := range []string{load.ContentDir, render.LayoutDir, build.StaticDir} {
		protect.Inputs = append(protect.Inputs, filepath.Join(*siteDir, dir))
	}
	out, err := publish.Create(*outDir, protect)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao build: %v\n", err)
		return exitTrouble
	}
	defer out.Abort()
	stop := abortOnSignal(out)
	defer stop()

	root, err := os.OpenRoot(*siteDir)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao build: %v\n", err)
		return exitTrouble
	}
	defer root.Close()
	fsys := root.FS()
	defer headroom.Keep()()
	res, err := build.Build(fsys, out, build.Options{Strict: *strict})
	printDiagnostics(stdout, fsys, res.Diagnostics, false)
	if errors.Is(err, build.ErrCheck) {
		errs, warns := diag.Count(res.Diagnostics)
		fmt.Fprintf(stderr, "%d 个项目，%d 个错误，%d 个警告：%v\n", res.Projects, errs, warns, err)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao build: %v\n", err)
		return exitTrouble
	}
	if err := out.Commit(); err != nil {
		fmt.Fprintf(stderr, "jixiao build: %v\n", err)
		return exitTrouble
	}
	_, warns := diag.Count(res.Diagnostics)
	fmt.Fprintf(stderr, "已生成 %s：%d 个项目，%d 个页面，%d 个文件，%d 个警告，用时 %v "+
		"(built %d pages, %d files)\n", out.Target(), res.Projects, res.Pages, res.Files, warns,
		time.Since(start).Round(time.Millisecond), res.Pages, res.Files)
	return exitOK
}

// abortOnSignal removes the half-written folder when the build is
// interrupted, then exits; the previous site stays as it was.
func abortOnSignal(out *publish.Dir) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			out.Abort()
			os.Exit(exitTrouble)
		case <-done:
		}
	}()
	return func() { signal.Stop(sig); close(done) }
}
