package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) { Main(m) }

// page wraps a body in a small, valid and accessible document.
func page(head, body string) string {
	return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>测试</title>
` + head + `
</head>
<body>
<main>
` + body + `
</main>
</body>
</html>
`
}

// site writes the files into a new temporary folder and returns it.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// load serves the HTML as index.html and opens it in a new tab, running the
// setup actions first.
func load(t *testing.T, html string, setup ...chromedp.Action[chromedp.Void]) context.Context {
	t.Helper()
	ctx := Tab(t)
	url := Serve(t, site(t, map[string]string{"index.html": html})) + "/index.html"
	if err := chromedp.Do(ctx, append(setup, chromedp.Navigate(url))...); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func TestFindChrome(t *testing.T) {
	t.Setenv("CHROME_PATH", filepath.Join(t.TempDir(), "no-such-browser"))
	if path, err := findChrome(); err == nil {
		t.Errorf("findChrome with a missing CHROME_PATH = %q, want an error", path)
	}
	t.Setenv("CHROME_PATH", "sh")
	if path, err := findChrome(); err != nil || !filepath.IsAbs(path) {
		t.Errorf("findChrome with CHROME_PATH=sh = %q, %v; want the absolute path of sh", path, err)
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	ctx := load(t, page("", `<h1>绩效目标表</h1>`))
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "绩效目标表" {
		t.Errorf("h1 text = %q, want %q", got, "绩效目标表")
	}
}

func TestAxe(t *testing.T) {
	t.Parallel()
	// A strict policy, as a generated site may have, must not stop axe.
	csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`
	clean := load(t, page(csp, `<h1>绩效目标表</h1><p>年度目标。</p>`))
	if vs := Axe(t, clean); len(vs) != 0 {
		t.Errorf("clean page: got violations %v, want none", vs)
	}

	noAlt := load(t, page("", `<h1>图</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`))
	vs := Axe(t, noAlt)
	i := slices.IndexFunc(vs, func(v Violation) bool { return v.ID == "image-alt" })
	if i < 0 {
		t.Fatalf("img without alt: got violations %v, want image-alt", vs)
	}
	if v := vs[i]; v.Impact != "critical" || !slices.Equal(v.Targets, []string{"img"}) {
		t.Errorf("image-alt = %+v, want impact critical on target img", v)
	}
}

func TestViewport(t *testing.T) {
	t.Parallel()
	const width = 375
	narrow := chromedp.EmulateViewport(width, 800)
	fits := load(t, page("", `<h1>绩效目标表</h1><p>`+strings.Repeat("产出指标 ", 200)+`</p>`), narrow)
	if w := eval[int](t, fits, `document.documentElement.scrollWidth`); w > width {
		t.Errorf("flowing text: scrollWidth = %d, want <= %d", w, width)
	}
	// The check must catch a page that is too wide.
	wide := load(t, page("", `<h1>宽</h1><div style="width:600px">宽表</div>`), narrow)
	if w := eval[int](t, wide, `document.documentElement.scrollWidth`); w <= width {
		t.Errorf("600px box: scrollWidth = %d, want > %d", w, width)
	}
}

func TestPrintMedia(t *testing.T) {
	t.Parallel()
	ctx := load(t, page(`<style>@media print { .noprint { display: none } }</style>`,
		`<h1>绩效目标表</h1><nav class="noprint" aria-label="导航"><a href="/">首页</a></nav>`))
	const display = `getComputedStyle(document.querySelector('.noprint')).display`
	if d := eval[string](t, ctx, display); d != "block" {
		t.Fatalf("on screen: display = %q, want block", d)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, ctx, `matchMedia('print').matches`) {
		t.Error("matchMedia('print') does not match under print emulation")
	}
	if d := eval[string](t, ctx, display); d != "none" {
		t.Errorf("in print: display = %q, want none", d)
	}
}

func TestConsoleErrors(t *testing.T) {
	t.Parallel()
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		ctx := Tab(t)
		errs := ConsoleErrors(t, ctx)
		url := Serve(t, site(t, map[string]string{
			"index.html": page(`<script src="app.js"></script>`, `<h1>好</h1>`),
			"app.js":     `console.log("hello"); console.warn("careful");`,
		}))
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"/index.html")); err != nil {
			t.Fatal(err)
		}
		if got := errs(); len(got) != 0 {
			t.Errorf("clean page: got console errors %q, want none", got)
		}
	})
	t.Run("broken", func(t *testing.T) {
		t.Parallel()
		ctx := Tab(t)
		errs := ConsoleErrors(t, ctx)
		url := Serve(t, site(t, map[string]string{
			"index.html": page(`<meta http-equiv="Content-Security-Policy" content="script-src 'self'">
<script src="app.js"></script>
<script>window.inline = true</script>`, `<h1>坏</h1><img src="missing.png" alt="缺">`),
			"app.js": `console.error("boom", 42); setTimeout(() => { throw new Error("bang") });`,
		}))
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"/index.html")); err != nil {
			t.Fatal(err)
		}
		// Let the timer that throws run first.
		wait := chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 50))`, chromedp.EvalAwaitPromise)
		if err := chromedp.Do(ctx, wait); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(errs(), "\n")
		t.Log(got)
		for _, want := range []string{
			"console.error: boom 42",
			"exception: Uncaught Error: bang",
			"Content Security Policy",
			"404",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("console errors do not mention %q:\n%s", want, got)
			}
		}
	})
}

func TestVNU(t *testing.T) {
	t.Parallel()
	dir := site(t, map[string]string{
		"good.html": page("", `<h1>好</h1>`),
		"bad.html":  page("", `<h1>坏</h1>`) + "\n<p><div></p>\n",
		"notes.txt": "not HTML",
	})
	msgs := VNU(t, dir)
	if len(msgs) == 0 {
		t.Fatal("got no messages, want errors in bad.html")
	}
	for _, m := range msgs {
		if !strings.HasSuffix(m.URL, "/bad.html") || m.Type != "error" || m.Line == 0 || m.Message == "" {
			t.Errorf("unexpected message %+v; want errors of bad.html only, with a line", m)
		}
	}
}
