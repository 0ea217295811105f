// Package project is jixiao's model of one 财政项目支出绩效目标表: the header
// fields, the funds block in exact 万元, the goals and the indicator rows,
// each with the source position it was read from.
//
// The loader fills a Project from a content file; checks read it; layouts
// render it. Fields (fields.go) is the one table that maps each key of the
// content format to its label on the form.
package project

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"jixiao/internal/decimal"
	"jixiao/internal/diag"
	"jixiao/internal/value"
)

// Project is one project file.
//
// A large site holds tens of thousands of projects slim (Slim), so the
// header is laid out to take little memory: what Slim lets go of is in
// Content, and a date takes four bytes. A copy of a Project shares its
// Content: give the copy a Content of its own before changing either.
type Project struct {
	Path string // slash-separated, relative to the site, e.g. "content/2023/wujing/a.md"
	Slug string // path below content/ without extension: "2023/wujing/a"

	Name       string
	Code       string
	Year       int
	Department string
	Unit       string
	Category   string
	Start, End Date

	Funds Funds
	// Evaluation is the self-evaluation (绩效自评), nil until one is published.
	Evaluation *Evaluation

	// Content is the text of the form and of the file, with what the
	// loader noted of it: never nil. A literal Project must set it; Slim
	// replaces it with an empty one.
	*Content

	// kept holds the few positions KeepPositions kept, Pos being nil.
	kept []keyPos

	// outline is that of the text Slim let go of, when slim.
	outline outline
}

// Content is what a project has besides its header, funds and
// self-evaluation's figures: what only its own page, the data files, the
// search index and the checks read, and what Slim lets go of.
type Content struct {
	Goals      Goals
	Indicators []Indicator

	Body []byte // the Markdown narrative, "" for .toml files
	// BodyLine is the line of the file on which Body starts.
	BodyLine int

	// Unread holds the key paths whose values the loader could not read
	// (wrong type, bad number or date). It has reported them already, so
	// checks treat those keys as unknown rather than as zero.
	Unread map[string]bool

	// Pos maps a key path ("name", "funds.total", "indicators.2.target")
	// to where its value was written. It is nil after KeepPositions: ask
	// At, which finds the positions kept too.
	Pos map[string]diag.Pos
}

// slimContent is the Content of every slim project: empty, and never
// written.
var slimContent Content

// outline is an Outline in 16 bytes, with whether the project is slim.
type outline struct {
	indicators, judged, met int32
	results, slim           bool
}

func packOutline(o Outline, slim bool) outline {
	return outline{indicators: int32(o.Indicators), judged: int32(o.Judged), met: int32(o.Met), results: o.Results, slim: slim}
}

func (o outline) unpack() Outline {
	return Outline{Indicators: int(o.indicators), Results: o.results, Judged: int(o.judged), Met: int(o.met)}
}

// Outline is what lists and totals show of a project's indicators: how
// many there are and, of its self-evaluation, whether it publishes any
// result, how many indicators can be told to have met their targets
// (Indicator.Achieved) and how many did.
type Outline struct {
	Indicators  int
	Results     bool
	Judged, Met int
}

// Outline counts the indicators of p; a slim project's are the counts it
// had before Slim.
func (p *Project) Outline() Outline {
	if p.outline.slim {
		return p.outline.unpack()
	}
	o := Outline{Indicators: len(p.Indicators), Results: p.HasResults()}
	if !o.Results {
		return o
	}
	for i := range p.Indicators {
		if met, known := p.Indicators[i].Achieved(); known {
			o.Judged++
			if met {
				o.Met++
			}
		}
	}
	return o
}

// Slim lets go of the text that only the project's own page, the data
// files and the search index show — its Content: goals, indicators, the
// narrative, the keys left unread and the positions of keys — and of the
// self-evaluation's summary, and keeps the header, the funds, the rest of
// the self-evaluation and the Outline, which is what index pages and
// totals need. Positions to keep must be kept (KeepPositions) before. A
// build keeps the projects of a large site this way, each one's encoding
// (AppendBinary) in a temporary file for the rest.
func (p *Project) Slim() {
	p.outline = packOutline(p.Outline(), true)
	p.Content = &slimContent
	if p.Evaluation != nil {
		e := *p.Evaluation
		e.Summary = ""
		p.Evaluation = &e
	}
}

// ErrSlim is the error of a slim project given where its whole content is
// needed: its page, the data files, the feed.
var ErrSlim = errors.New("项目内容未保留 [slim project where its full content is needed]")

// IsSlim reports whether Slim let go of p's text.
func (p *Project) IsSlim() bool { return p.outline.slim }

// RequireFull returns nil for a project with all its content, and for a
// slim one an error that names its file and wraps ErrSlim.
func (p *Project) RequireFull() error {
	if p.outline.slim {
		return fmt.Errorf("%s: %w", p.Path, ErrSlim)
	}
	return nil
}

// URL is the project's page: "/2023/wujing/a/".
func (p *Project) URL() string { return "/" + p.Slug + "/" }

// At returns the position of a key path, falling back to its parents
// ("indicators.2.target" → "indicators.2" → "indicators") and then to line 1.
func (p *Project) At(key string) diag.Pos {
	for k := key; k != ""; k = parent(k) {
		if pos, ok := p.pos(k); ok {
			return pos
		}
	}
	return diag.Pos{Line: 1, Col: 1}
}

// pos returns where key itself was written, if that is known.
func (p *Project) pos(key string) (diag.Pos, bool) {
	if pos, ok := p.Pos[key]; ok {
		return pos, true
	}
	for _, kp := range p.kept {
		if kp.key == key {
			return diag.Pos{Line: int(kp.line), Col: int(kp.col)}, true
		}
	}
	return diag.Pos{}, false
}

