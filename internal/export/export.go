// Package export writes the open data of a site — every project and every
// indicator — as CSV (UTF-8 with a BOM, so that Excel opens it), JSON and
// XLSX. It works on the plan (package site) and writes beside the
// rendered pages; the data page lists what it wrote. A Writer takes the
// projects one at a time, so that a build need not hold them all.
//
// Amounts are written exactly as decimal strings; targets as published,
// with the parsed comparison, number and unit beside them. The
// self-evaluation (绩效自评) goes alongside: actual values parsed likewise,
// whether each target was met, weights and scores as exact decimals, the
// reasons for gaps, and each project's [evaluation] with its indicators
// met; the tables have these columns whether or not any project has
// published results. The same site
// always gives the same bytes: the XLSX's document dates come from the
// content, never from the clock.
package export

import (
	"errors"
	"fmt"
	"io"

	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

// Dir is the folder of the data files in the output.
const Dir = "data"

// File is one data file.
type File struct {
	Name   string // "data/projects.csv"
	Title  string // "项目表"
	Format string // "CSV"
	Note   string // one line on what it holds
	Size   int    // bytes
}

// Write writes every data file of the site to out, from all of its
// projects in full (site.Site.Full), and returns the files in the order
// the data page lists them, with their sizes.
func Write(s *site.Site, out publish.Output) ([]File, error) {
	w, err := NewWriter(s, out)
	if err != nil {
		return nil, err
	}
	for _, p := range s.Projects {
		full, err := s.Full(p)
		if err != nil {
			w.Abort()
			return nil, err
		}
		if w.Add(full) != nil {
			break // Close returns the error
		}
	}
	return w.Close()
}

// Writer writes the data files from the projects given to it one at a
// time, in the site's order, all four files at once: so a build can read
// each project's full content once, hand it to every consumer, and drop
// it. The CSV and JSON files are streamed as they are made (see
// publish.Stream); the workbook is written at Close, its sheets' rows
// waiting in temporary files until then.
//
// A Writer must end with Close or Abort, which release its files.
type Writer struct {
	site   *site.Site // for the projects' URLs
	files  []*output  // projectsCSV, …: in the order the data page lists them
	tables []table    // the projects' and the indicators', each to its CSV file and its sheet
	csv    []*csvFile // of each table
	json   *jsonFile
	xlsx   *xlsxFile
	err    error // the first error, or errClosed
}

// output is one data file being written: what the data page says of it,
// with the bytes written so far as its Size.
type output struct {
	File
	wc  io.WriteCloser // nil once closed
	end func() error   // writes out what the file's writer holds back
}

func (o *output) Write(p []byte) (int, error) {
	n, err := o.wc.Write(p)
	o.Size += n
	return n, err
}

// The data files, in the order of Writer.files.
const (
	projectsCSV = iota
	indicatorsCSV
	projectsJSON
	projectsXLSX
)

// errClosed is what a Writer returns once Close or Abort has released it.
var errClosed = errors.New("数据文件已关闭 [export: the writer is closed]")

// NewWriter opens every data file of the site in out. It uses s only for
// what is site-wide — its title, URLs and date — so that s.Projects may be
// summaries; the projects come to Add.
func NewWriter(s *site.Site, out publish.Output) (*Writer, error) {
	w := &Writer{site: s, tables: []table{projectTable(), indicatorTable()}}
	for _, f := range []File{
		projectsCSV: {Name: Dir + "/projects.csv", Title: "项目表", Format: "CSV",
			Note: "每个项目一行：基本信息、项目资金（万元）、绩效目标和绩效自评结果"},
		indicatorsCSV: {Name: Dir + "/indicators.csv", Title: "绩效指标表", Format: "CSV",
			Note: "每个绩效指标一行：所属项目、一级至三级指标、年度指标值及其解析结果，以及自评的实际完成值、是否完成、分值、得分和偏差原因"},
		projectsJSON: {Name: Dir + "/projects.json", Title: "全部数据", Format: "JSON",
			Note: "每个项目的全部字段、绩效指标和绩效自评，键名与内容文件相同"},
		projectsXLSX: {Name: Dir + "/projects.xlsx", Title: "Excel 工作簿", Format: "XLSX",
			Note: fmt.Sprintf("“项目”和“指标”工作表，内容同两个 CSV 文件；一个工作表最多 %d 行数据，更多的行续在“指标 (2)”等工作表", sheetRows)},
	} {
		wc, err := publish.Stream(out, f.Name)
		if err != nil {
			w.Abort()
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		w.files = append(w.files, &output{File: f, wc: wc})
	}
	w.csv = []*csvFile{
		newCSV(w.files[projectsCSV], w.tables[0].header),
		newCSV(w.files[indicatorsCSV], w.tables[1].header),
	}
	w.json = newJSON(w.files[projectsJSON], s)
	x, err := newXLSX(w.files[projectsXLSX], s, w.tables...)
	if err != nil {
		w.Abort()
		return nil, fmt.Errorf("%s: %w", w.files[projectsXLSX].Name, err)
	}
	w.xlsx = x
	for i, end := range []func() error{
		projectsCSV:   w.csv[0].close,
		indicatorsCSV: w.csv[1].close,
		projectsJSON:  w.json.close,
		projectsXLSX:  x.close,
	} {
		w.files[i].end = end
	}
	return w, nil
}

// Add writes p's rows to every file. p must have its full content:
// goals, indicators and self-evaluation.
func (w *Writer) Add(p *site.Project) error {
	if w.err != nil {
		return w.err
	}
	if err := p.RequireFull(); err != nil {
		w.err = err // Close returns it too
		return err
	}
	e := newEntry(w.site, p)
	// Each row is made once, for its CSV file and its sheet.
	for i, t := range w.tables {
		for row := range t.rows(e) {
			if err := w.csv[i].row(row); err != nil {
				return w.fail(w.files[projectsCSV+i], err)
			}
			if err := w.xlsx.row(i, row); err != nil {
				return w.fail(w.files[projectsXLSX], err)
			}
		}
	}
	if err := w.json.add(e); err != nil {
		return w.fail(w.files[projectsJSON], err)
	}
	return nil
}

// entry is a project with what more than one file writes of it, worked
// out once.
type entry struct {
	p       *site.Project
	url     string       // of its page, absolute when base_url is
	results site.Results // of its self-evaluation
}

func newEntry(s *site.Site, p *site.Project) *entry {
	return &entry{p: p, url: s.AbsURL(p.URL()), results: p.Results()}
}

// fail keeps the first error, on file o, and returns it.
func (w *Writer) fail(o *output, err error) error {
	w.err = fmt.Errorf("%s: %w", o.Name, err)
	return w.err
}

// Close finishes every file and returns them in the order the data page
// lists them, with their sizes. After an error it only releases them, as
// Abort does, and returns the error.
func (w *Writer) Close() ([]File, error) {
	if w.err != nil {
		w.Abort()
		return nil, w.err
	}
	done := make([]File, 0, len(w.files))
	for _, o := range w.files {
		err := o.end()
		if cerr := o.wc.Close(); err == nil {
			err = cerr // a full disk may only show here
		}
		o.wc = nil
		if err != nil {
			w.fail(o, err)
			w.Abort()
			return nil, w.err
		}
		done = append(done, o.File)
	}
	w.err = errClosed
	return done, nil
}

// Abort releases the files: it closes those still open and removes the
// workbook's temporary files. It is a no-op after Close, so that `defer
// w.Abort()` is safe. The files it closes are incomplete; an Output that
// cannot stream (publish.Stream) keeps them as they are, so the caller must
// discard the output, as a failed build does.
func (w *Writer) Abort() {
	if w.xlsx != nil {
		w.xlsx.abort()
	}
	for _, o := range w.files {
		if o.wc != nil {
			o.wc.Close() // incomplete: the output is discarded
			o.wc = nil
		}
	}
	if w.err == nil {
		w.err = errClosed
	}
}

// label returns the label of a key of the content format.
func label(key string) string { return project.FieldByKey(key).Label }
