package build

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"jixiao/internal/diag"
	"jixiao/internal/export"
	"jixiao/internal/feed"
	"jixiao/internal/load"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/site"
)

// Plan is a loaded site planned but not rendered, as the dev server keeps
// it: the page graph, the parsed layouts and the static files. Pages are
// rendered and the other files generated only when asked for, with the
// bytes that Loaded writes. A Plan is safe for concurrent use; it never
// changes once made, except for the files it generates and keeps.
type Plan struct {
	Site  *site.Site
	Pages []*site.Page // in the order of site.Pages

	assets  fs.FS
	statics map[string][]byte // "static/style.css" → contents
	names   []string          // of statics, sorted
	r       *render.Renderer  // without downloads: only the data page lists them
	byFile  map[string]*site.Page

	data files // the data files (package export)
	gens files // the generators' files
	opts Options
}

// files are files generated once, on demand.
type files struct {
	once  sync.Once
	files publish.Memory
	data  []export.File
	err   error
}

// NewPlan plans the loaded site s, with assets holding layouts/ and
// static/, as Loaded does before it renders. Its diagnostics are those of
// site.New, with ErrCheck; any other error is one of the layouts or of
// reading static/.
func NewPlan(s *load.Site, assets fs.FS, opts Options) (*Plan, []diag.Diagnostic, error) {
	names, err := overlayFiles(assets, StaticDir)
	if err != nil {
		return nil, nil, fmt.Errorf("读取 static/ [reading static files]: %w", err)
	}
	statics := make(map[string][]byte, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(assets, name)
		if err != nil {
			return nil, nil, fmt.Errorf("读取 [reading] %s: %w", name, err)
		}
		statics[name] = data
	}
	return plan(s, assets, statics, names, opts)
}

// Replan plans s with the layouts and static files of p, as after an edit
// of content only. The layouts are parsed again: a Renderer belongs to one
// page graph.
func (p *Plan) Replan(s *load.Site) (*Plan, []diag.Diagnostic, error) {
	return plan(s, p.assets, p.statics, p.names, p.opts)
}

func plan(s *load.Site, assets fs.FS, statics map[string][]byte, names []string, opts Options) (*Plan, []diag.Diagnostic, error) {
	g, ds := site.New(s)
	if len(ds) > 0 {
		return nil, ds, ErrCheck
	}
	r, err := render.New(assets, g, extras(names, nil))
	if err != nil {
		return nil, nil, err
	}
	p := &Plan{Site: g, Pages: g.Pages(), assets: assets, statics: statics, names: names, r: r, opts: opts}
	p.byFile = make(map[string]*site.Page, len(p.Pages))
	for _, pg := range p.Pages {
		p.byFile[pg.File()] = pg
	}
	return p, nil, nil
}

// Page returns the page written at name ("2023/a/index.html"), or nil.
func (p *Plan) Page(name string) *site.Page { return p.byFile[name] }

// Render renders a page of the plan: a project's with the project in
// full. The data page first waits for the data files, whose sizes it
// shows.
func (p *Plan) Render(pg *site.Page) ([]byte, error) {
	if pg.Kind == site.ProjectPage {
		full, err := p.Site.Full(pg.Project)
		if err != nil {
			return nil, err
		}
		return p.r.Render(site.ProjectPageOf(full))
	}
	if pg.Kind != site.DataPage {
		return p.r.Render(pg)
	}
	d := p.dataFiles()
	if d.err != nil {
		return nil, d.err
	}
	return p.r.With(extras(p.names, downloadsOf(d.data))).Render(pg)
}

// Static returns the contents of a file of static/ ("static/style.css").
func (p *Plan) Static(name string) ([]byte, bool) {
	data, ok := p.statics[name]
	return data, ok
}

// Generated returns a file that is neither a page nor static: a data file,
// the feeds, a generator's files. The generators run, all of them, on the
// first call that needs them; the data files, which can take long, only
// for a name under data/, where package export writes them all.
func (p *Plan) Generated(name string) ([]byte, bool, error) {
	if strings.HasPrefix(name, export.Dir+"/") {
		d := p.dataFiles()
		if data, ok := d.files[name]; ok || d.err != nil {
			return data, ok, d.err
		}
	}
	g := p.generated()
	data, ok := g.files[name]
	return data, ok, g.err
}

func (p *Plan) dataFiles() *files {
	d := &p.data
	d.once.Do(func() {
		mem := publish.Memory{}
		d.data, d.err = export.Write(p.Site, p.writer(mem))
		if d.err != nil {
			d.err = fmt.Errorf("生成数据文件 [data files]: %w", d.err)
			return
		}
		d.files = mem
	})
	return d
}

func (p *Plan) generated() *files {
	g := &p.gens
	g.once.Do(func() {
		mem := publish.Memory{}
		w := p.writer(mem)
		for _, gen := range slices.Concat([]Generator{feed.Write, searchIndex}, p.opts.Extra) {
			if err := gen(p.Site, w); err != nil {
				g.err = fmt.Errorf("生成文件 [generating files]: %w", err)
				return
			}
		}
		g.files = mem
	})
	return g
}

// writer writes generated files to mem, refusing, as a build does, two
// with one name and any at the name of a page or a static file.
func (p *Plan) writer(mem publish.Memory) *writer {
	w := newWriter(mem)
	w.taken = func(name string) bool {
		_, page := p.byFile[name]
		_, static := p.statics[name]
		return page || static
	}
	return w
}

// Verify renders one page of each kind, so that an error of a layout that
// shows only when it runs ("can't evaluate field") is found before anyone
// asks for a page: the smallest index page of each kind, and the project
// page with the most indicators, which runs its loops the most. The data
// page is rendered without its downloads.
func (p *Plan) Verify() error {
	first := map[site.Kind]*site.Page{}
	var kinds []site.Kind
	for _, pg := range p.Pages {
		have, ok := first[pg.Kind]
		if !ok {
			kinds = append(kinds, pg.Kind)
		}
		if !ok || rank(pg) < rank(have) {
			first[pg.Kind] = pg
		}
	}
	for _, k := range kinds {
		render := p.Render
		if k == site.DataPage {
			render = p.r.Render
		}
		if _, err := render(first[k]); err != nil {
			return err
		}
	}
	return nil
}

// rank orders the pages of a kind for Verify, which renders the lowest:
// the index page with the fewest projects, the quickest to render, and
// the project page with the most indicators, whose loops run the most of
// its layout (every project page is quick).
func rank(pg *site.Page) int {
	switch {
	case pg.Year != nil:
		return len(pg.Year.Projects)
	case pg.Department != nil:
		return len(pg.Department.Projects)
	case pg.Unit != nil:
		return len(pg.Unit.Projects)
	case pg.Project != nil:
		return -pg.Project.Outline().Indicators
	}
	return 0
}
