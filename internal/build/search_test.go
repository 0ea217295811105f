package build_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao/internal/browsertest"
)

// TestSearchPage drives the built /search/ page of the example site: typing
// shows results without a page load, the filters change the URL and the
// results, the URL restores them, and axe finds nothing with results shown.
func TestSearchPage(t *testing.T) {
	dir := exampleDir(t)
	ctx, errs := open(t, dir, "/search/", 1280)
	links := func() []string {
		return eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results > li h2 a'), a => a.getAttribute('href'))`)
	}
	waitFor := func(what, cond string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !eval[bool](t, ctx, cond) {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s: status %q, results %q", what,
					eval[string](t, ctx, `document.getElementById('search-status').textContent`), links())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	eval[bool](t, ctx, `window.notReloaded = true`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), "运营")); err != nil {
		t.Fatal(err)
	}
	waitFor("results for 运营", `document.querySelectorAll('#search-results > li').length === 1`)
	if got := links(); len(got) != 1 || got[0] != "/2023/wujing/xinzhongxin-yunying/" {
		t.Errorf("运营 finds %q, want the one project named with it", got)
	}
	if !eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Error("typing reloaded the page")
	}
	if vs := browsertest.Axe(t, ctx); len(vs) != 0 {
		t.Errorf("axe with results shown: %v", vs)
	}

	// 满意度 is in all four projects' indicators; a filter by a category
	// none of them has empties the list, and the URL says so.
	eval[bool](t, ctx, `(document.getElementById('q').value = '', true)`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), "满意度")); err != nil {
		t.Fatal(err)
	}
	waitFor("results for 满意度", `document.querySelectorAll('#search-results > li').length === 4`)
	eval[bool](t, ctx, `(() => { const s = document.getElementById('f-category'); s.value = '一次性项目'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor("the category filter", `document.querySelectorAll('#search-results > li').length === 0 && location.search.includes('category=')`)
	q, _ := url.ParseQuery(strings.TrimPrefix(eval[string](t, ctx, `location.search`), "?"))
	if q.Get("q") != "满意度" || q.Get("category") != "一次性项目" {
		t.Errorf("URL %v, want q=满意度 and category=一次性项目", q)
	}

	// The shared link restores the query, the filter and the results.
	shared := eval[string](t, ctx, `location.href`)
	eval[bool](t, ctx, `(() => { const s = document.getElementById('f-category'); s.value = '专项资金'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	waitFor("专项资金", `document.querySelectorAll('#search-results > li').length === 4`)
	if err := chromedp.Do(ctx, chromedp.Navigate(strings.Replace(shared, "%E4%B8%80%E6%AC%A1%E6%80%A7%E9%A1%B9%E7%9B%AE", "%E4%B8%93%E9%A1%B9%E8%B5%84%E9%87%91", 1))); err != nil {
		t.Fatal(err)
	}
	waitFor("the restored search", `document.querySelectorAll('#search-results > li').length === 4`)
	if v := eval[string](t, ctx, `document.getElementById('q').value + '|' + document.getElementById('f-category').value`); v != "满意度|专项资金" {
		t.Errorf("restored form %q, want 满意度|专项资金", v)
	}
	if e := errs(); len(e) != 0 {
		t.Errorf("console errors: %q", e)
	}
}
