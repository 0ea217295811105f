// Package export writes the open data of a site — every project and every
// indicator — as CSV (UTF-8 with a BOM, so that Excel opens it), JSON and
// XLSX. It works on the plan (package site) and feeds the write stage
// beside the rendered pages; the data page lists what it returns.
//
// Amounts are written exactly as decimal strings; targets as published,
// with the parsed comparison, number and unit beside them. The same site
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
// lists them.
func Files(s *site.Site) ([]File, error) {
	projects, indicators := ProjectTable(s), IndicatorTable(s)
	js, err := JSON(s)
	if err != nil {
		return nil, err
	}
	xl, err := XLSX(s, projects, indicators)
	if err != nil {
		return nil, err
	}
	return []File{
		{Dir + "/projects.csv", "项目表", "CSV", "每个项目一行：基本信息、项目资金（万元）和绩效目标", CSV(projects)},
		{Dir + "/indicators.csv", "绩效指标表", "CSV", "每个绩效指标一行：所属项目、一级至三级指标、年度指标值及其解析结果", CSV(indicators)},
		{Dir + "/projects.json", "全部数据", "JSON", "每个项目的全部字段和绩效指标，键名与内容文件相同", js},
		{Dir + "/projects.xlsx", "Excel 工作簿", "XLSX", "“项目”和“指标”两个工作表，内容同两个 CSV 文件", xl},
	}, nil
}

// label returns the label of a key of the content format.
func label(key string) string { return project.FieldByKey(key).Label }
