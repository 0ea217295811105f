// Package render turns the pages of the plan (package site) into HTML
// through html/template layouts. It is the fourth stage of the pipeline
// (load → check → plan → render → write).
//
// Layouts live in layouts/: base.html defines the template "base", the
// document every page shares, which calls the block "main"; the files in
// layouts/partials/ define pieces that any layout may call; every other
// layouts/<kind>.html defines "main" for the pages of that kind (see
// site.Kind). A site's own files override the built-in ones of the same
// name through an Overlay. Each layout receives a *Data.
//
// Template errors name the file and line ("layouts/project.html:12"), so a
// site's maintainer can find a mistake in an override.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"jixiao/internal/site"
)

// LayoutDir is the folder of the layouts, in the site and built in.
const LayoutDir = "layouts"

// Data is what every layout receives.
type Data struct {
	Site *site.Site
	Page *site.Page
	// Downloads are the open-data files, for the data page.
	Downloads []Download
	// SearchScript is set when static/search.js exists: the search page
	// loads it only then, so that it is valid without it.
	SearchScript bool
}

// Download is one file of open data.
type Download struct {
	URL    string // "/data/projects.csv"
	Title  string // "项目表"
	Format string // "CSV"
	Note   string // one line on what it holds
	Size   int    // bytes
}

// Extras is what the renderer needs besides the plan.
type Extras struct {
	Downloads    []Download
	SearchScript bool
}

// Renderer renders the pages of one site.
type Renderer struct {
	site   *site.Site
	extras Extras
	layout map[string]*template.Template // by layout file name
}

// New parses the layouts of assets (a file system with a layouts/ folder,
// usually an Overlay of the site's files over the built-in ones).
func New(assets fs.FS, s *site.Site, x Extras) (*Renderer, error) {
	r := &Renderer{site: s, extras: x, layout: map[string]*template.Template{}}
	var shared, pages []string
	err := fs.WalkDir(assets, LayoutDir, func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() || path.Ext(name) != ".html" || strings.HasPrefix(d.Name(), "."):
		case name == LayoutDir+"/base.html" || path.Dir(name) != LayoutDir:
			shared = append(shared, name)
		default:
			pages = append(pages, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读取模板 [reading layouts]: %w", err)
	}
	common := template.New("").Funcs(r.funcs())
	for _, name := range shared {
		if err := parse(assets, common, name); err != nil {
			return nil, err
		}
	}
	for _, name := range pages {
		t, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if err := parse(assets, t, name); err != nil {
			return nil, err
		}
		r.layout[name] = t
	}
	return r, nil
}

// parse adds the file name of assets to t, as a template of that name.
func parse(assets fs.FS, t *template.Template, name string) error {
	src, err := fs.ReadFile(assets, name)
	if err != nil {
		return err
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("模板有误%s [template error]: %w", origin(assets, name), err)
	}
	return nil
}

// origin notes where a layout comes from when that is not obvious.
func origin(assets fs.FS, name string) string {
	if o, ok := assets.(Overlay); ok {
		if l := o.Origin(name); l != "" {
			return "（" + l + " " + name + "）"
		}
	}
	return ""
}

// Render renders one page.
func (r *Renderer) Render(p *site.Page) ([]byte, error) {
	return r.AppendPage(nil, p)
}

// AppendPage renders one page, appending it to buf, which may be reused
// for the next page once the result is no longer needed.
func (r *Renderer) AppendPage(buf []byte, p *site.Page) ([]byte, error) {
	b := bytes.NewBuffer(buf)
	if err := r.WritePage(b, p); err != nil {
		return buf, err
	}
	return b.Bytes(), nil
}

// WritePage renders one page to w, as it is made: an index page of a
// large site runs to megabytes. After an error, w has part of the page.
func (r *Renderer) WritePage(w io.Writer, p *site.Page) error {
	name := p.Layout()
	t := r.layout[name]
	if t == nil {
		return fmt.Errorf("页面 %s 缺少模板 %s [no layout]", p.URL, name)
	}
	data := &Data{Site: r.site, Page: p, Downloads: r.extras.Downloads, SearchScript: r.extras.SearchScript}
	if err := t.ExecuteTemplate(w, "base", data); err != nil {
		return fmt.Errorf("渲染页面 %s 出错 [rendering failed]: %w", p.URL, err)
	}
	return nil
}

// With returns a renderer with r's layouts and site that gives the layouts
// x instead: the dev server renders most pages before it has the data
// files, and the data page, which lists them, with them.
func (r *Renderer) With(x Extras) *Renderer {
	c := *r
	c.extras = x
	return &c
}
