// Package build runs the whole pipeline of jixiao on one site:
//
//	load → check → plan → render → write
//
// Build reads the site from an fs.FS (a folder, or fstest.MapFS in tests),
// stops at check errors, plans the page graph (package site), renders every
// page through the layouts (package render), generates the data files
// (package export), the feeds (package feed), the search index (package
// search) and any extra generators, and writes everything to a
// publish.Output: a folder swapped in atomically by `jixiao build`, or
// memory for tests and the dev server.
//
// Memory does not grow with the text of the projects: Build keeps each
// project slim once checked (project.Project.Slim), with what the index
// pages and totals need, and the whole of it encoded in a temporary file,
// which it decodes, on every processor, in one pass for the project pages,
// the data files and the feed, and once more for the search index, which
// takes the projects in an order of its own.
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
	"sync/atomic"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/export"
	"jixiao/internal/feed"
	"jixiao/internal/load"
	"jixiao/internal/parallel"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/site"
)

// Generator writes files that are not pages from the plan. It must be
// deterministic; its files are written as it writes them, after the
// pages, and may not have the name of another output. The projects of
// the plan are slim (project.Project.Slim), in a build and in the dev
// server alike: s.Full gives one with all its content.
type Generator func(s *site.Site, out publish.Output) error

// Options control a build.
type Options struct {
	// Strict makes warnings stop the build, as errors do.
	Strict bool
	// Extra generators run after the project pages, data files and feed.
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
//
// Each project is checked as it is loaded, encoded into a temporary file
// (projectSpool) and kept slim: a large site's text never sits in memory
// whole. The pages of the projects, the data files and the search index
// decode it again. What is published is what was checked, even if a file
// is saved while the build runs.
func Build(fsys fs.FS, out publish.Output, opts Options) (Result, error) {
	spool, err := newProjectSpool()
	if err != nil {
		return Result{}, err
	}
	defer spool.close()
	var spoolErr atomic.Pointer[error]
	s, ds := load.ReadEach(fsys, func(cfg *config.Site, p *project.Project) []diag.Diagnostic {
		// Put whole, before check.Each keeps it slim; the checks change
		// nothing that is encoded.
		if err := spool.put(p); err != nil {
			spoolErr.CompareAndSwap(nil, &err)
		}
		return check.Each(cfg, p)
	})
	err = spool.done()
	if first := spoolErr.Load(); first != nil {
		err = *first
	}
	if err != nil {
		diag.Sort(ds)
		return Result{Diagnostics: ds, Projects: len(s.Projects)}, err
	}
	ds = append(ds, check.Site(s)...)
	diag.Sort(ds)
	if check.Failed(ds, opts.Strict) {
		return Result{Diagnostics: ds, Projects: len(s.Projects)}, ErrCheck
	}
	for _, p := range s.Projects {
		p.KeepPositions()
	}
	builtin := opts.Builtin
	if builtin == nil {
		builtin = jixiao.Builtin
	}
	assets := render.Overlay{{Name: "站点", FS: fsys}, {Name: "内置", FS: builtin}}
	res, err := loaded(s, assets, out, opts, spool)
	res.Diagnostics = append(ds, res.Diagnostics...)
	return res, err
}

// Loaded runs the stages after the check — plan, render, write — on a
// loaded site, with assets holding layouts/ and static/. It builds a site
// as it is, checked or not: the dev server can reuse a load, and tests
// render content that the checks would refuse. Its projects must not be
// slim.
func Loaded(s *load.Site, assets fs.FS, out publish.Output, opts Options) (Result, error) {
	return loaded(s, assets, out, opts, nil)
}

// loaded is Loaded, with spool, if not nil, giving the site's slim
// projects in full.
func loaded(s *load.Site, assets fs.FS, out publish.Output, opts Options, spool *projectSpool) (Result, error) {
	res := Result{Projects: len(s.Projects)}
	g, ds := site.New(s)
	if len(ds) > 0 {
		res.Diagnostics = ds
		return res, ErrCheck
	}
	each := inGraph(g)
	if spool != nil {
		g.SetFull(spool.get)
		each = spool.each
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
	downloads, err := projectPages(g, r, w)
	if err != nil {
		return res, err
	}
	// The index pages are made as they are rendered: a large site has
	// tens of thousands. The data page lists the data files with their
	// sizes, and comes after them.
	pages := g.NumIndexPages() + len(g.Projects)
	err = renderAll(r, g, w)
	if err == nil {
		err = renderData(r.With(extras(statics, downloads)), g, w)
	}
	if err == nil {
		err = feed.WriteSitemap(g, w)
	}
	for _, gen := range opts.Extra {
		if err == nil {
			err = generated(gen(g, w))
		}
	}
	// The search index takes the projects in an order of its own, getting
	// them in full once more. It is made last: a build's spool then gives
	// them by where they are, and the page graph and the projects can go.
	if err == nil {
		err = generated(writeSearch(g, each, w))
	}
	if err != nil {
		return res, err
	}
	res.Pages, res.Files = pages, int(w.files.Load())
	return res, nil
}

// projectPages renders the page of every project and writes the data files
// and the feed, all in one pass over the projects in full, and returns the
// downloads that the data page lists. The projects are got in full on
// every processor, each rendered and its page written there, and handed in
// the site's order to the data files and the feed.
func projectPages(g *site.Site, r *render.Renderer, w *writer) ([]render.Download, error) {
	data, err := export.NewWriter(g, w)
	if err != nil {
		return nil, fmt.Errorf("生成数据文件 [data files]: %w", err)
	}
	atom, err := feed.NewFeed(g, w)
	if err != nil {
		data.Abort()
		return nil, generated(err)
	}
	type page struct {
		p   *site.Project
		err error
	}
	parallel.Ordered(len(g.Projects), func(i int) page {
		full, err := g.Full(g.Projects[i])
		if err != nil {
			return page{err: err}
		}
		return page{full, renderPage(r, site.ProjectPageOf(full), w)}
	}, func(_ int, pg page) bool {
		err = pg.err
		if err == nil {
			err = data.Add(pg.p)
		}
		if err == nil {
			err = generated(atom.Add(pg.p))
		}
		return err == nil
	})
	if err != nil {
		data.Abort()
		atom.Close()
		return nil, err
	}
	files, err := data.Close()
	if aerr := atom.Close(); err == nil && aerr != nil {
		return nil, generated(aerr)
	}
	if err != nil {
		return nil, fmt.Errorf("生成数据文件 [data files]: %w", err)
	}
	return downloadsOf(files), nil
}

// generated wraps an error of a generator.
func generated(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("生成文件 [generating files]: %w", err)
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
