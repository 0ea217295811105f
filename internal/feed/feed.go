// Package feed writes the files through which programs find a site's
// pages: feed.xml (an Atom feed of the MaxEntries newest projects),
// sitemap.xml (every page, with absolute URLs from base_url; past
// MaxURLs, an index of sitemap-1.xml, sitemap-2.xml, …) and robots.txt
// (which points at the sitemap). It runs in the write stage, from the plan
// (package site).
//
// The feed takes its projects one at a time, each with its full content
// (NewFeed, Add, Close), so that a build can hand it every project as it
// decodes it again rather than hold all of them: it keeps the entries of
// the newest. The sitemap needs only the page graph (WriteSitemap). Write
// does both from a site whose projects are full. The XML files are
// streamed element by element (see publish.Stream), so that an output
// folder never needs one whole in memory.
//
// Dates come from the content (site.Project.Published), never the clock,
// so the same site always gives the same bytes.
package feed

import (
	"cmp"
	"container/heap"
	"encoding/xml"
	"slices"
	"strconv"

	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

// Write writes feed.xml, from every project of s in full (site.Site.Full),
// then sitemap.xml and robots.txt.
func Write(s *site.Site, out publish.Output) error {
	f, err := NewFeed(s, out)
	if err != nil {
		return err
	}
	for _, p := range s.Projects {
		full, err := s.Full(p)
		if err == nil {
			err = f.Add(full)
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	return WriteSitemap(s, out)
}

const atomNS = "http://www.w3.org/2005/Atom"

type (
	atomLink struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	atomAuthor struct {
		Name string `xml:"name"`
	}
	atomEntry struct {
		Title    string       `xml:"title"`
		Link     atomLink     `xml:"link"`
		ID       string       `xml:"id"`
		Updated  string       `xml:"updated"`
		Category atomCategory `xml:"category"`
		Summary  string       `xml:"summary,omitempty"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
)

// MaxEntries is how many projects feed.xml lists: the newest by
// site.Project.Published, and of those published on the same day, the
// first in the site's order. A feed is what a reader polls for what is
// new; a site of 10,000 projects would otherwise send 11 MB each time. The
// sitemap and the data files list every project.
const MaxEntries = 100

// Feed writes feed.xml from projects given one at a time in the site's
// order: an entry, whose summary is the project's annual goal, for each of
// the MaxEntries newest, listed in that order.
type Feed struct {
	s      *site.Site
	doc    *document
	limit  int // MaxEntries
	kept   newest
	n      int  // projects added
	failed bool // an Add failed
}

// kept is an entry waiting for Close, with what orders it.
type kept struct {
	published project.Date
	n         int // the project's place among those added
	entry     atomEntry
}

// newest is a heap of kept entries whose root is the one to drop first:
// the oldest, and of equally old ones the last added.
type newest []kept

func (h newest) Len() int { return len(h) }
func (h newest) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.published != b.published {
		return a.published.Before(b.published)
	}
	return a.n > b.n
}
func (h newest) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *newest) Push(x any)   { *h = append(*h, x.(kept)) }
func (h *newest) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// NewFeed starts feed.xml of out. Of s it uses only what is site-wide —
// the configuration, base_url and the latest date of its projects — so
// s.Projects may be summaries without their content.
func NewFeed(s *site.Site, out publish.Output) (*Feed, error) {
	root := xml.StartElement{Name: xml.Name{Space: atomNS, Local: "feed"}}
	if lang := s.Config.Language; lang != "" {
		root.Attr = []xml.Attr{{Name: xml.Name{Local: "xml:lang"}, Value: lang}}
	}
	doc, err := create(out, "feed.xml", root)
	if err != nil {
		return nil, err
	}
	author := s.Config.Footer.Sponsor
	if author == "" {
		author = s.Config.Title
	}
	type element struct {
		name  string
		value any
	}
	head := []element{{"title", s.Config.Title}}
	if s.Config.Description != "" { // optional in Atom
		head = append(head, element{"subtitle", s.Config.Description})
	}
	head = append(head,
		element{"link", atomLink{Rel: "self", Type: "application/atom+xml", Href: s.AbsURL("/feed.xml")}},
		element{"link", atomLink{Rel: "alternate", Type: "text/html", Href: s.AbsURL("/")}},
		element{"id", s.AbsURL("/")},
		element{"updated", timestamp(s.Updated())},
		element{"author", atomAuthor{author}},
	)
	for _, e := range head {
		if err := doc.element(e.name, e.value); err != nil {
			doc.Close()
			return nil, err
		}
	}
	return &Feed{s: s, doc: doc, limit: MaxEntries}, nil
}

// Add makes the entry of p, which must have its full content, and keeps it
// if p is among the newest so far.
func (f *Feed) Add(p *site.Project) error {
	if err := p.RequireFull(); err != nil {
		f.failed = true
		return err
	}
	f.n++
	k := kept{published: p.Published(), n: f.n}
	if len(f.kept) == f.limit {
		// Added last, p would be dropped before the root unless newer.
		if !f.kept[0].published.Before(k.published) {
			return nil
		}
		heap.Pop(&f.kept)
	}
	url := f.s.AbsURL(p.URL())
	k.entry = atomEntry{
		Title:    p.Name + "（" + strconv.Itoa(p.Year.Year) + " 年度）",
		Link:     atomLink{Rel: "alternate", Type: "text/html", Href: url},
		ID:       url,
		Updated:  timestamp(k.published),
		Category: atomCategory{p.Department.Name},
		Summary:  p.Goals.Annual,
	}
	heap.Push(&f.kept, k)
	return nil
}

// Close writes the kept entries, in the order they were added, and ends
// feed.xml. After an error from Add it writes none, and after an error
// writing them it still closes the file: the feed is then incomplete.
func (f *Feed) Close() error {
	if f.failed {
		f.kept = nil
		return f.doc.Close()
	}
	entries := slices.SortedFunc(slices.Values(f.kept), func(a, b kept) int { return cmp.Compare(a.n, b.n) })
	f.kept = nil
	for _, k := range entries {
		if err := f.doc.element("entry", k.entry); err != nil {
			f.doc.Close()
			return err
		}
	}
	return f.doc.Close()
}

// timestamp formats a date as an Atom date, at midnight UTC.
func timestamp(d project.Date) string {
	if d.IsZero() {
		d = project.Date{Year: 2000, Month: 1, Day: 1}
	}
	return d.String() + "T00:00:00Z"
}
