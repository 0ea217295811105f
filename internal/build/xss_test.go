package build_test

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/config"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/value"
)

// hostile is text that runs script if a page lets it through: each piece
// sets window.__x.
const hostile = `<script>window.__x=1</script>"><img src=x onerror="window.__x=2">'><svg onload=window.__x=3>`

// hostileSite is a site whose every text field — and site.toml — carries
// hostile, rendered as it is: the checks, which would refuse some of it,
// are skipped.
func hostileSite() *load.Site {
	cfg := config.Default()
	cfg.Title, cfg.Description, cfg.BaseURL = hostile, hostile, `"><script>window.__x=4</script>`
	cfg.Footer = config.Footer{Operator: "government", Sponsor: hostile, Organizer: hostile, Contact: hostile,
		ICP: hostile, Police: hostile, PoliceURL: "javascript:window.__x=5", SiteCode: hostile}
	in := project.Indicator{Level1: hostile, Level2: hostile, Name: hostile, Target: value.Parse(hostile)}
	body := "## " + hostile + "\n\n" + hostile + "\n\n" +
		"[a](javascript:window.__x=6) [b](JAVASCRIPT:window.__x=7) [c](java&#x73;cript:window.__x=8) " +
		"<javascript:window.__x=9> [d](data:text/html,<script>window.__x=10</script>) [e](vbscript:x)\n\n" +
		"<a href=\"javascript:window.__x=11\">raw</a> <img src=x onerror=\"window.__x=12\">\n"
	p := &project.Project{
		Path: "content/2023/x.md", Slug: `2023/x'"<y>`,
		Name: hostile, Code: hostile, Year: 2023, Department: hostile, Unit: hostile, Category: hostile,
		Content: &project.Content{Goals: project.Goals{Overall: hostile, Annual: hostile}, Indicators: []project.Indicator{in, in}, Body: []byte(body)},
	}
	return &load.Site{Config: cfg, Projects: []*project.Project{p}}
}

func TestHostileContentRunsNoScript(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	d, err := publish.Create(dir, publish.Protect{})
	if err != nil {
		t.Fatal(err)
	}
	assets := render.Overlay{{Name: "内置", FS: jixiao.Builtin}}
	if _, err := build.Loaded(hostileSite(), assets, d, build.Options{}); err != nil {
		d.Abort()
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	var pages []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(pages) < 8 {
		t.Fatalf("only %d pages: %v", len(pages), pages)
	}
	for _, page := range pages {
		raw, _ := os.ReadFile(filepath.Join(dir, page))
		if strings.Contains(strings.ToLower(string(raw)), `href="javascript:`) {
			t.Errorf("%s: has a javascript: link", page)
		}
		t.Run(page, func(t *testing.T) {
			t.Parallel()
			u := "/"
			for _, seg := range strings.Split(strings.TrimSuffix(page, "index.html"), "/") {
				if seg != "" {
					u += url.PathEscape(seg) + "/"
				}
			}
			if !strings.HasSuffix(page, "index.html") {
				u = "/" + page
			}
			ctx, errs := open(t, dir, u, 1280)
			if ran := eval[bool](t, ctx, `window.__x !== undefined`); ran {
				t.Errorf("script ran: window.__x = %v", eval[any](t, ctx, `window.__x`))
			}
			bad := eval[[]string](t, ctx, `[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
				.filter(a => a.name.startsWith('on') ||
					['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) &&
					/^\s*(javascript|vbscript|data):/i.test(a.value))
				.map(a => e.tagName + ' ' + a.name + '=' + a.value))`)
			for _, b := range bad {
				t.Errorf("dangerous attribute: %s", b)
			}
			scripts := eval[[]string](t, ctx, `[...document.scripts].map(s => s.src ? new URL(s.src).pathname : 'inline: ' + s.text)`)
			for _, s := range scripts {
				if s != "/static/site.js" && s != "/static/search.js" {
					t.Errorf("unexpected script %q", s)
				}
			}
			if text := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(text, `<script>window.__x=1</script>`) {
				t.Errorf("the hostile text is not shown literally:\n%s", text)
			}
			if e := errs(); len(e) != 0 {
				t.Errorf("console errors: %q", e)
			}
		})
	}
}