// keyPos is a kept position, in 24 bytes.
type keyPos struct {
	key       string
	line, col int32
}

// KeepPositions lets go of the positions of all keys but keys, which At
// still finds. A map of a few keys takes over 300 bytes; a build of a
// large site keeps, for each project, only the positions at which the
// site-wide checks report, in a tenth of that. It clears the Pos of the
// project's Content, which a copy may share.
func (p *Project) KeepPositions(keys ...string) {
	var kept []keyPos
	for _, k := range keys {
		if pos, ok := p.pos(k); ok {
			if kept == nil {
				kept = make([]keyPos, 0, len(keys))
			}
			kept = append(kept, keyPos{k, clamp32(pos.Line), clamp32(pos.Col)})
		}
	}
	if !p.IsSlim() { // a slim project's Content is shared, and not written
		p.Pos = nil
	}
	p.kept = slices.Clip(kept)
}

// clamp32 is n as an int32, saturating: no file has 2^31 lines.
func clamp32(n int) int32 {
	return int32(min(max(n, math.MinInt32), math.MaxInt32))
}

func parent(k string) string {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == '.' {
			return k[:i]
		}
	}
	return ""
}

// Readable reports whether none of keys was left unread by the loader.
// Slim lets go of what was unread: a slim project reports every key
// readable, so ask before Slim, as the checks do.
func (p *Project) Readable(keys ...string) bool {
	for _, k := range keys {
		if p.Unread[k] {
			return false
		}
	}
	return true
}

// IndicatorKey returns the key path of field of indicator i: "indicators.3.target".
func IndicatorKey(i int, field string) string {
	k := "indicators." + strconv.Itoa(i)
	if field != "" {
		k += "." + field
	}
	return k
}

// Date is a calendar date as written in a TOML file, in four bytes: the
// years of TOML's dates and Excel's run from 0 to 9999.
type Date struct {
	Year       int16
	Month, Day int8
}

// NewDate returns the date, or false when the year is not within
// 0–9999, the month within 0–12 or the day within 0–31 (zeros are of a
// date not given). It does not check the day against the month: the
// loader's dates come from time.Time or are checked with it.
func NewDate(year, month, day int) (Date, bool) {
	if year < 0 || year > 9999 || month < 0 || month > 12 || day < 0 || day > 31 {
		return Date{}, false
	}
	return Date{Year: int16(year), Month: int8(month), Day: int8(day)}, true
}

// DateOf returns the date of t, or false when its year is not within
// 0–9999.
func DateOf(t time.Time) (Date, bool) { return NewDate(t.Year(), int(t.Month()), t.Day()) }

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as 2023-01-01, or "" when zero.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Funds is the 项目资金 block, in 万元. A blank field is 0.
type Funds struct {
	Total         decimal.Decimal // 项目资金总额
	Fiscal        decimal.Decimal // 其中：财政资金
	Other         decimal.Decimal // 其他资金
	Annual        decimal.Decimal // 年度资金申请总额
	Appropriation decimal.Decimal // 其中：当年财政拨款
	Carryover     decimal.Decimal // 上年结转资金
	AnnualOther   decimal.Decimal // 其他资金 (of the annual request)
}

// Amounts lists the fund fields with their keys, in the order of the form.
func (f *Funds) Amounts() []struct {
	Key    string
	Amount *decimal.Decimal
} {
	return []struct {
		Key    string
		Amount *decimal.Decimal
	}{
		{"total", &f.Total}, {"fiscal", &f.Fiscal}, {"other", &f.Other},
		{"annual", &f.Annual}, {"appropriation", &f.Appropriation},
		{"carryover", &f.Carryover}, {"annual_other", &f.AnnualOther},
	}
}

// Goals are 项目总目标 and 年度总体目标.
type Goals struct {
	Overall string
	Annual  string
}

// Indicator is one row of the 绩效指标 table.
type Indicator struct {
	Level1 string // 一级指标, as written (spacing removed)
	Level2 string // 二级指标, likewise
	Name   string // 三级指标, without "指标1：" numbering
	Target value.Value

	// The self-evaluation's columns, empty until results are published.
	Actual    value.Value      // 实际完成值, same grammar as Target
	Met       *bool            // 是否完成, as written: needed for qualitative targets
	Weight    *decimal.Decimal // 分值
	Score     *decimal.Decimal // 得分
	Deviation string           // 偏差原因及改进措施
}

// Achieved reports whether the indicator met its target, and whether that
// is known: from `met` when the file says so, else by comparing a
// quantitative actual with the target.
func (in *Indicator) Achieved() (met, known bool) {
	if in.Met != nil {
		return *in.Met, true
	}
	return value.Met(in.Target, in.Actual)
}

// HasResult reports whether any self-evaluation column of the row is filled.
func (in *Indicator) HasResult() bool {
	return in.Actual.Kind != value.Empty || in.Met != nil || in.Weight != nil || in.Score != nil || in.Deviation != ""
}

// Evaluation is a project's 绩效自评 summary.
type Evaluation struct {
	Year       int
	TotalScore *decimal.Decimal // 自评总分
	Grade      string           // 优, 良, 中 or 差
	Summary    string
}

// Grades are the values of Evaluation.Grade, best first.
var Grades = []string{"优", "良", "中", "差"}

// HasResults reports whether the project publishes any self-evaluation.
func (p *Project) HasResults() bool {
	if p.outline.slim {
		return p.outline.results
	}
	if p.Evaluation != nil {
		return true
	}
	for i := range p.Indicators {
		if p.Indicators[i].HasResult() {
			return true
		}
	}
	return false
}

// Categories are the values of 项目类别.
var Categories = []string{"专项资金", "经常性项目", "一次性项目"}
