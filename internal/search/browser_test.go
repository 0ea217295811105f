package search

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"jixiao/internal/browsertest"
	"jixiao/internal/decimal"
	"jixiao/internal/project"
)

const (
	scriptFile = "../../static/search.js"
	pageFile   = "../../testdata/search/page.html"
	baseLayout = "../../layouts/base.html"
)

// siteCSP is the Content-Security-Policy of the site's pages, read from
// the meta element of layouts/base.html: search.js must work under it,
// without inline script or eval.
func siteCSP(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(baseLayout)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s: no <meta http-equiv=\"Content-Security-Policy\" content=\"…\">", baseLayout)
	}
	return html.UnescapeString(string(m[1]))
}

// serveSite writes a site for the browser into a new folder: the search
// page of testdata/search/page.html at /search/, the index of projects at
// /search/index/ and static/search.js at /static/search.js. It serves the
// folder under the site's policy (siteCSP) and returns the base URL.
func serveSite(t testing.TB, ts testSite) string {
	t.Helper()
	dir := t.TempDir()
	if err := write(dirWriter(dir), ts.projects, ts.opt); err != nil {
		t.Fatal(err)
	}
	copyFile(t, pageFile, filepath.Join(dir, "search", "index.html"))
	copyFile(t, scriptFile, filepath.Join(dir, "static", "search.js"))
	return serveCSP(t, dir)
}

