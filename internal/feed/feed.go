// Package feed writes the files through which programs find a site's
// pages: feed.xml (an Atom feed with one entry per project), sitemap.xml
// (every page, with absolute URLs from base_url) and robots.txt (which
// points at the sitemap). It runs in the write stage as one of the
// build's generators, from the plan (package site).
//
// Dates come from the content (site.Project.Published), never the clock,
// so the same site always gives the same bytes.
package feed

import (
	"bytes"
	"encoding/xml"
	"strconv"

	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

// Write writes feed.xml, sitemap.xml and robots.txt.
func Write(s *site.Site, out publish.Output) error {
	atom, err := Atom(s)
	if err != nil {
		return err
	}
	sm, err := Sitemap(s)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"feed.xml", atom}, {"sitemap.xml", sm}, {"robots.txt", Robots(s)}} {
		if err := out.WriteFile(f.name, f.data); err != nil {
			return err
		}
	}
	return nil
}

type (
	atomFeed struct {
		XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Lang     string      `xml:"xml:lang,attr,omitempty"`
		Title    string      `xml:"title"`
		Subtitle string      `xml:"subtitle,omitempty"`
		Links    []atomLink  `xml:"link"`
		ID       string      `xml:"id"`
		Updated  string      `xml:"updated"`
		Author   atomAuthor  `xml:"author"`
		Entries  []atomEntry `xml:"entry"`
	}
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

// timestamp formats a date as an Atom date, at midnight UTC.
func timestamp(d project.Date) string {
	if d.IsZero() {
		d = project.Date{Year: 2000, Month: 1, Day: 1}
	}
	return d.String() + "T00:00:00Z"
}

// Atom is the feed: one entry per project, in the site's order.
func Atom(s *site.Site) ([]byte, error) {
	author := s.Config.Footer.Sponsor
	if author == "" {
		author = s.Config.Title
	}
	f := atomFeed{
		Lang:     s.Config.Language,
		Title:    s.Config.Title,
		Subtitle: s.Config.Description,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.AbsURL("/feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: s.AbsURL("/")},
		},
		ID:      s.AbsURL("/"),
		Updated: timestamp(s.Updated()),
		Author:  atomAuthor{author},
	}
	for _, p := range s.Projects {
		url := s.AbsURL(p.URL())
		f.Entries = append(f.Entries, atomEntry{
			Title:    p.Name + "（" + strconv.Itoa(p.Year.Year) + " 年度）",
			Link:     atomLink{Rel: "alternate", Type: "text/html", Href: url},
			ID:       url,
			Updated:  timestamp(p.Published()),
			Category: atomCategory{p.Department.Name},
			Summary:  p.Goals.Annual,
		})
	}
	return encode(f)
}

type (
	urlSet struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []loc    `xml:"url"`
	}
	loc struct {
		Loc string `xml:"loc"`
	}
)

// Sitemap lists every page but the not-found page, in the plan's order.
func Sitemap(s *site.Site) ([]byte, error) {
	var set urlSet
	for _, p := range s.Pages() {
		if p.Kind != site.NotFoundPage {
			set.URLs = append(set.URLs, loc{s.AbsURL(p.URL)})
		}
	}
	return encode(set)
}

// Robots allows everything and names the sitemap.
func Robots(s *site.Site) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.AbsURL("/sitemap.xml") + "\n")
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
