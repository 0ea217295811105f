package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a writer that the server may write to from any goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeCommand(t *testing.T) {
	site := writeSite(t, map[string]string{
		"site.toml":         "title = \"测试站\"\n[[departments]]\nname = \"吴泾镇人民政府\"\nslug = \"wujing\"\n",
		"content/2023/a.md": goodProject,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() { done <- serveUntil(ctx, []string{"-s", site, "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	var base string
	deadline := time.Now().Add(20 * time.Second)
	for base == "" {
		if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(stdout.String()); m != "" {
			base = m
		} else if time.Now().After(deadline) {
			t.Fatalf("no URL printed:\n%s%s", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Get(base + "2023/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "新中心运营费") || !strings.Contains(string(body), "/_jixiao/livereload.js") {
		t.Errorf("GET /2023/a/: %d", resp.StatusCode)
	}
	// An open event stream does not keep the server from stopping.
	stream, err := http.Get(base + "_jixiao/events?path=/")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d\n%s%s", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stdout.String(), "已停止") {
		t.Errorf("no goodbye:\n%s", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Error("serve wrote public/")
	}
	if strings.Contains(stderr.String(), "警告") {
		t.Errorf("a warning on loopback: %s", stderr.String())
	}
}

func TestServeArguments(t *testing.T) {
	site := writeSite(t, map[string]string{"content/2023/a.md": goodProject})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, args := range [][]string{
		{"serve", "-s", site, "--addr", "1313"},
		{"serve", "-s", site, "extra"},
		{"serve", "-s", filepath.Join(site, "nope")},
		{"serve", "-s", site, "--poll", "-1s"},
		{"serve", "-s", site, "--poll", "often"},
		{"serve", "-s", site, "--addr", ln.Addr().String()}, // taken
	} {
		if code, stdout, stderr := runCmd(args...); code != exitTrouble {
			t.Errorf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	if code, _, _ := runCmd("serve", "-h"); code != exitOK {
		t.Errorf("serve -h: exit %d", code)
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "localhost": true, "LOCALHOST": true, "::1": true, "127.8.8.8": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.2": false, "example.org": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v", host, got)
		}
	}
	for addr, want := range map[string]string{
		"127.0.0.1:1313": "http://127.0.0.1:1313/",
		"0.0.0.0:80":     "http://localhost:80/",
		"[::]:1313":      "http://localhost:1313/",
	} {
		a, _ := net.ResolveTCPAddr("tcp", addr)
		if got := browseURL(a); got != want {
			t.Errorf("browseURL(%s) = %s, want %s", addr, got, want)
		}
	}
}
