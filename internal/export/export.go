// Package export writes the open data of a site — every project and every
// indicator — as CSV (UTF-8 with a BOM, so that Excel opens it), JSON and
// XLSX. It works on the plan (package site) and writes beside the
// rendered pages; the data page lists what it wrote.
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

// Write writes every data file of the site to out, one after another,
// each streamed as it is made (see publish.Stream), and returns them in
// the order the data page lists them, with their sizes.
func Write(s *site.Site, out publish.Output) ([]File, error) {
	projects, indicators := ProjectTable(s), IndicatorTable(s)
	files := []File{
		{Name: Dir + "/projects.csv", Title: "项目表", Format: "CSV",
			Note: "每个项目一行：基本信息、项目资金（万元）、绩效目标和绩效自评结果"},
		{Name: Dir + "/indicators.csv", Title: "绩效指标表", Format: "CSV",
			Note: "每个绩效指标一行：所属项目、一级至三级指标、年度指标值及其解析结果，以及自评的实际完成值、是否完成、分值、得分和偏差原因"},
		{Name: Dir + "/projects.json", Title: "全部数据", Format: "JSON",
			Note: "每个项目的全部字段、绩效指标和绩效自评，键名与内容文件相同"},
		{Name: Dir + "/projects.xlsx", Title: "Excel 工作簿", Format: "XLSX",
			Note: "“项目”和“指标”两个工作表，内容同两个 CSV 文件"},
	}
	writers := []func(io.Writer) error{
		func(w io.Writer) error { return WriteCSV(w, projects) },
		func(w io.Writer) error { return WriteCSV(w, indicators) },
		func(w io.Writer) error { return WriteJSON(w, s) },
		func(w io.Writer) error { return WriteXLSX(w, s, projects, indicators) },
	}
	for i, write := range writers {
		n, err := stream(out, files[i].Name, write)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", files[i].Name, err)
		}
		files[i].Size = n
	}
	return files, nil
}

// stream writes the file name of out with write and returns its size.
func stream(out publish.Output, name string, write func(io.Writer) error) (int, error) {
	f, err := publish.Stream(out, name)
	if err != nil {
		return 0, err
	}
	c := &counter{w: f}
	err = write(c)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return c.n, err
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
