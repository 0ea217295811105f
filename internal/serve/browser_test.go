package serve

import (
	"context"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"jixiao/internal/browsertest"
)

// openLive opens url in a new tab and waits until its live-reload script
// listens. It returns the tab and its console errors so far.
func openLive(t *testing.T, url string) (context.Context, func() []string) {
	t.Helper()
	ctx := browsertest.Tab(t)
	errs := browsertest.ConsoleErrors(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitLive(t, ctx)
	return ctx, errs
}

// waitLive waits until the page's event stream is open.
func waitLive(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.jixiaoLive === 'open'`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("the live-reload stream does not open: %v", err)
	}
}

// reloadAfter does change and waits until the page has loaded again, by
// itself, and listens again.
func reloadAfter(t *testing.T, ctx context.Context, change func()) {
	t.Helper()
	trigger := chromedp.Action[chromedp.Void](func(context.Context, *chromedp.Target) (chromedp.Void, error) {
		change()
		return chromedp.Void{}, nil
	})
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		t.Fatalf("the page did not reload: %v", err)
	}
	waitLive(t, ctx)
}

func text(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return s
}

func noConsoleErrors(t *testing.T, errs func() []string) {
	t.Helper()
	if e := errs(); len(e) != 0 {
		t.Errorf("console errors: %q", e)
	}
}

// TestBrowserEditShows edits the name of the project a tab shows: the tab
// shows the new name without anyone touching it.
func TestBrowserEditShows(t *testing.T) {
	t.Parallel()
	r := start(t, exampleCopy(t), Options{})
	ctx, errs := openLive(t, r.URL+projectURL)
	reloadAfter(t, ctx, func() {
		writeFile(t, r.Dir, projectFile, renamed(t, r.Dir, projectFile, "浏览器里的新名称"))
	})
	if h1 := text(t, ctx, `document.querySelector('h1').textContent`); h1 != "浏览器里的新名称" {
		t.Errorf("h1 = %q", h1)
	}
	noConsoleErrors(t, errs)
}

// TestBrowserOverlay writes a TOML syntax error: the open tab shows the
// file and line over the last good page, accessibly; the fix clears it
// and shows.
func TestBrowserOverlay(t *testing.T) {
	t.Parallel()
	r := start(t, exampleCopy(t), Options{})
	ctx, errs := openLive(t, r.URL+projectURL)
	good := readFile(t, r.Dir, projectFile)
	writeFile(t, r.Dir, projectFile, strings.Replace(good, "year = 2023", "year = 2023 2024", 1))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById('jixiao-overlay')`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("no overlay: %v", err)
	}
	overlay := text(t, ctx, `document.getElementById('jixiao-overlay').innerText`)
	if !strings.Contains(overlay, projectFile+":3:") || !strings.Contains(overlay, "file-syntax") {
		t.Errorf("the overlay does not name the file and line:\n%s", overlay)
	}
	if h1 := text(t, ctx, `document.querySelector('h1').textContent`); h1 != projectName {
		t.Errorf("the last good page is gone: h1 = %q", h1)
	}
	// The overlay is a dialog that has the focus, and is styled.
	if role := text(t, ctx, `document.activeElement.getAttribute('role') || ''`); role != "alertdialog" {
		t.Errorf("focus on %q, want the alertdialog", role)
	}
	if pos := text(t, ctx, `getComputedStyle(document.getElementById('jixiao-overlay')).position`); pos != "fixed" {
		t.Errorf("overlay position %q: its stylesheet did not load", pos)
	}
	for _, v := range browsertest.Axe(t, ctx) {
		t.Errorf("axe: %v", v)
	}
	// Escape closes it; the next failure shows it again.
	if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	if n := text(t, ctx, `String(document.querySelectorAll('#jixiao-overlay').length)`); n != "0" {
		t.Errorf("Escape left %s overlays", n)
	}
	reloadAfter(t, ctx, func() {
		writeFile(t, r.Dir, projectFile, strings.Replace(good, projectName, "修好了", 1))
	})
	if h1 := text(t, ctx, `document.querySelector('h1').textContent`); h1 != "修好了" {
		t.Errorf("the fix does not show: h1 = %q", h1)
	}
	if n := text(t, ctx, `String(document.querySelectorAll('#jixiao-overlay').length)`); n != "0" {
		t.Errorf("the overlay stays after the fix")
	}
	noConsoleErrors(t, errs)
}

