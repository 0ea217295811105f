// Package build runs the whole pipeline of jixiao on one site:
//
//	load → check → plan → render → write
//
// Build reads the site from an fs.FS (a folder, or fstest.MapFS in tests),
// stops at check errors, plans the page graph (package site), renders every
// page through the layouts (package render), generates the data files
// (package export), the feeds (package feed) and any extra generators, and
// writes everything to a publish.Output: a folder swapped in atomically by
// `jixiao build`, or memory for tests and the dev server.
//
// Files are written as soon as they are made, pages by every processor at
// once; the output is deterministic all the same: each file's bytes depend
// only on the site, and nothing reads the clock.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/diag"
	"jixiao/internal/export"
	"jixiao/internal/feed"
	"jixiao/internal/load"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/site"
)

// Generator writes files that are not pages (a feed, an index) from the
// plan. It must be deterministic; its files are written as it writes them,
// while the pages are rendered, and may not have the name of another
// output.
type Generator func(s *site.Site, out publish.Output) error

// generators are the generators of every build, after the data files
// (package export, which the data page lists). To add generated files to
// every site — a search index, say — add a Generator here; Options.Extra
// adds more for one build.
func generators() []Generator {
	return []Generator{
		feed.Write,
		searchIndex,
	}
}

// Options control a build.
type Options struct {
	// Strict makes warnings stop the build, as errors do.
	Strict bool
	// Extra generators run after the built-in ones.
	Extra []Generator
	// Builtin holds the built-in layouts/ and static/; nil means jixiao.Builtin.
	Builtin fs.FS
}

// Result is what a build did.
type Result struct {
	// Diagnostics of loading and checking, sorted; present even when the
	// build went on.
	Diagnostics []diag.Diagnostic
	Projects    int
	Pages       int // HTML pages written
	Files       int // all files written, pages included
}

// StaticDir is the folder of static files, in the site, built in, and in
// the output.
const StaticDir = "static"

// ErrCheck is returned (wrapped) when the diagnostics stop the build.
var ErrCheck = errors.New("检查未通过，未生成网站 [check failed: nothing was built]")

// Build loads and checks the site in fsys and, if the check passes, renders
// it and writes it to out. A failed build may have written some files to
// out: publish.Dir discards them unless committed.
func Build(fsys fs.FS, out publish.Output, opts Options) (Result, error) {
	// Each project is checked as it is loaded, and the positions of its
	// keys, a third of a loaded project's memory, let go of but for the
	// few the site-wide rules need; after those, of all.
	s, ds := load.ReadEach(fsys, check.Each)
	ds = append(ds, check.Site(s)...)
	diag.Sort(ds)
	if check.Failed(ds, opts.Strict) {
		return Result{Diagnostics: ds, Projects: len(s.Projects)}, ErrCheck
	}
	for _, p := range s.Projects {
		p.Pos, p.Unread = nil, nil
	}
	builtin := opts.Builtin
	if builtin == nil {
		builtin = jixiao.Builtin
	}
	assets := render.Overlay{{Name: "站点", FS: fsys}, {Name: "内置", FS: builtin}}
	res, err := Loaded(s, assets, out, opts)
	res.Diagnostics = append(ds, res.Diagnostics...)
	return res, err
}

// Loaded runs the stages after the check — plan, render, write — on a
// loaded site, with assets holding layouts/ and static/. It builds a site
// as it is, checked or not: the dev server can reuse a load, and tests
// render content that the checks would refuse.
func Loaded(s *load.Site, assets fs.FS, out publish.Output, opts Options) (Result, error) {
	res := Result{Projects: len(s.Projects)}
	g, ds := site.New(s)
	if len(ds) > 0 {
		res.Diagnostics = ds
		return res, ErrCheck
	}
	w := newWriter(out)
	statics, err := staticFiles(assets, w)
	if err != nil {
		return res, err
	}
	r, err := render.New(assets, g, extras(statics, nil))
	if err != nil {
		return res, err
	}
	// The data page lists the data files with their sizes: it is rendered
	// after them, and every other page while they are made.
	var pages, dataPages []*site.Page
	for _, p := range g.Pages() {
		if p.Kind == site.DataPage {
			dataPages = append(dataPages, p)
		} else {
			pages = append(pages, p)
		}
	}
	var downloads []render.Download
	var genErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		downloads, genErr = generate(g, w, opts)
	}()
	err = renderAll(r, pages, w)
	<-done
	if err == nil {
		err = genErr
	}
	if err == nil {
		err = renderAll(r.With(extras(statics, downloads)), dataPages, w)
	}
	if err != nil {
		return res, err
	}
	res.Pages, res.Files = len(pages)+len(dataPages), int(w.files.Load())
	return res, nil
}

// generate writes the data files (package export) and the files of the
// generators, and returns the downloads that the data page lists.
func generate(g *site.Site, w *writer, opts Options) ([]render.Download, error) {
	data, err := export.Write(g, w)
	if err != nil {
		return nil, fmt.Errorf("生成数据文件 [data files]: %w", err)
	}
	downloads := downloadsOf(data)
	for _, gen := range slices.Concat(generators(), opts.Extra) {
		if err := gen(g, w); err != nil {
			return nil, fmt.Errorf("生成文件 [generating files]: %w", err)
		}
	}
	return downloads, nil
}

// downloadsOf lists the data files for the data page.
func downloadsOf(data []export.File) []render.Download {
	var downloads []render.Download
	for _, f := range data {
		downloads = append(downloads, render.Download{
			URL: "/" + f.Name, Title: f.Title, Format: f.Format, Note: f.Note, Size: f.Size})
	}
	return downloads
}

// extras is what the layouts get besides the plan, given the names of the
// static files and the downloads.
func extras(statics []string, downloads []render.Download) render.Extras {
	return render.Extras{Downloads: downloads, SearchScript: slices.Contains(statics, "static/search.js")}
}

// staticFiles copies every file of static/ into files and returns their names.
func staticFiles(assets fs.FS, files publish.Output) ([]string, error) {
	names, err := overlayFiles(assets, StaticDir)
	if err != nil {
		return nil, fmt.Errorf("读取 static/ [reading static files]: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(assets, name)
		if err != nil {
			return nil, fmt.Errorf("读取 [reading] %s: %w", name, err)
		}
		if err := files.WriteFile(name, data); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func overlayFiles(assets fs.FS, dir string) ([]string, error) {
	if o, ok := assets.(render.Overlay); ok {
		return o.Files(dir)
	}
	return render.Overlay{{FS: assets}}.Files(dir)
}
