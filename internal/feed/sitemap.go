package feed

import (
	"encoding/xml"
	"iter"
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
// order, at most limit in one file. The URLs of the projects' pages are
// made as they are written, not held.
func writeSitemap(s *site.Site, out publish.Output, limit int) error {
	var index []int // of the index pages listed
	for i := range s.NumIndexPages() {
		if s.IndexKind(i) != site.NotFoundPage {
			index = append(index, i)
		}
	}
	n := len(index) + len(s.Projects)
	// urls yields the absolute URLs of the pages from the from-th on, up
	// to to.
	urls := func(from, to int) iter.Seq[string] {
		return func(yield func(string) bool) {
			for k := from; k < to; k++ {
				var u string
				if k < len(index) {
					u = s.IndexPage(index[k]).URL
				} else {
					u = s.Projects[k-len(index)].URL()
				}
				if !yield(s.AbsURL(u)) {
					return
				}
			}
		}
	}
	if n <= limit {
		return writeLocs(out, "sitemap.xml", "urlset", "url", urls(0, n))
	}
	var parts []string
	for i := 0; i < n; i += limit {
		name := "sitemap-" + strconv.Itoa(len(parts)+1) + ".xml"
		if err := writeLocs(out, name, "urlset", "url", urls(i, min(i+limit, n))); err != nil {
			return err
		}
		parts = append(parts, s.AbsURL("/"+name))
	}
	return writeLocs(out, "sitemap.xml", "sitemapindex", "sitemap", slices.Values(parts))
}

// writeLocs writes the file name: a root element of the sitemap namespace
// holding an element elem with a <loc> for each of locs.
func writeLocs(out publish.Output, name, root, elem string, locs iter.Seq[string]) error {
	doc, err := create(out, name, xml.StartElement{Name: xml.Name{Space: sitemapNS, Local: root}})
	if err != nil {
		return err
	}
	for l := range locs {
		if err := doc.element(elem, loc{l}); err != nil {
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
