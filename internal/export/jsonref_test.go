// This file keeps the JSON writer of before issue 6, on encoding/json, as
// the reference that the JSON file of Write must match byte for byte.

package export

import (
	"bytes"
	"encoding/json"

	"jixiao/internal/site"
	"jixiao/internal/value"
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
		// The self-evaluation (绩效自评), absent until published:
		// [evaluation] as written, and how many indicators met their
		// targets of those that can be told.
		Evaluation       *jsonEvaluation `json:"evaluation,omitempty"`
		IndicatorsMet    *int            `json:"indicators_met,omitempty"`
		IndicatorsJudged *int            `json:"indicators_judged,omitempty"`
		URL              string          `json:"url"`
	}
	jsonEvaluation struct {
		Year       int    `json:"year,omitempty"`
		TotalScore string `json:"total_score,omitempty"`
		Grade      string `json:"grade,omitempty"`
		Summary    string `json:"summary,omitempty"`
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
		// The self-evaluation's columns, each absent when not given. Met is
		// whether the target was met — as written, or from comparing a
		// quantitative actual with the target — absent when that cannot be
		// told.
		Actual       string      `json:"actual,omitempty"`
		ActualParsed *jsonTarget `json:"actual_parsed,omitempty"`
		Met          *bool       `json:"met,omitempty"`
		Weight       string      `json:"weight,omitempty"`
		Score        string      `json:"score,omitempty"`
		Deviation    string      `json:"deviation,omitempty"`
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

// jsonReference is the JSON data file, made with encoding/json.
func jsonReference(s *site.Site) ([]byte, error) {
	doc := jsonSite{Title: s.Config.Title, URL: s.AbsURL("/"), Projects: []jsonProject{}}
	for _, p := range s.Projects {
		p, err := s.Full(p)
		if err != nil {
			return nil, err
		}
		f := p.Funds
		jp := jsonProject{
			Name: p.Name, Code: p.Code, Year: p.Year.Year,
			Department: p.Project.Department, Unit: p.Project.Unit, Category: p.Category,
			Start: p.Start.String(), End: p.End.String(),
			Funds: jsonFunds{f.Total.String(), f.Fiscal.String(), f.Other.String(),
				f.Annual.String(), f.Appropriation.String(), f.Carryover.String(), f.AnnualOther.String()},
			Goals:      jsonGoals{p.Goals.Overall, p.Goals.Annual},
			Indicators: []jsonIndicator{},
			URL:        s.AbsURL(p.URL()),
		}
		for _, in := range p.Indicators {
			ji := jsonIndicator{Level1: in.Level1, Level2: in.Level2, Name: in.Name,
				Target: in.Target.Raw, Parsed: parsedReference(in.Target),
				Actual: in.Actual.Raw, Weight: decimalText(in.Weight), Score: decimalText(in.Score), Deviation: in.Deviation}
			if in.Actual.Kind != value.Empty {
				a := parsedReference(in.Actual)
				ji.ActualParsed = &a
			}
			if met, known := in.Achieved(); known {
				ji.Met = &met
			}
			jp.Indicators = append(jp.Indicators, ji)
		}
		if e := p.Evaluation; e != nil {
			jp.Evaluation = &jsonEvaluation{e.Year, decimalText(e.TotalScore), e.Grade, e.Summary}
		}
		if r := p.Results(); r.Projects > 0 {
			jp.IndicatorsMet, jp.IndicatorsJudged = &r.Met, &r.Judged
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

// parsedReference is a target or actual value as parsed.
func parsedReference(v value.Value) jsonTarget {
	t := jsonTarget{Kind: v.Kind.String()}
	if v.Kind == value.Quantitative {
		t.Comparison, t.Number, t.Unit = v.Cmp, v.Number.String(), v.Unit
	}
	return t
}
