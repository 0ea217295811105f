package build_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"jixiao/internal/browsertest"
)

// resultPages are the pages of the results site that show self-evaluations.
var resultPages = map[string]string{
	"home":           "/",
	"year":           "/2023/",
	"department":     "/departments/wujing/",
	"unit":           "/units/wujing-shiwu/",
	"project":        "/2023/dangqun/huodong/",
	"all met":        "/2023/shiwu/shebei/",
	"without result": "/2023/shiwu/chuangkou/",
	"data":           "/data/",
}

// resultsDir builds the results site into a new folder and returns it.
func resultsDir(t *testing.T) string {
	t.Helper()
	return buildTo(t, resultsSite)
}

func TestResultsInBrowser(t *testing.T) {
	dir := resultsDir(t)
	for kind, url := range resultPages {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx, errs := open(t, dir, url, 1280)
			for _, v := range browsertest.Axe(t, ctx) {
				t.Errorf("axe: %v", v)
			}
			if e := errs(); len(e) != 0 {
				t.Errorf("console errors: %q", e)
			}
		})
	}
}

// axNames returns the accessible name that Chromium gives each element of
// a selector, from its accessibility tree: what a screen reader reads.
func axNames(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel)))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	var names []string
	for _, n := range nodes {
		res, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{
			BackendNodeID: n.BackendNodeID, FetchRelatives: new(false)})
		if err != nil {
			t.Fatalf("accessibility tree of %s: %v", sel, err)
		}
		if len(res.Nodes) == 0 || res.Nodes[0].Ignored {
			t.Fatalf("%s has no accessibility node", sel)
		}
		ax := res.Nodes[0]
		var name, role string
		if ax.Name != nil {
			json.Unmarshal(ax.Name.Value, &name)
		}
		if ax.Role != nil {
			json.Unmarshal(ax.Role.Value, &role)
		}
		if role != "cell" && role != "gridcell" {
			t.Errorf("%s: role %q, want a cell", sel, role)
		}
		names = append(names, name)
	}
	return names
}

func TestResultMarksReadAsWords(t *testing.T) {
	ctx, _ := open(t, resultsDir(t), resultPages["project"], 1280)
	// The rows of the fixture: ≥24次 26次, ≥90% 86%, =100% 100%, 有效提升 met = true,
	// 建立 初步建立 (words without met), ≥90% 95%.
	want := []string{"已完成", "未完成", "已完成", "已完成", "无法判定", "已完成"}
	if got := axNames(t, ctx, "td.mark"); !slices.Equal(got, want) {
		t.Errorf("accessible names of the marks = %q, want %q", got, want)
	}
	// On screen the symbol is there too, and the colour tells met from not met.
	seen := eval[[]string](t, ctx, `[...document.querySelectorAll('td.mark')].map(td => td.innerText.trim())`)
	if want := []string{"✓ 已完成", "✗ 未完成", "✓ 已完成", "✓ 已完成", "— 无法判定", "✓ 已完成"}; !slices.Equal(seen, want) {
		t.Errorf("marks on screen = %q, want %q", seen, want)
	}
	colors := eval[[]string](t, ctx, `['td.mark.met', 'td.mark.unmet', 'td.mark.unknown'].map(s => getComputedStyle(document.querySelector(s)).color)`)
	if colors[0] == colors[1] || colors[1] == colors[2] || colors[0] == colors[2] {
		t.Errorf("colours of met, unmet and unknown = %q, want three", colors)
	}
	// Every results cell names its column and its indicator.
	head := eval[[]string](t, ctx, `[...document.querySelectorAll('td.mark')].map(td => td.getAttribute('headers').split(' ').map(id => document.getElementById(id).innerText.trim()).join('|'))`)
	if len(head) < 2 || head[1] != "完成情况|产出指标|质量指标|活动参与率" {
		t.Errorf("headers of the second mark = %q", head)
	}
	// The summary block reads as its terms.
	summary := eval[string](t, ctx, `document.querySelector('.evaluation').innerText`)
	for _, s := range []string{"自评年度", "2023", "自评总分", "94", "自评等级", "优", "指标完成", "4/5", "自评结论", "活动参与率未达目标"} {
		if !strings.Contains(summary, s) {
			t.Errorf("绩效自评 block lacks %q:\n%s", s, summary)
		}
	}
}

func TestResultsNarrowScreen(t *testing.T) {
	dir := resultsDir(t)
	const width = 375
	for kind, url := range resultPages {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx, _ := open(t, dir, url, width)
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > width {
				t.Errorf("scrollWidth = %d at a %d px viewport: the page scrolls sideways", w, width)
			}
		})
	}
	t.Run("results table", func(t *testing.T) {
		t.Parallel()
		ctx, _ := open(t, dir, resultPages["project"], width)
		// The table is too wide for the phone: it scrolls inside its region,
		// which a keyboard can reach and a screen reader names.
		region := eval[map[string]any](t, ctx, `(() => { const r = document.querySelector('.results-wrap');
			return {scrolls: r.scrollWidth > r.clientWidth, tabindex: r.getAttribute('tabindex'), role: r.getAttribute('role'), label: r.getAttribute('aria-label')} })()`)
		if region["scrolls"] != true || region["tabindex"] != "0" || region["role"] != "region" || region["label"] == "" {
			t.Errorf("results region = %v", region)
		}
		names := axNames(t, ctx, "td.mark")
		if len(names) != 6 || names[1] != "未完成" {
			t.Errorf("marks at 375 px = %q", names)
		}
	})
}

func TestResultsPrintOnA4(t *testing.T) {
	const width = 680 // 180 mm of A4 inside 15 mm margins, at 96 dpi
	print := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	ctx, _ := open(t, resultsDir(t), resultPages["project"], width, print)
	if !eval[bool](t, ctx, `matchMedia('print').matches`) {
		t.Fatal("print media not emulated")
	}
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > width {
		t.Errorf("scrollWidth = %d, want ≤ %d", w, width)
	}
	tables := eval[[]float64](t, ctx, `[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right)`)
	if len(tables) != 2 {
		t.Fatalf("%d tables, want the form and the indicators with results", len(tables))
	}
	for i, right := range tables {
		if right > width+1 {
			t.Errorf("table %d ends at %.1f px, beyond %d", i, right, width)
		}
	}
	// No cell's content spills out of it: every column is wide enough.
	spill := eval[[]string](t, ctx, `[...document.querySelectorAll('.results th, .results td')]
		.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText)`)
	if len(spill) != 0 {
		t.Errorf("cells whose content spills out in print: %q", spill)
	}
	if eval[string](t, ctx, `getComputedStyle(document.querySelector('.evaluation')).display`) == "none" {
		t.Error("the 绩效自评 block is not printed")
	}
}

func TestResultsValidHTML(t *testing.T) {
	for _, m := range browsertest.VNU(t, resultsDir(t)) {
		t.Errorf("vnu: %v", m)
	}
}
