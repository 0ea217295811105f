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
// projects, and returns the files in the order the data page lists them,
// with their sizes.
func Write(s *site.Site, out publish.Output) ([]File, error) {
	w, err := NewWriter(s, out)
	if err != nil {
		return nil, err
	}
	for _, p := range s.Projects {
		if err := w.Add(p); err != nil {
			w.Abort()
			return nil, err
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
	files  []File
	outs   []io.WriteCloser // each of files, open until Close or Abort
	sizes  []*counter       // the bytes written to each of outs
	tables []Table          // the projects' and the indicators' sheets
	csv    []*csvFile       // of each table: files projectsCSV and indicatorsCSV
	json   *jsonFile        // file projectsJSON
	xlsx   *xlsxFile        // file projectsXLSX
	err    error            // the first error, or errClosed
}

// The data files, in the order of Writer.files.
const (
	projectsCSV = iota
	indicatorsCSV
	projectsJSON
	projectsXLSX
)

// errClosed is what a Writer returns once Close or Abort has released it.
var errClosed = errors.New("export: the writer is closed")

// NewWriter opens every data file of the site in out. It uses s only for
// what is site-wide — its title, URLs and date — so that s.Projects may be
// summaries; the projects come to Add.
func NewWriter(s *site.Site, out publish.Output) (*Writer, error) {
	w := &Writer{
		files: []File{
			projectsCSV: {Name: Dir + "/projects.csv", Title: "项目表", Format: "CSV",
				Note: "每个项目一行：基本信息、项目资金（万元）、绩效目标和绩效自评结果"},
			indicatorsCSV: {Name: Dir + "/indicators.csv", Title: "绩效指标表", Format: "CSV",
				Note: "每个绩效指标一行：所属项目、一级至三级指标、年度指标值及其解析结果，以及自评的实际完成值、是否完成、分值、得分和偏差原因"},
			projectsJSON: {Name: Dir + "/projects.json", Title: "全部数据", Format: "JSON",
				Note: "每个项目的全部字段、绩效指标和绩效自评，键名与内容文件相同"},
			projectsXLSX: {Name: Dir + "/projects.xlsx", Title: "Excel 工作簿", Format: "XLSX",
				Note: "“项目”和“指标”两个工作表，内容同两个 CSV 文件"},
		},
		tables: []Table{ProjectTable(s), IndicatorTable(s)},
	}
	for _, f := range w.files {
		wc, err := publish.Stream(out, f.Name)
		if err != nil {
			w.Abort()
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		w.outs = append(w.outs, wc)
		w.sizes = append(w.sizes, &counter{w: wc})
	}
	w.csv = []*csvFile{
		newCSV(w.sizes[projectsCSV], w.tables[0].Header),
		newCSV(w.sizes[indicatorsCSV], w.tables[1].Header),
	}
	w.json = newJSON(w.sizes[projectsJSON], s)
	x, err := newXLSX(w.sizes[projectsXLSX], s, w.tables...)
	if err != nil {
		w.Abort()
		return nil, fmt.Errorf("%s: %w", w.files[projectsXLSX].Name, err)
	}
	w.xlsx = x
	return w, nil
}

// Add writes p's rows to every file. p must have its full content:
// goals, indicators and self-evaluation.
func (w *Writer) Add(p *site.Project) error {
	if w.err != nil {
		return w.err
	}
	// Each row is made once, for its CSV file and its sheet.
	for i, t := range w.tables {
		for row := range t.Rows(p) {
			if err := w.csv[i].row(row); err != nil {
				return w.fail(projectsCSV+i, err)
			}
			if err := w.xlsx.row(i, row); err != nil {
				return w.fail(projectsXLSX, err)
			}
		}
	}
	if err := w.json.add(p); err != nil {
		return w.fail(projectsJSON, err)
	}
	return nil
}

// fail keeps the first error, on file i, and returns it.
func (w *Writer) fail(i int, err error) error {
	w.err = fmt.Errorf("%s: %w", w.files[i].Name, err)
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
	ends := []func() error{
		projectsCSV:   w.csv[0].close,
		indicatorsCSV: w.csv[1].close,
		projectsJSON:  w.json.close,
		projectsXLSX:  w.xlsx.close,
	}
	for i, end := range ends {
		err := end()
		if cerr := w.outs[i].Close(); err == nil {
			err = cerr // a full disk may only show here
		}
		w.outs[i] = nil
		if err != nil {
			w.fail(i, err)
			w.Abort()
			return nil, w.err
		}
		w.files[i].Size = w.sizes[i].n
	}
	w.err = errClosed
	return w.files, nil
}

// Abort releases the files: it closes those still open and removes the
// workbook's temporary files. It is a no-op after Close, so that `defer
// w.Abort()` is safe.
func (w *Writer) Abort() {
	if w.xlsx != nil {
		w.xlsx.abort()
	}
	for i, out := range w.outs {
		if out != nil {
			out.Close() // the build fails: what is in the file does not matter
			w.outs[i] = nil
		}
	}
	if w.err == nil {
		w.err = errClosed
	}
}

// counter counts the bytes written through it.
type counter struct {
	w io.Writer
	n int
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// label returns the label of a key of the content format.
func label(key string) string { return project.FieldByKey(key).Label }
