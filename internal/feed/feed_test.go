package feed

import (
	"encoding/xml"
	"strings"
	"testing"

	"jixiao/internal/config"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

func testSite(t *testing.T) *site.Site {
	t.Helper()
	cfg := config.Default()
	cfg.Title, cfg.BaseURL = "测试 & <站>", "https://example.org/"
	g, ds := site.New(&load.Site{Config: cfg, Projects: []*project.Project{
		{Slug: "2022/a", Name: "甲", Year: 2022, Department: "部门", Unit: "单位", Start: project.Date{Year: 2022, Month: 3, Day: 1}},
		{Slug: "2023/新", Name: "乙", Year: 2023, Department: "部门", Unit: "单位"},
	}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return g
}

func TestWrite(t *testing.T) {
	out := publish.Memory{}
	if err := Write(testSite(t), out); err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Title != "测试 & <站>" || len(feed.Entries) != 2 {
		t.Errorf("feed = %+v", feed)
	}
	// The dates come from the content: the start date, or 1 January of the year.
	if feed.Updated != "2023-01-01T00:00:00Z" || feed.Entries[1].Updated != "2022-03-01T00:00:00Z" {
		t.Errorf("dates: feed %s, entry %s", feed.Updated, feed.Entries[1].Updated)
	}
	if feed.Entries[0].ID != "https://example.org/2023/%E6%96%B0/" {
		t.Errorf("entry id = %s", feed.Entries[0].ID)
	}
	var urls struct {
		Locs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(out["sitemap.xml"], &urls); err != nil {
		t.Fatal(err)
	}
	for _, u := range urls.Locs {
		if !strings.HasPrefix(u, "https://example.org/") || strings.Contains(u, "404") {
			t.Errorf("sitemap has %s", u)
		}
	}
	if len(urls.Locs) < 8 {
		t.Errorf("sitemap has %d URLs", len(urls.Locs))
	}
	if !strings.Contains(string(out["robots.txt"]), "Sitemap: https://example.org/sitemap.xml\n") {
		t.Errorf("robots.txt = %q", out["robots.txt"])
	}
	again := publish.Memory{}
	Write(testSite(t), again)
	for name, data := range out {
		if string(again[name]) != string(data) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}
