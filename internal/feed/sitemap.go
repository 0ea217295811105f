package feed

import (
	"encoding/xml"
	"slices"
	"strconv"

	"jixiao/internal/publish"
	"jixiao/internal/site"
)

// MaxURLs is the most URLs one sitemap file may list (sitemaps.org). A
// site with more gets sitemap-1.xml, sitemap-2.xml, … and sitemap.xml
// becomes the index of those.
const MaxURLs = 50000

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type loc struct {
	Loc string `xml:"loc"`
}

// WriteSitemap writes sitemap.xml (with its parts, for a large site) and
// robots.txt. They need only the page graph, not the projects' content.
func WriteSitemap(s *site.Site, out publish.Output) error {
	if err := writeSitemap(s, out, MaxURLs); err != nil {
		return err
	}
	return out.WriteFile("robots.txt", robots(s))
}

// writeSitemap lists every page but the not-found page, in the plan's
// order, at most limit in one file.
func writeSitemap(s *site.Site, out publish.Output, limit int) error {
	pages := slices.DeleteFunc(s.Pages(), func(p *site.Page) bool { return p.Kind == site.NotFoundPage })
	if len(pages) <= limit {
		return writeURLs(s, out, "sitemap.xml", pages)
	}
	var parts []string
	for part := range slices.Chunk(pages, limit) {
		name := "sitemap-" + strconv.Itoa(len(parts)+1) + ".xml"
		if err := writeURLs(s, out, name, part); err != nil {
			return err
		}
		parts = append(parts, name)
	}
	index, err := create(out, "sitemap.xml", xml.StartElement{Name: xml.Name{Space: sitemapNS, Local: "sitemapindex"}})
	if err != nil {
		return err
	}
	for _, name := range parts {
		if err := index.element("sitemap", loc{s.AbsURL("/" + name)}); err != nil {
			index.Close()
			return err
		}
	}
	return index.Close()
}

// writeURLs writes the sitemap name listing pages.
func writeURLs(s *site.Site, out publish.Output, name string, pages []*site.Page) error {
	doc, err := create(out, name, xml.StartElement{Name: xml.Name{Space: sitemapNS, Local: "urlset"}})
	if err != nil {
		return err
	}
	for _, p := range pages {
		if err := doc.element("url", loc{s.AbsURL(p.URL)}); err != nil {
			doc.Close()
			return err
		}
	}
	return doc.Close()
}

// robots allows everything and names the sitemap.
func robots(s *site.Site) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.AbsURL("/sitemap.xml") + "\n")
}
