package build_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"jixiao/internal/browsertest"
	"jixiao/internal/build"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// pageKinds are one page of each kind of the example site.
var pageKinds = map[string]string{
	"home":        "/",
	"year":        "/2023/",
	"departments": "/departments/",
	"department":  "/departments/wujing/",
	"units":       "/units/",
	"unit":        "/units/wujing-dangqun/",
	"project":     "/2023/wujing/xinzhongxin-yunying/",
	"search":      "/search/",
	"data":        "/data/",
	"404":         "/404.html",
}

// exampleDir builds the example site into a new folder, as jixiao build
// does, and returns the folder. A build takes a few milliseconds.
func exampleDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := buildDir(exampleSite, dir, build.Options{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// open serves dir, opens url in a new tab of the given viewport width and
// returns the tab and a func that gives the console errors so far.
func open(t *testing.T, dir, url string, width int64, setup ...chromedp.Action[chromedp.Void]) (context.Context, func() []string) {
	t.Helper()
	base := browsertest.Serve(t, dir)
	ctx := browsertest.Tab(t)
	errs := browsertest.ConsoleErrors(t, ctx)
	steps := append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, 900)}, setup...)
	steps = append(steps, chromedp.Navigate(base+url))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	return ctx, errs
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func TestPagesInBrowser(t *testing.T) {
	dir := exampleDir(t)
	for kind, url := range pageKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx, errs := open(t, dir, url, 1280)
			if vs := browsertest.Axe(t, ctx); len(vs) != 0 {
				for _, v := range vs {
					t.Errorf("axe: %v", v)
				}
			}
			if e := errs(); len(e) != 0 {
				t.Errorf("console errors: %q", e)
			}
			if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "zh-CN" {
				t.Errorf("lang = %q", lang)
			}
			// Everything the page loads comes from the site itself.
			foreign := eval[[]string](t, ctx, `performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))`)
			if len(foreign) != 0 {
				t.Errorf("requests to other hosts: %v", foreign)
			}
			lh := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)`)
			if lh < 1.5 {
				t.Errorf("line height %.2f, want ≥ 1.5", lh)
			}
		})
	}
}

func TestNarrowScreen(t *testing.T) {
	dir := exampleDir(t)
	const width = 375
	for kind, url := range pageKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx, _ := open(t, dir, url, width)
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > width {
				t.Errorf("scrollWidth = %d at a %d px viewport: the page scrolls sideways", w, width)
			}
		})
	}
}

func TestProjectPrintsOnA4(t *testing.T) {
	// A4 is 210 mm wide; with 15 mm margins 180 mm are printable: 680 px at 96 dpi.
	const width = 680
	print := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	ctx, _ := open(t, exampleDir(t), pageKinds["project"], width, print)
	if !eval[bool](t, ctx, `matchMedia('print').matches`) {
		t.Fatal("print media not emulated")
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > width {
		t.Errorf("scrollWidth = %d, want ≤ %d", w, width)
	}
	tables := eval[[]float64](t, ctx, `[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right)`)
	if len(tables) < 2 {
		t.Fatalf("%d tables, want the form and the indicators", len(tables))
	}
	for i, right := range tables {
		if right > width+1 { // the collapsed outer border may reach half a pixel out
			t.Errorf("table %d ends at %.1f px, beyond %d", i, right, width)
		}
	}
	hidden := eval[[]string](t, ctx, `['.site-header', '.site-nav', '.crumbs', '.site-footer', '.text-size', '.related', '.skip']
		.filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')`)
	if len(hidden) != 0 {
		t.Errorf("shown in print: %v", hidden)
	}
	if title := eval[string](t, ctx, `document.querySelector('.form-title').innerText`); !strings.Contains(title, "财政项目支出绩效目标表") {
		t.Errorf("form title = %q", title)
	}
}

func TestLargerTextPersists(t *testing.T) {
	ctx, errs := open(t, exampleDir(t), pageKinds["project"], 1280)
	size := `parseFloat(getComputedStyle(document.documentElement).fontSize)`
	before := eval[float64](t, ctx, size)
	if eval[bool](t, ctx, `document.getElementById('text-size').hidden`) {
		t.Fatal("the larger-text button is hidden with JavaScript on")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("text-size"))); err != nil {
		t.Fatal(err)
	}
	after := eval[float64](t, ctx, size)
	if after < before*1.15 {
		t.Errorf("font size %v → %v: not larger", before, after)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if got := eval[float64](t, ctx, size); got != after {
		t.Errorf("after reload font size = %v, want %v", got, after)
	}
	if p := eval[string](t, ctx, `document.getElementById('text-size').getAttribute('aria-pressed')`); p != "true" {
		t.Errorf("aria-pressed = %q after reload", p)
	}
	if e := errs(); len(e) != 0 {
		t.Errorf("console errors: %q", e)
	}
}

func TestValidHTML(t *testing.T) {
	for _, m := range browsertest.VNU(t, exampleDir(t)) {
		t.Errorf("vnu: %v", m)
	}
}
