package export

import (
	"bytes"
	"encoding/json"

	"jixiao/internal/site"
)

// The JSON document: keys as in the content files, in English snake_case;
// amounts and numbers as exact decimal strings.
type (
	jsonSite struct {
		Title    string        `json:"title"`
		URL      string        `json:"url"`
		Projects []jsonProject `json:"projects"`
	}
	jsonProject struct {
		Name       string          `json:"name"`
		Code       string          `json:"code,omitempty"`
		Year       int             `json:"year"`
		Department string          `json:"department"`
		Unit       string          `json:"unit"`
		Category   string          `json:"category"`
		Start      string          `json:"start,omitempty"`
		End        string          `json:"end,omitempty"`
		Funds      jsonFunds       `json:"funds"`
		Goals      jsonGoals       `json:"goals"`
		Indicators []jsonIndicator `json:"indicators"`
		URL        string          `json:"url"`
	}
	jsonFunds struct {
		Total         string `json:"total"`
		Fiscal        string `json:"fiscal"`
		Other         string `json:"other"`
		Annual        string `json:"annual"`
		Appropriation string `json:"appropriation"`
		Carryover     string `json:"carryover"`
		AnnualOther   string `json:"annual_other"`
	}
	jsonGoals struct {
		Overall string `json:"overall"`
		Annual  string `json:"annual"`
	}
	jsonIndicator struct {
		Level1 string     `json:"level1"`
		Level2 string     `json:"level2"`
		Name   string     `json:"name"`
		Target string     `json:"target"`
		Parsed jsonTarget `json:"parsed"`
	}
	// jsonTarget is the target as parsed: kind is "quantitative",
	// "qualitative", "empty" or "invalid"; the rest only for quantitative.
	jsonTarget struct {
		Kind       string `json:"kind"`
		Comparison string `json:"comparison,omitempty"`
		Number     string `json:"number,omitempty"`
		Unit       string `json:"unit,omitempty"`
	}
)

// JSON writes every project, indented, in the site's order.
func JSON(s *site.Site) ([]byte, error) {
	doc := jsonSite{Title: s.Config.Title, URL: s.AbsURL("/"), Projects: []jsonProject{}}
	for _, p := range s.Projects {
		f := p.Funds
		jp := jsonProject{
			Name: p.Name, Code: p.Code, Year: p.Year.Year,
			Department: p.Project.Department, Unit: p.Project.Unit, Category: p.Category,
			Start: p.Start.String(), End: p.End.String(),
			Funds: jsonFunds{f.Total.String(), f.Fiscal.String(), f.Other.String(),
				f.Annual.String(), f.Appropriation.String(), f.Carryover.String(), f.AnnualOther.String()},
			Goals:      jsonGoals{p.Goals.Overall, p.Goals.Annual},
			Indicators: []jsonIndicator{},
			URL:        url(s, p),
		}
		for _, in := range p.Indicators {
			v := in.Target
			t := jsonTarget{Kind: v.Kind.String()}
			if t.Kind == "quantitative" {
				t.Comparison, t.Number, t.Unit = v.Cmp, v.Number.String(), v.Unit
			}
			jp.Indicators = append(jp.Indicators, jsonIndicator{in.Level1, in.Level2, in.Name, v.Raw, t})
		}
		doc.Projects = append(doc.Projects, jp)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
