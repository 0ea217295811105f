package render

import (
	"strconv"
	"strings"

	"jixiao/internal/site"
)

// chartView is a site.Chart laid out as an SVG of horizontal bars: a label
// above each bar and the amount after it. Lengths across are percentages
// of the SVG's width, so the chart follows the page's width; lengths down
// are in em, so it grows with the text in the larger-text mode.
type chartView struct {
	ID     string // the ids of its title and description start with it: "chart-title"
	Title  string
	Desc   string // the chart in words, for its text alternative
	Height string
	Bars   []barView
}

type barView struct {
	Label, Value         string
	LabelY, BarY, ValueY string
	Width, BarHeight     string
}

const (
	rowHeight = 3.4  // em
	maxWidth  = 58.0 // percent of the SVG's width for the longest bar; the rest holds its amount
)

func em(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "em" }

// newChartView lays out c. A page with two charts gives the second an id
// of its own: (chart .ScoreChart "score-chart").
func newChartView(c site.Chart, id ...string) chartView {
	v := chartView{ID: "chart", Title: c.Title, Height: em(float64(len(c.Bars))*rowHeight + 0.3)}
	if len(id) > 0 {
		v.ID = id[0]
	}
	unit := c.Unit
	if unit == "" {
		unit = "万元"
	}
	top := c.Full.Float()
	for _, b := range c.Bars {
		top = max(top, b.Amount.Float())
	}
	var desc []string
	for i, b := range c.Bars {
		w := 0.0
		if top > 0 {
			// Float is for drawing only, never for sums.
			w = b.Amount.Float() / top * maxWidth
		}
		y := float64(i) * rowHeight
		value := Money(b.Amount) + " " + unit
		v.Bars = append(v.Bars, barView{
			Label: b.Label, Value: value,
			LabelY: em(y + 1.15), BarY: em(y + 1.55), ValueY: em(y + 2.45),
			Width: strconv.FormatFloat(w, 'f', 2, 64) + "%", BarHeight: em(1.2),
		})
		note := ""
		if b.Note != "" {
			note = "，" + b.Note
		}
		desc = append(desc, b.Label+" "+value+"（"+strconv.Itoa(b.Projects)+" 个项目"+note+"）")
	}
	v.Desc = strings.Join(desc, "；") + "。"
	return v
}
