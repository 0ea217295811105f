package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/config"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/publish"
	"jixiao/internal/site"
)

var update = flag.Bool("update", false, "rewrite testdata/awkward and testdata/bare from Write")

func testSite(t *testing.T) *site.Site {
	t.Helper()
	cfg := config.Default()
	cfg.Title, cfg.BaseURL = "测试 & <站>", "https://example.org/"
	g, ds := site.New(&load.Site{Config: cfg, Projects: []*project.Project{
		{Slug: "2022/a", Name: "甲", Year: 2022, Department: "部门", Unit: "单位", Start: project.Date{Year: 2022, Month: 3, Day: 1}, Content: &project.Content{}},
		{Slug: "2023/新", Name: "乙", Year: 2023, Department: "部门", Unit: "单位", Content: &project.Content{}},
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

// newSite plans a site of projects, failing the test on diagnostics.
func newSite(t *testing.T, cfg *config.Site, ps ...*project.Project) *site.Site {
	t.Helper()
	g, ds := site.New(&load.Site{Config: cfg, Projects: ps})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return g
}

// exampleSite is the repository's example site.
func exampleSite(t *testing.T) *site.Site {
	t.Helper()
	ls, ds := load.Read(os.DirFS("../.."))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return newSite(t, ls.Config, ls.Projects...)
}

// awkwardSite has text that XML must escape or cannot hold: markup
// characters, control characters, invalid UTF-8, Chinese.
func awkwardSite(t *testing.T) *site.Site {
	t.Helper()
	cfg := config.Default()
	cfg.Title = `A & B <c> "d" 'e' ]]> ` + "\x01\x0b 中文\t标题"
	cfg.Description = "第一行\r\n第二行 & <b>\x7f\uFFFE"
	cfg.BaseURL = `https://example.org/a&b"c/`
	cfg.Language = `zh"&<`
	cfg.Footer.Sponsor = "主办 & <单位>\x00"
	return newSite(t, cfg,
		&project.Project{Slug: "2024/a&b c", Name: `甲 & <乙> "丙"` + "\x02", Year: 2024,
			Department: "部门 & <x>", Unit: "单位 \"y\"", Start: project.Date{Year: 2024, Month: 2, Day: 29},
			Content: &project.Content{Goals: project.Goals{Annual: "完成 <50%> & 更多 ]]> \r\n\t\x1f\xff 结束"}},
		},
		&project.Project{Slug: "2023/新", Name: "乙", Year: 2023, Department: "部门 & <x>", Unit: "单位",
			Content: &project.Content{Goals: project.Goals{Annual: "  前后空格  "}},
		},
		&project.Project{Slug: "2023/无目标", Name: "丙", Year: 2023, Department: "另一个", Unit: "单位", Content: &project.Content{}},
	)
}

// bareSite has no projects, language or description.
func bareSite(t *testing.T) *site.Site {
	t.Helper()
	cfg := config.Default()
	cfg.Title, cfg.BaseURL, cfg.Language, cfg.Description = "空", "https://example.org", "", ""
	return newSite(t, cfg)
}

// TestSameBytes checks the files byte for byte against testdata/<site>/,
// written by the whole-document encoders that the streamed files replaced
// (go test -update rewrites them from Write), in memory and in a folder,
// which streams through publish.Creator. The example site's, which change
// with its content, are compared between memory and folder only; the
// build's goldens hold them.
func TestSameBytes(t *testing.T) {
	for name, s := range map[string]*site.Site{
		"example": exampleSite(t), "awkward": awkwardSite(t), "bare": bareSite(t),
	} {
		t.Run(name, func(t *testing.T) {
			mem := publish.Memory{}
			if err := Write(s, mem); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "out")
			out, err := publish.Create(dir, publish.Protect{})
			if err != nil {
				t.Fatal(err)
			}
			if err := Write(s, out); err != nil {
				t.Fatal(err)
			}
			if err := out.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := mem.Names(); !slices.Equal(got, []string{"feed.xml", "robots.txt", "sitemap.xml"}) {
				t.Errorf("files = %v", got)
			}
			golden := filepath.Join("testdata", name)
			for _, file := range mem.Names() {
				want, err := os.ReadFile(filepath.Join(golden, file))
				switch {
				case file == "robots.txt":
					want = robots(s)
				case name == "example":
					want = mem[file]
				case *update:
					if err := os.WriteFile(filepath.Join(golden, file), mem[file], 0o644); err != nil {
						t.Fatal(err)
					}
					want = mem[file]
				case err != nil:
					t.Fatal(err)
				}
				disk, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil {
					t.Fatal(err)
				}
				for where, got := range map[string][]byte{"memory": mem[file], "folder": disk} {
					if !bytes.Equal(got, want) {
						t.Errorf("%s in %s:\n%s\nwant:\n%s", file, where, got, want)
					}
				}
			}
		})
	}
}

// TestAddUsesGivenProject checks that the entries come from the projects
// given to Add, not from the site's, which may be summaries without goals.
func TestAddUsesGivenProject(t *testing.T) {
	full := awkwardSite(t)
	want := publish.Memory{}
	if err := Write(full, want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(want["feed.xml"], []byte("前后空格")) {
		t.Fatal("the full site's feed lacks the annual goal")
	}
	var summaries []*project.Project
	for _, p := range full.Projects {
		sum := *p.Project
		content := *sum.Content
		content.Goals = project.Goals{}
		sum.Content = &content
		summaries = append(summaries, &sum)
	}
	got := publish.Memory{}
	f, err := NewFeed(newSite(t, full.Config, summaries...), got)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range full.Projects {
		whole, err := full.Full(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Add(whole); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got["feed.xml"], want["feed.xml"]) {
		t.Errorf("feed.xml:\n%s\nwant:\n%s", got["feed.xml"], want["feed.xml"])
	}
}

// TestSitemapParts checks that a site with more URLs than one sitemap may
// hold gets parts of at most the limit, which list every URL once and in
// the plan's order, and sitemap.xml as their index; and that a site with
// no more than the limit gets the one file.
func TestSitemapParts(t *testing.T) {
	s := awkwardSite(t)
	whole := publish.Memory{}
	if err := writeSitemap(s, whole, MaxURLs); err != nil {
		t.Fatal(err)
	}
	root, all := sitemapLocs(t, whole["sitemap.xml"])
	n := len(all)
	if n < 10 || root.Local != "urlset" {
		t.Fatalf("the site's sitemap is a %s of %d URLs", root.Local, n)
	}
	for _, limit := range []int{1, 3, n - 1, n, MaxURLs} {
		out := publish.Memory{}
		if err := writeSitemap(s, out, limit); err != nil {
			t.Fatal(err)
		}
		parts := (n + limit - 1) / limit
		if parts == 1 {
			if !bytes.Equal(out["sitemap.xml"], whole["sitemap.xml"]) || len(out) != 1 {
				t.Errorf("limit %d: files %v, want the one sitemap.xml", limit, out.Names())
			}
			continue
		}
		root, index := sitemapLocs(t, out["sitemap.xml"])
		if root != (xml.Name{Space: sitemapNS, Local: "sitemapindex"}) {
			t.Errorf("limit %d: sitemap.xml is a %v", limit, root)
		}
		if len(index) != parts || len(out) != parts+1 {
			t.Errorf("limit %d: index lists %d parts, %d files written, want %d parts",
				limit, len(index), len(out), parts)
		}
		var listed []string
		for i, u := range index {
			name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
			if u != `https://example.org/a&b"c/`+name {
				t.Errorf("limit %d: index lists %s", limit, u)
			}
			root, locs := sitemapLocs(t, out[name])
			if root.Local != "urlset" || len(locs) == 0 || len(locs) > limit {
				t.Errorf("limit %d: %s is a %s of %d URLs", limit, name, root.Local, len(locs))
			}
			listed = append(listed, locs...)
		}
		if !slices.Equal(listed, all) {
			t.Errorf("limit %d: the parts list\n%v\nwant\n%v", limit, listed, all)
		}
	}
}

// sitemapLocs parses a sitemap file: its root element and the <loc> of
// each of its entries.
func sitemapLocs(t *testing.T, data []byte) (xml.Name, []string) {
	t.Helper()
	var doc struct {
		XMLName xml.Name
		Items   []struct {
			Loc string `xml:"loc"`
		} `xml:",any"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, it := range doc.Items {
		locs = append(locs, it.Loc)
	}
	return doc.XMLName, locs
}

// TestAddRefusesSlim: a slim project, which has let go of its goals, is
// refused by its file's name rather than given an entry without them, and
// the feed then gets no entries.
func TestAddRefusesSlim(t *testing.T) {
	s := awkwardSite(t)
	out := publish.Memory{}
	f, err := NewFeed(s, out)
	if err != nil {
		t.Fatal(err)
	}
	p := *s.Projects[0]
	slim := *p.Project
	slim.Slim()
	p.Project = &slim
	whole, err := s.Full(s.Projects[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Add(whole); err != nil {
		t.Fatal(err)
	}
	if err := f.Add(&p); !errors.Is(err, project.ErrSlim) || !strings.HasPrefix(err.Error(), p.Path+": ") {
		t.Errorf("Add of a slim project: error %v", err)
	}
	// What was added before the error is not written.
	f.Close()
	if bytes.Contains(out["feed.xml"], []byte("<entry>")) {
		t.Errorf("after a failed Add, feed.xml has entries:\n%s", out["feed.xml"])
	}
}

// TestErrorNamesFile: a file that cannot be written is named in the error.
func TestErrorNamesFile(t *testing.T) {
	err := Write(awkwardSite(t), fullDisk{publish.Memory{}})
	if err == nil || !strings.HasPrefix(err.Error(), "feed.xml: ") || !strings.Contains(err.Error(), "no space") {
		t.Errorf("writing to a full disk: error %v", err)
	}
}

// fullDisk is an Output whose streamed files cannot be written.
type fullDisk struct{ publish.Memory }

func (fullDisk) Create(string) (io.WriteCloser, error) { return fullFile{}, nil }

type fullFile struct{}

func (fullFile) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }
func (fullFile) Close() error              { return nil }

// TestFeedKeepsNewest checks that the feed lists the newest projects by
// publication date, the first in the site's order of those published on
// the same day, in the site's order, and no more than its limit.
func TestFeedKeepsNewest(t *testing.T) {
	n := MaxEntries + 30
	var ps []*project.Project
	for i := range n {
		p := &project.Project{
			Slug: fmt.Sprintf("%d/p%03d", 2021+i%3, i), Name: fmt.Sprintf("项目%03d", i), Year: 2021 + i%3,
			Department: "部门", Unit: "单位", Content: &project.Content{},
		}
		if i%4 != 0 { // else published on 1 January of its year
			p.Start = project.Date{Year: int16(p.Year), Month: int8(1 + i*7%12), Day: int8(1 + i%3)}
		}
		ps = append(ps, p)
	}
	s := newSite(t, config.Default(), ps...)
	for _, limit := range []int{1, 3, 40, MaxEntries, n, n + 1} {
		out := publish.Memory{}
		f, err := NewFeed(s, out)
		if err != nil {
			t.Fatal(err)
		}
		if limit != MaxEntries {
			f.limit = limit
		}
		for _, p := range s.Projects {
			full, err := s.Full(p)
			if err == nil {
				err = f.Add(full)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		var feed struct {
			IDs []string `xml:"entry>id"`
		}
		if err := xml.Unmarshal(out["feed.xml"], &feed); err != nil {
			t.Fatal(err)
		}
		// The newest by a stable sort, then back in the site's order.
		order := make([]int, len(s.Projects))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			pa, pb := s.Projects[a].Published(), s.Projects[b].Published()
			switch {
			case pb.Before(pa):
				return -1
			case pa.Before(pb):
				return 1
			}
			return 0
		})
		order = order[:min(limit, len(order))]
		slices.Sort(order)
		var want []string
		for _, i := range order {
			want = append(want, s.AbsURL(s.Projects[i].URL()))
		}
		if !slices.Equal(feed.IDs, want) {
			t.Errorf("limit %d: entries\n%v\nwant\n%v", limit, feed.IDs, want)
		}
	}
}