// TestBrowserOverlayClears checks that a tab whose page the fix does not
// change loses the overlay without reloading.
func TestBrowserOverlayClears(t *testing.T) {
	t.Parallel()
	r := start(t, exampleCopy(t), Options{})
	ctx, errs := openLive(t, r.URL+otherURL)
	good := readFile(t, r.Dir, projectFile)
	writeFile(t, r.Dir, projectFile, "+++\nname = \n+++\n")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById('jixiao-overlay')`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("no overlay: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, r.Dir, projectFile, good)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById('jixiao-overlay') && window.notReloaded`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the overlay stays, or the page reloaded: %v", err)
	}
	noConsoleErrors(t, errs)
}

// TestBrowserNewFolder creates a project in a new folder: it appears on its
// department's open page.
func TestBrowserNewFolder(t *testing.T) {
	t.Parallel()
	r := start(t, exampleCopy(t), Options{})
	ctx, errs := openLive(t, r.URL+deptURL)
	src := renamed(t, r.Dir, otherFile, "新文件夹里的项目")
	reloadAfter(t, ctx, func() {
		writeFile(t, r.Dir, "content/2024/xin/wenjianjia.md", strings.ReplaceAll(src, "2023", "2024"))
	})
	if body := text(t, ctx, `document.querySelector('main').innerText`); !strings.Contains(body, "新文件夹里的项目") {
		t.Errorf("the department page does not list the new project:\n%s", body)
	}
	if n := text(t, ctx, `String(document.querySelectorAll('a[href="/2024/xin/wenjianjia/"]').length)`); n == "0" {
		t.Error("no link to the new project")
	}
	noConsoleErrors(t, errs)
}

// TestBrowserRenameSave saves as VS Code and JetBrains do: a temporary file
// renamed over the project file.
func TestBrowserRenameSave(t *testing.T) {
	t.Parallel()
	r := start(t, exampleCopy(t), Options{})
	ctx, errs := openLive(t, r.URL+projectURL)
	reloadAfter(t, ctx, func() {
		writeFile(t, r.Dir, projectFile+"___jb_tmp___", renamed(t, r.Dir, projectFile, "改名保存"))
		p := filepath.Join(r.Dir, filepath.FromSlash(projectFile))
		if err := os.Rename(p+"___jb_tmp___", p); err != nil {
			t.Error(err)
		}
	})
	if h1 := text(t, ctx, `document.querySelector('h1').textContent`); h1 != "改名保存" {
		t.Errorf("h1 = %q", h1)
	}
	noConsoleErrors(t, errs)
}

// TestBrowserServerRestart stops the server and starts another on the same
// address: the tab reconnects and reloads.
func TestBrowserServerRestart(t *testing.T) {
	t.Parallel()
	dir := exampleCopy(t)
	first, err := New(dir, Options{Quiet: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(first)
	addr := ts.Listener.Addr().String()
	ctx, _ := openLive(t, ts.URL+projectURL)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.firstServer = true`)); err != nil {
		t.Fatal(err)
	}
	first.Close()
	ts.Close()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.jixiaoLive === 'closed'`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the tab did not notice the server going: %v", err)
	}
	writeFile(t, dir, projectFile, renamed(t, dir, projectFile, "重启之后"))
	reloadAfter(t, ctx, func() {
		second, err := New(dir, Options{})
		if err != nil {
			t.Error(err)
			return
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			second.Close()
			t.Skipf("the port was taken meanwhile: %v", err)
		}
		ts := httptest.NewUnstartedServer(second)
		ts.Listener.Close()
		ts.Listener = ln
		ts.Start()
		t.Cleanup(ts.Close)
		t.Cleanup(func() { second.Close() })
	})
	if v := text(t, ctx, `String(window.firstServer)`); v != "undefined" {
		t.Error("the page did not reload")
	}
	if h1 := text(t, ctx, `document.querySelector('h1').textContent`); h1 != "重启之后" {
		t.Errorf("h1 = %q", h1)
	}
}
