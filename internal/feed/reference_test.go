package feed

import (
	"bytes"
	"encoding/xml"
	"strconv"

	"jixiao/internal/site"
)

// The whole-document encoders that the streamed files replaced, kept as
// the reference that their bytes must equal.

type (
	refFeed struct {
		XMLName  xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
		Lang     string     `xml:"xml:lang,attr,omitempty"`
		Title    string     `xml:"title"`
		Subtitle string     `xml:"subtitle,omitempty"`
		Links    []refLink  `xml:"link"`
		ID       string     `xml:"id"`
		Updated  string     `xml:"updated"`
		Author   refAuthor  `xml:"author"`
		Entries  []refEntry `xml:"entry"`
	}
	refLink struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	refAuthor struct {
		Name string `xml:"name"`
	}
	refEntry struct {
		Title    string      `xml:"title"`
		Link     refLink     `xml:"link"`
		ID       string      `xml:"id"`
		Updated  string      `xml:"updated"`
		Category refCategory `xml:"category"`
		Summary  string      `xml:"summary,omitempty"`
	}
	refCategory struct {
		Term string `xml:"term,attr"`
	}
	refURLSet struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []refLoc `xml:"url"`
	}
	refLoc struct {
		Loc string `xml:"loc"`
	}
)

func refAtom(s *site.Site) ([]byte, error) {
	author := s.Config.Footer.Sponsor
	if author == "" {
		author = s.Config.Title
	}
	f := refFeed{
		Lang:     s.Config.Language,
		Title:    s.Config.Title,
		Subtitle: s.Config.Description,
		Links: []refLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.AbsURL("/feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: s.AbsURL("/")},
		},
		ID:      s.AbsURL("/"),
		Updated: timestamp(s.Updated()),
		Author:  refAuthor{author},
	}
	for _, p := range s.Projects {
		url := s.AbsURL(p.URL())
		f.Entries = append(f.Entries, refEntry{
			Title:    p.Name + "（" + strconv.Itoa(p.Year.Year) + " 年度）",
			Link:     refLink{Rel: "alternate", Type: "text/html", Href: url},
			ID:       url,
			Updated:  timestamp(p.Published()),
			Category: refCategory{p.Department.Name},
			Summary:  p.Goals.Annual,
		})
	}
	return refEncode(f)
}

func refSitemap(s *site.Site) ([]byte, error) {
	var set refURLSet
	for _, p := range s.Pages() {
		if p.Kind != site.NotFoundPage {
			set.URLs = append(set.URLs, refLoc{s.AbsURL(p.URL)})
		}
	}
	return refEncode(set)
}

func refEncode(v any) ([]byte, error) {
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
