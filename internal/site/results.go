package site

import (
	"jixiao/internal/decimal"
	"jixiao/internal/project"
)

// Results sums the self-evaluations (绩效自评) of a set of projects: how many
// indicators met their targets out of those that can be told, and the
// 自评总分 of the projects that give one, for their average.
type Results struct {
	Projects   int // projects that publish any result
	Indicators int // their indicators
	Judged     int // of those, the ones whose achievement can be told (see project.Indicator.Achieved)
	Met        int // of those, the ones that met their targets
	Scored     int // projects with a 自评总分
	// ScoreSum is the sum of the Scored projects' 自评总分, exact.
	ScoreSum decimal.Decimal
}

// Add counts a project into r; a project without results changes nothing.
func (r *Results) Add(p *project.Project) { r.add(p.Outline(), p.Evaluation) }

// add counts a project with outline o and self-evaluation e into r.
func (r *Results) add(o project.Outline, e *project.Evaluation) {
	if !o.Results {
		return
	}
	r.Projects++
	r.Indicators += o.Indicators
	r.Judged += o.Judged
	r.Met += o.Met
	if e != nil && e.TotalScore != nil {
		r.Scored++
		r.ScoreSum = r.ScoreSum.Add(*e.TotalScore)
	}
}

// Merge adds the counts of o to r.
func (r *Results) Merge(o Results) {
	r.Projects += o.Projects
	r.Indicators += o.Indicators
	r.Judged += o.Judged
	r.Met += o.Met
	r.Scored += o.Scored
	r.ScoreSum = r.ScoreSum.Add(o.ScoreSum)
}

// Unjudged is the number of indicators with results whose achievement
// cannot be told.
func (r Results) Unjudged() int { return r.Indicators - r.Judged }

// ScorePlaces is the number of decimals of an average score.
const ScorePlaces = 2

// AverageScore is the mean 自评总分 of the Scored projects, from their exact
// sum, rounded half away from zero to ScorePlaces decimals; 0 when none is
// scored.
func (r Results) AverageScore() decimal.Decimal {
	if r.Scored == 0 {
		return decimal.Decimal{}
	}
	return r.ScoreSum.DivRound(int64(r.Scored), ScorePlaces)
}

// Results is the project's own self-evaluation, counted as for a group.
func (p *Project) Results() Results {
	var r Results
	r.Add(p.Project)
	return r
}
