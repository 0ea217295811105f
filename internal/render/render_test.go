package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"jixiao/internal/config"
	"jixiao/internal/decimal"
	"jixiao/internal/site"
)

func TestMarkdownDropsDangerousLinks(t *testing.T) {
	for _, src := range []string{
		`[x](javascript:alert(1))`,
		`[x](JavaScript:alert(1))`,
		`[x](  javascript:alert(1))`,
		`[x](java&#x73;cript:alert(1))`,
		`[x](<java	script:alert(1)>)`,
		`[x](vbscript:msgbox(1))`,
		`[x](data:text/html,<script>alert(1)</script>)`,
		`[x](file:///etc/passwd)`,
		"[x][r]\n\n[r]: javascript:alert(1)",
		`<javascript:alert(1)>`,
		`![x](javascript:alert(1))`,
		`![x](data:image/svg+xml,<svg onload=alert(1)>)`,
	} {
		html, err := Markdown([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(string(html))
		if strings.Contains(low, "<a ") || strings.Contains(low, "<img") {
			t.Errorf("%s\n→ %s: kept the link", src, html)
		}
	}
}

func TestMarkdownKeepsSafeLinks(t *testing.T) {
	html, _ := Markdown([]byte("[文件](https://example.org/a) [本站](/2023/) [信](mailto:a@example.org) <https://example.org/b>"))
	for _, want := range []string{`href="https://example.org/a"`, `href="/2023/"`, `href="mailto:a@example.org"`, `href="https://example.org/b"`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
}

func TestMarkdown(t *testing.T) {
	src := "# 项目概况\n\n第一行\n第二行\n\n<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b>\n\n" +
		"| 指标 | 值 |\n| --- | --- |\n| 次数 | ≥24次 |\n\n![图](https://example.org/a.png)\n"
	html, err := Markdown([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	for _, want := range []string{
		"<h2>项目概况</h2>",                             // headings go one level down
		"<p>第一行第二行</p>",                             // CJK: no space where the line broke
		"<th>指标</th>",                               // GFM tables
		"<!-- raw HTML omitted -->",                 // no raw HTML
		`<a href="https://example.org/a.png">图</a>`, // no image from another host
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	for _, bad := range []string{"<script", "onclick", "<img"} {
		if strings.Contains(s, bad) {
			t.Errorf("has %q:\n%s", bad, s)
		}
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[string]string{"0": "0.00", "28.86": "28.86", "1234.5": "1,234.50", "0.0125": "0.0125", "-3": "-3.00"} {
		d, _ := decimal.Parse(in)
		if got := Money(d); got != want {
			t.Errorf("Money(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int]string{0: "0 字节", 1023: "1023 字节", 1024: "1.0 KB", 12800: "12.5 KB", 3 << 20: "3.0 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestOverlay(t *testing.T) {
	o := Overlay{
		{Name: "站点", FS: fstest.MapFS{"layouts/a.html": {Data: []byte("site a")}, "static/x.css": {Data: []byte("x")}}},
		{Name: "内置", FS: fstest.MapFS{"layouts/a.html": {Data: []byte("builtin a")}, "layouts/b.html": {Data: []byte("builtin b")}}},
	}
	if b, _ := fs.ReadFile(o, "layouts/a.html"); string(b) != "site a" {
		t.Errorf("a.html = %q, want the site's", b)
	}
	if b, _ := fs.ReadFile(o, "layouts/b.html"); string(b) != "builtin b" {
		t.Errorf("b.html = %q, want the built-in one", b)
	}
	names, err := o.Files("layouts")
	if err != nil || strings.Join(names, " ") != "layouts/a.html layouts/b.html" {
		t.Errorf("Files = %v, %v", names, err)
	}
	if o.Origin("layouts/a.html") != "站点" || o.Origin("layouts/b.html") != "内置" {
		t.Errorf("Origin wrong")
	}
	if _, err := o.Files("nothing"); err != nil {
		t.Errorf("Files of a missing folder: %v", err)
	}
}

func testSite() *site.Site {
	return &site.Site{Config: &config.Site{Title: "测试", BaseURL: "https://example.org/"}}
}

func TestTemplateErrorsNameFileAndLine(t *testing.T) {
	base := "{{define \"base\"}}<main>{{block \"main\" .}}{{end}}</main>{{end}}"
	parse := fstest.MapFS{
		"layouts/base.html": {Data: []byte(base)},
		"layouts/home.html": {Data: []byte("{{define \"main\"}}\n<p>\n{{.Page.Title</p>{{end}}")},
	}
	_, err := New(Overlay{{Name: "站点", FS: parse}}, testSite(), Extras{})
	if err == nil || !strings.Contains(err.Error(), "layouts/home.html:3") {
		t.Errorf("parse error = %v, want it to name layouts/home.html:3", err)
	}

	exec := fstest.MapFS{
		"layouts/base.html": {Data: []byte(base)},
		"layouts/home.html": {Data: []byte("{{define \"main\"}}\n\n\n<p>{{.Page.Nope}}</p>{{end}}")},
	}
	r, err := New(exec, testSite(), Extras{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Render(&site.Page{Kind: site.HomePage, URL: "/"})
	if err == nil || !strings.Contains(err.Error(), "layouts/home.html:4") {
		t.Errorf("exec error = %v, want it to name layouts/home.html:4", err)
	}

	_, err = r.Render(&site.Page{Kind: site.DataPage, URL: "/data/"})
	if err == nil || !strings.Contains(err.Error(), "layouts/data.html") {
		t.Errorf("missing layout: %v", err)
	}
}