func serveCSP(t testing.TB, dir string) string {
	t.Helper()
	csp := siteCSP(t)
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// state is what the page shows results for, as search.js reports it in
// jixiaoSearch.shown.
type state struct {
	Q          string `json:"q"`
	Year       string `json:"year"`
	Department string `json:"department"`
	Category   string `json:"category"`
}

// openPage opens a page in a new tab and waits until it shows the results
// for st. It fails the test on any console error when the test ends.
func openPage(t *testing.T, pageURL string, st state) context.Context {
	t.Helper()
	ctx := browsertest.Tab(t)
	errs := browsertest.ConsoleErrors(t, ctx)
	t.Cleanup(func() {
		if e := errs(); len(e) > 0 {
			t.Errorf("console errors on %s:\n%s", pageURL, strings.Join(e, "\n"))
		}
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	waitShown(t, ctx, st)
	return ctx
}

// waitShown waits until the page shows the results for st and is idle.
func waitShown(t *testing.T, ctx context.Context, st state) {
	t.Helper()
	expr := `window.jixiaoSearch && JSON.stringify(jixiaoSearch.shown) === ` + jsString(jsString(st)) + ` &&
		document.getElementById('search-results').getAttribute('aria-busy') === 'false'`
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.jixiaoSearch && jixiaoSearch.shown)`))
		t.Fatalf("waiting for the results of %+v: %v (shown: %s)", st, err, shown)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func jsString(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func TestJSTokenizeVectors(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, scriptFile, filepath.Join(dir, "search.js"))
	page := `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
		`<title>tokenize</title><script src="search.js"></script></head><body></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Tab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(serveCSP(t, dir)+"/index.html")); err != nil {
		t.Fatal(err)
	}
	vs := readVectors(t)
	type got struct {
		Normalized string   `json:"normalized"`
		Terms      []string `json:"terms"`
		Tokens     []string `json:"tokens"`
	}
	results := eval[[]got](t, ctx, `(`+jsString(vs)+`).map(v => ({
		normalized: jixiaoSearch.normalize(v.input),
		terms: jixiaoSearch.terms(v.input),
		tokens: jixiaoSearch.tokenize(v.input),
	}))`)
	for i, v := range vs {
		g := results[i]
		if g.Normalized != v.Normalized {
			t.Errorf("%s: normalize(%q) = %q, want %q", v.Name, v.Input, g.Normalized, v.Normalized)
		}
		if !slices.Equal(g.Terms, v.Terms) && len(g.Terms)+len(v.Terms) > 0 {
			t.Errorf("%s: terms(%q) = %q, want %q", v.Name, v.Input, g.Terms, v.Terms)
		}
		if !slices.Equal(g.Tokens, v.Tokens) && len(g.Tokens)+len(v.Tokens) > 0 {
			t.Errorf("%s: tokenize(%q) = %q, want %q", v.Name, v.Input, g.Tokens, v.Tokens)
		}
	}
}

// jsQuery is a query as search.js's query() takes it.
type jsQuery struct {
	Q       string         `json:"q"`
	Filters map[string]any `json:"filters"`
}

func (q query) js() jsQuery {
	f := map[string]any{}
	if q.Year != 0 {
		f["year"] = q.Year
	}
	if q.Department != "" {
		f["department"] = q.Department
	}
	if q.Category != "" {
		f["category"] = q.Category
	}
	return jsQuery{q.Q, f}
}

// TestJSSearchEqualsScan runs the listed queries and random ones through
// search.js in the browser and compares the results with the plain scan,
// and their order with the Go reading of the index.
func TestJSSearchEqualsScan(t *testing.T) {
	for name, ts := range sites(t) {
		projects := ts.projects
		t.Run(name, func(t *testing.T) {
			qs := readQueries(t)
			r := rand.New(rand.NewSource(3))
			for range 150 {
				q := query{Q: randomSubstring(r, projects)}
				switch r.Intn(3) {
				case 0:
					q.Q += randomSubstring(r, projects)
				case 1:
					q.Q += " " + randomSubstring(r, projects)
				}
				qs = append(qs, q)
			}
			jqs := make([]jsQuery, len(qs))
			for i, q := range qs {
				jqs[i] = q.js()
			}
			ctx := openPage(t, serveSite(t, ts)+"/search/", state{})
			got := eval[[][]string](t, ctx, `Promise.all((`+jsString(jqs)+`).map(x => jixiaoSearch.query(x.q, x.filters)))`,
				chromedp.EvalAwaitPromise)
			s := open(t, ts)
			for i, q := range qs {
				ids, _, err := s.search(q.Q, q.filter())
				if err != nil {
					t.Fatal(err)
				}
				order, err := s.urls(ids)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got[i], order) && len(got[i])+len(order) > 0 {
					t.Errorf("%v: search.js ranks\n%q\nthe Go reader\n%q", q, got[i], order)
				}
				sorted := slices.Sorted(slices.Values(got[i]))
				if w := want(projects, q); !slices.Equal(sorted, w) && len(sorted)+len(w) > 0 {
					t.Errorf("%v: search.js found\n%q\nwant\n%q", q, sorted, w)
				}
			}
		})
	}
}

// shown returns the links of the results on the page, the status text and
// the page's query string.
func shown(t *testing.T, ctx context.Context) (links []string, status, search string) {
	t.Helper()
	links = eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results > li h2 a'), a => a.getAttribute('href'))`)
	status = eval[string](t, ctx, `document.getElementById('search-status').textContent`)
	search = eval[string](t, ctx, `location.search`)
	return links, status, search
}

func TestPageTypingShowsResults(t *testing.T) {
	for name, ts := range sites(t) {
		t.Run(name, func(t *testing.T) { testTyping(t, ts) })
	}
}

func testTyping(t *testing.T, ts testSite) {
	ctx := openPage(t, serveSite(t, ts)+"/search/", state{})
	if links, status, _ := shown(t, ctx); len(links) != 0 || !strings.Contains(status, "请输入") {
		t.Errorf("empty page shows %q, status %q; want no results and a prompt", links, status)
	}
	// A page load would lose this.
	eval[bool](t, ctx, `window.notReloaded = true`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), "党建")); err != nil {
		t.Fatal(err)
	}
	waitShown(t, ctx, state{Q: "党建"})
	if !eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Fatal("the page reloaded")
	}
	links, status, search := shown(t, ctx)
	w := want(ts.projects, query{Q: "党建"})
	if len(w) == 0 {
		t.Fatal("no project contains 党建; the test needs one")
	}
	if len(links) != min(len(w), 20) || !strings.Contains(status, fmt.Sprintf("找到 %d 个项目", len(w))) {
		t.Errorf("党建 shows %d results, status %q; want %d of %d", len(links), status, min(len(w), 20), len(w))
	}
	for _, l := range links {
		if _, ok := slices.BinarySearch(w, l); !ok {
			t.Errorf("党建 shows %s, which does not contain it", l)
		}
	}
	if v, _ := url.ParseQuery(strings.TrimPrefix(search, "?")); v.Get("q") != "党建" {
		t.Errorf("URL query %q, want q=党建", search)
	}
	marks := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results mark'), m => m.textContent)`)
	if len(marks) == 0 || slices.ContainsFunc(marks, func(m string) bool { return Normalize(m) != "党建" }) {
		t.Errorf("highlights %q, want some, each 党建", marks)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.search-snippet mark').length`); n == 0 {
		t.Errorf("no snippet shows 党建 in its context")
	}
}

