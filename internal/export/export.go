// Package export writes the open data of a site — every project and every
// indicator — as CSV (UTF-8 with a BOM, so that Excel opens it), JSON and
// XLSX. It works on the plan (package site) and feeds the write stage
// beside the rendered pages; the data page lists what it returns.
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
	"jixiao/internal/project"
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
	Data   []byte
}

// Files returns every data file of the site, in the order the data page
// lists them. The workbook, the slowest, is written beside the others.
func Files(s *site.Site) ([]File, error) {
	projects, indicators := ProjectTable(s), IndicatorTable(s)
	var (
		xl    []byte
		xlErr error
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		xl, xlErr = XLSX(s, projects, indicators)
	}()
	js, err := JSON(s)
	projectsCSV, indicatorsCSV := CSV(projects), CSV(indicators)
	<-done
	if err != nil {
		return nil, err
	}
	if xlErr != nil {
		return nil, xlErr
	}
	return []File{
		{Dir + "/projects.csv", "项目表", "CSV", "每个项目一行：基本信息、项目资金（万元）、绩效目标和绩效自评结果", projectsCSV},
		{Dir + "/indicators.csv", "绩效指标表", "CSV", "每个绩效指标一行：所属项目、一级至三级指标、年度指标值及其解析结果，以及自评的实际完成值、是否完成、分值、得分和偏差原因", indicatorsCSV},
		{Dir + "/projects.json", "全部数据", "JSON", "每个项目的全部字段、绩效指标和绩效自评，键名与内容文件相同", js},
		{Dir + "/projects.xlsx", "Excel 工作簿", "XLSX", "“项目”和“指标”两个工作表，内容同两个 CSV 文件", xl},
	}, nil
}

// label returns the label of a key of the content format.
func label(key string) string { return project.FieldByKey(key).Label }
