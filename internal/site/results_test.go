package site

import (
	"strings"
	"testing"

	"jixiao/internal/decimal"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

func score(s string) *decimal.Decimal {
	d := money(s)
	return &d
}

// evaluated gives a project of testSite results: indicators with the given
// actual values against "≥90%" (an empty actual has no result), and a total
// score unless it is "".
func evaluated(p *project.Project, total string, actuals ...string) {
	for _, a := range actuals {
		p.Indicators = append(p.Indicators, project.Indicator{
			Level1: "产出指标", Level2: "质量指标", Name: "合格率 " + a, Target: value.Parse("≥90%"), Actual: value.Parse(a)})
	}
	if total != "" {
		p.Evaluation = &project.Evaluation{Year: p.Year, TotalScore: score(total)}
	}
}

func TestResults(t *testing.T) {
	s := testSite()
	// 2022/a 甲 单位一, 2023/b 甲 单位一, 2023/a 乙 单位二, 2023/c 甲 单位三
	evaluated(s.Projects[0], "90", "95%", "80%")
	evaluated(s.Projects[1], "95.5", "90%", "")
	yes := true
	s.Projects[1].Indicators = append(s.Projects[1].Indicators, project.Indicator{
		Level1: "效益指标", Level2: "社会效益指标", Name: "幸福感", Target: value.Parse("提升"), Actual: value.Parse("明显提升"), Met: &yes})
	evaluated(s.Projects[2], "", "91%")
	g, ds := New(s)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	want := Results{Projects: 3, Indicators: 6, Judged: 5, Met: 4, Scored: 2, ScoreSum: money("185.5")}
	if got := g.Totals.Results; got != want {
		t.Errorf("site results = %+v, want %+v", got, want)
	}
	if got := g.Totals.Results.AverageScore().String(); got != "92.75" {
		t.Errorf("average = %s, want 92.75", got)
	}
	if got := g.Totals.Results.Unjudged(); got != 1 {
		t.Errorf("unjudged = %d, want 1 (the empty actual)", got)
	}
	jia := g.Departments[1]
	if r := jia.Totals().Results; r.Projects != 2 || r.Met != 3 || r.Judged != 4 || r.AverageScore().String() != "92.75" {
		t.Errorf("甲部门 results = %+v", r)
	}
	yi := g.Departments[0]
	if r := yi.Totals().Results; r.Projects != 1 || r.Scored != 0 || !r.AverageScore().IsZero() {
		t.Errorf("乙部门 results = %+v, average %s", r, r.AverageScore())
	}
	for _, p := range g.Projects {
		if p.Slug == "2023/c" {
			if r := p.Results(); r != (Results{}) {
				t.Errorf("project without results: %+v", r)
			}
		}
	}
}

func TestAverageScoreRoundsOnce(t *testing.T) {
	var r Results
	for _, s := range []string{"90", "90", "90.4999"} {
		r.Scored++
		r.ScoreSum = r.ScoreSum.Add(money(s))
	}
	// 270.4999 / 3 = 90.16663…
	if got := r.AverageScore().String(); got != "90.17" {
		t.Errorf("average = %s, want 90.17", got)
	}
	r = Results{Scored: 4, ScoreSum: money("360.4998")} // 90.12495 → 90.12, not 90.1250 → 90.13
	if got := r.AverageScore().String(); got != "90.12" {
		t.Errorf("average = %s, want 90.12", got)
	}
}

func TestStatus(t *testing.T) {
	yes, no := true, false
	for _, tt := range []struct {
		in   project.Indicator
		want string
	}{
		{project.Indicator{Target: value.Parse("≥24次"), Actual: value.Parse("26次")}, "met"},
		{project.Indicator{Target: value.Parse("≤0.5万元"), Actual: value.Parse("0.6万元")}, "unmet"},
		{project.Indicator{Target: value.Parse("达标"), Actual: value.Parse("达标"), Met: &yes}, "met"},
		{project.Indicator{Target: value.Parse("≥90%"), Actual: value.Parse("95%"), Met: &no}, "unmet"}, // as written
		{project.Indicator{Target: value.Parse("达标"), Actual: value.Parse("基本达标")}, "unknown"},
		{project.Indicator{Target: value.Parse("≥90%")}, "unknown"},
	} {
		if got := (Row{Indicator: tt.in}).Status(); got != tt.want {
			t.Errorf("%s → %s: %s, want %s", tt.in.Target.Raw, tt.in.Actual.Raw, got, tt.want)
		}
	}
}

func TestScoreChart(t *testing.T) {
	s := testSite()
	evaluated(s.Projects[0], "90", "95%")   // 甲 单位一 2022
	evaluated(s.Projects[1], "95.5", "80%") // 甲 单位一 2023
	evaluated(s.Projects[3], "99")          // 甲 单位三
	g, _ := New(s)
	jia := g.Departments[1]
	c := jia.ScoreChart()
	if c.Unit != "分" || c.Full.String() != "100" || len(c.Bars) != 2 {
		t.Fatalf("chart = %+v", c)
	}
	// Highest average first: 单位三 99, then 单位一 (90 + 95.5) / 2 = 92.75.
	var got []string
	for _, b := range c.Bars {
		got = append(got, b.Label+" "+b.Amount.String()+" "+b.Note)
	}
	if want := "单位三 99 |单位一 92.75 指标完成 1/2 项"; strings.Join(got, "|") != want {
		t.Errorf("bars = %q, want %q", strings.Join(got, "|"), want)
	}
	if c := g.Departments[0].ScoreChart(); len(c.Bars) != 0 {
		t.Errorf("乙部门 has no scores, but its chart has bars %+v", c.Bars)
	}
	if c := g.ScoreChart(); len(c.Bars) != 1 || c.Bars[0].Projects != 3 {
		t.Errorf("site chart = %+v", c.Bars)
	}
}

func TestScoreChartRest(t *testing.T) {
	var groups []*Group
	for i := range MaxBars + 2 {
		score := decimal.FromInt(int64(100 - i))
		p := &project.Project{Evaluation: &project.Evaluation{TotalScore: &score}, Content: &project.Content{}}
		groups = append(groups, &Group{Name: string(rune('A' + i)), Projects: []*Project{{Project: p}}})
	}
	c := newScoreChart("t", groups)
	if len(c.Bars) != MaxBars {
		t.Fatalf("%d bars, want %d", len(c.Bars), MaxBars)
	}
	// The last three (89, 88, 87) share a bar with their average.
	rest := c.Bars[MaxBars-1]
	if rest.Label != "其余 3 项平均" || rest.Amount.String() != "88" || rest.Projects != 3 {
		t.Errorf("rest = %+v", rest)
	}
}