// TestPageWithoutDecompression checks that a browser without
// DecompressionStream still shows results, without snippets.
func TestPageWithoutDecompression(t *testing.T) {
	ts := readSite(t, fixtureSite)
	ctx := browsertest.Tab(t)
	errs := browsertest.ConsoleErrors(t, ctx)
	removeAPI := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: `delete window.DecompressionStream`})
		return err
	})
	if err := chromedp.Do(ctx, removeAPI); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(serveSite(t, ts)+"/search/?q="+url.QueryEscape("党建"))); err != nil {
		t.Fatal(err)
	}
	waitShown(t, ctx, state{Q: "党建"})
	if got := eval[string](t, ctx, `typeof DecompressionStream`); got != "undefined" {
		t.Fatalf("DecompressionStream is %s, want it removed", got)
	}
	links, _, _ := shown(t, ctx)
	if w := want(ts.projects, query{Q: "党建"}); len(links) != len(w) {
		t.Errorf("shows %d results, want %d", len(links), len(w))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.search-snippet').length`); n != 0 {
		t.Errorf("%d snippets without DecompressionStream", n)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("console errors: %q", e)
	}
}

// setSelect chooses a value of a select as a person would: the change
// event follows.
func setSelect(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.getElementById(%s); s.value = %s;
		s.dispatchEvent(new Event('change', {bubbles: true})); return s.value === %[2]s })()`, jsString(id), jsString(value)))
}

func TestPageFiltersLiveInURL(t *testing.T) {
	for name, ts := range sites(t) {
		t.Run(name, func(t *testing.T) { testFilters(t, ts) })
	}
}

func testFilters(t *testing.T, ts testSite) {
	projects := ts.projects
	base := serveSite(t, ts)
	ctx := openPage(t, base+"/search/?q="+url.QueryEscape("服务"), state{Q: "服务"})
	all, _, _ := shown(t, ctx)

	// The filters of the first project: its year, then its department,
	// chosen by slug when site.toml gives one.
	p := projects[0]
	q := query{Q: "服务", Year: p.Year, Department: p.Department}
	st := state{Q: "服务", Year: fmt.Sprint(q.Year)}
	setSelect(t, ctx, "f-year", st.Year)
	waitShown(t, ctx, st)
	st.Department = p.Department
	for _, d := range ts.opt.Departments {
		if d.Name == p.Department && d.Slug != "" {
			st.Department = d.Slug
		}
	}
	setSelect(t, ctx, "f-department", st.Department)
	waitShown(t, ctx, st)
	links, status, search := shown(t, ctx)
	w := want(projects, q)
	slices.Sort(links)
	if len(w) > 20 {
		t.Fatalf("%v has %d results; the test wants at most 20", q, len(w))
	}
	if !slices.Equal(links, w) {
		t.Errorf("%v shows %q, want %q (status %q)", q, links, w, status)
	}
	if len(all) == len(links) {
		t.Logf("note: on this site the filters leave every result of 服务")
	}
	v, _ := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if v.Get("q") != "服务" || v.Get("year") != st.Year || v.Get("department") != st.Department || v.Has("category") {
		t.Errorf("URL query %q, want q, year and department=%s", search, st.Department)
	}

	// The URL restores the query, the filters and the results.
	ctx2 := openPage(t, base+"/search/"+search, st)
	links2, status2, _ := shown(t, ctx2)
	slices.Sort(links2)
	if !slices.Equal(links2, links) || status2 != status {
		t.Errorf("the shared link shows %q (%q), want %q (%q)", links2, status2, links, status)
	}
	for id, v := range map[string]string{"q": "服务", "f-year": st.Year, "f-department": st.Department, "f-category": ""} {
		if got := eval[string](t, ctx2, `document.getElementById(`+jsString(id)+`).value`); got != v {
			t.Errorf("the shared link sets #%s to %q, want %q", id, got, v)
		}
	}

	// Another category.
	q.Category = lastCategory(projects, p.Category)
	st.Category = q.Category
	setSelect(t, ctx2, "f-category", st.Category)
	waitShown(t, ctx2, st)
	links3, status3, _ := shown(t, ctx2)
	slices.Sort(links3)
	if w3 := want(projects, q); !slices.Equal(links3, w3) || len(w3) == 0 && !strings.Contains(status3, "没有找到") {
		t.Errorf("%v shows %q (%q), want %q", q, links3, status3, w3)
	}
}

// lastCategory returns a category other than c, when the site has one.
func lastCategory(projects []*project.Project, c string) string {
	for _, p := range slices.Backward(projects) {
		if p.Category != c {
			return p.Category
		}
	}
	return c
}

func TestPageAccessible(t *testing.T) {
	for name, ts := range sites(t) {
		t.Run(name, func(t *testing.T) {
			ctx := openPage(t, serveSite(t, ts)+"/search/?q="+url.QueryEscape("党建"), state{Q: "党建"})
			if links, _, _ := shown(t, ctx); len(links) == 0 {
				t.Fatal("no results shown")
			}
			for _, v := range browsertest.Axe(t, ctx) {
				t.Errorf("axe: %v", v)
			}
		})
	}
}

// TestPageShowMore checks the paging of a long list of results.
func TestPageShowMore(t *testing.T) {
	var projects []*project.Project
	for i := range 45 {
		projects = append(projects, &project.Project{
			Slug: fmt.Sprintf("2023/p%02d", i), Name: fmt.Sprintf("测试项目%02d", i), Year: 2023,
			Department: "测试部门", Unit: "测试单位", Category: "专项资金",
			Funds:   project.Funds{Total: decimal.FromInt(int64(i))},
			Content: &project.Content{},
		})
	}
	ctx := openPage(t, serveSite(t, testSite{projects: projects})+"/search/?q="+url.QueryEscape("测试"), state{Q: "测试"})
	count := func() int {
		return eval[int](t, ctx, `document.querySelectorAll('#search-results > li').length`)
	}
	for _, n := range []int{20, 40, 45} {
		if got := count(); got != n {
			t.Fatalf("%d results shown, want %d", got, n)
		}
		hidden := eval[bool](t, ctx, `document.getElementById('search-more').hidden`)
		if hidden != (n == 45) {
			t.Fatalf("with %d shown, the more button hidden = %v", n, hidden)
		}
		if n < 45 {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("search-more"))); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll("#search-results > li").length > %d`, n))); err != nil {
				t.Fatal(err)
			}
		}
	}
	if focused := eval[string](t, ctx, `document.activeElement.textContent`); focused != "测试项目40" {
		t.Errorf("focus on %q after showing more, want the first new result", focused)
	}
}
