package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"jixiao/internal/serve"
)

func init() {
	register(&command{
		name:  "serve",
		usage: "[-s SITE] [--addr 127.0.0.1:1313] [--poll DURATION]",
		short: "在本机预览网站，编辑后自动刷新 (preview the site with live reload)",
		run:   runServe,
	})
}

// defaultAddr is loopback: the preview is for the person at the machine.
const defaultAddr = "127.0.0.1:1313"

func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveUntil(ctx, args, stdout, stderr)
}

// serveUntil serves until ctx is done, then shuts down gracefully.
func serveUntil(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := commandNamed("serve")
	fs := flags(c, stderr)
	siteDir := fs.String("s", ".", "站点目录 (the site folder: site.toml and content/)")
	addr := fs.String("addr", defaultAddr, "监听地址；非本机地址需明确指定 (address to listen on; loopback unless told otherwise)")
	poll := fs.Duration("poll", 0, "每隔这么久轮询文件变化，用于收不到文件事件的网络盘或容器，例如 1s (poll for changes instead of file events)")
	if pos, status, ok := parse(fs, args); !ok {
		return status
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "jixiao serve: 多余的参数 %q [unexpected arguments]\n", pos)
		return exitTrouble
	}
	if info, err := os.Stat(*siteDir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "jixiao serve: 站点目录不可用 [site folder unusable]: %s\n", *siteDir)
		return exitTrouble
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: --addr %q 应为 主机:端口 [want host:port]: %v\n", *addr, err)
		return exitTrouble
	}
	loopback := isLoopback(host)
	if !loopback {
		fmt.Fprintf(stderr, "警告：在 %s 上提供预览，其他计算机也能访问未发布的内容 "+
			"[warning: serving on a non-loopback address; other machines can see unpublished content]\n", *addr)
	}
	if *poll < 0 {
		fmt.Fprintf(stderr, "jixiao serve: --poll 不能为负 [negative --poll]\n")
		return exitTrouble
	}

	start := time.Now()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve: %v（可用 --addr 换一个端口 [try another port with --addr]）\n", err)
		return exitTrouble
	}
	srv, err := serve.New(*siteDir, serve.Options{Log: stdout, Poll: *poll, AnyHost: !loopback})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		return exitTrouble
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	hs.RegisterOnShutdown(func() { srv.Close() })
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "正在预览 %s，用时 %v；按 Ctrl-C 停止 (serving; Ctrl-C stops)\n",
		browseURL(ln.Addr()), time.Since(start).Round(time.Millisecond))

	running := make(chan error, 1)
	go func() { running <- srv.Run(ctx) }()
	status := exitOK
	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(stderr, "jixiao serve: %v\n", err)
		status = exitTrouble
	}
	srv.Close()
	<-running
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
	}
	fmt.Fprintln(stdout, "已停止预览 (stopped)")
	return status
}

// isLoopback reports whether host names this machine only: localhost or
// a loopback IP. An empty host (":1313") listens everywhere.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// browseURL is the address to open in a browser: for a server listening
// on every address, this machine's.
func browseURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
