package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"jixiao/internal/browsertest"
	"jixiao/internal/load"
	"jixiao/internal/project"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// fixtureSite is a small site of varied projects kept for these tests.
const fixtureSite = "../../testdata/search/site"

// exampleSite is the repository's example site, once it has content.
const exampleSite = "../.."

// vector is one case of testdata/search/tokenize.json, which the Go and the
// JavaScript tokenizers must both pass.
type vector struct {
	Name       string   `json:"name"`
	Input      string   `json:"input"`
	Normalized string   `json:"normalized"`
	Terms      []string `json:"terms"`
	Tokens     []string `json:"tokens"`
}

func readVectors(t *testing.T) []vector {
	t.Helper()
	var vs []vector
	readJSON(t, "../../testdata/search/tokenize.json", &vs)
	if len(vs) < 40 {
		t.Fatalf("tokenize.json has %d cases, want at least 40", len(vs))
	}
	return vs
}

// query is one case of testdata/search/queries.json.
type query struct {
	Q          string `json:"q"`
	Year       int    `json:"year,omitempty"`
	Department string `json:"department,omitempty"`
	Category   string `json:"category,omitempty"`
}

func (q query) filter() filter { return filter{q.Year, q.Department, q.Category} }

func (q query) String() string {
	s := fmt.Sprintf("%q", q.Q)
	if q.Year != 0 {
		s += fmt.Sprintf(" year=%d", q.Year)
	}
	if q.Department != "" {
		s += " department=" + q.Department
	}
	if q.Category != "" {
		s += " category=" + q.Category
	}
	return s
}

func readQueries(t *testing.T) []query {
	t.Helper()
	var qs []query
	readJSON(t, "../../testdata/search/queries.json", &qs)
	if len(qs) < 30 {
		t.Fatalf("queries.json has %d queries, want at least 30", len(qs))
	}
	return qs
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// want is what a query must find, by a plain scan: the projects that match
// the filters and contain every term in one field, as URLs sorted. A query
// without terms lists what its filters select, and nothing without filters.
func want(projects []*project.Project, q query) []string {
	var urls []string
	for _, p := range projects {
		if q.Year != 0 && p.Year != q.Year || q.Department != "" && p.Department != q.Department ||
			q.Category != "" && p.Category != q.Category {
			continue
		}
		if terms := Terms(q.Q); len(terms) == 0 && q.filter() != (filter{}) || len(terms) > 0 && containsAll(p, terms) {
			urls = append(urls, p.URL())
		}
	}
	slices.Sort(urls)
	return urls
}

// containsAll is Matches with the normalised fields kept between calls.
func containsAll(p *project.Project, terms []string) bool {
	fields, ok := normalized.Load(p)
	if !ok {
		var fs []string
		for _, f := range Fields(p) {
			fs = append(fs, Normalize(f))
		}
		fields, _ = normalized.LoadOrStore(p, fs)
	}
	for _, t := range terms {
		if !slices.ContainsFunc(fields.([]string), func(f string) bool { return strings.Contains(f, t) }) {
			return false
		}
	}
	return true
}

var normalized sync.Map // *project.Project → its normalised fields

func TestMatches(t *testing.T) {
	p := &project.Project{
		Name: "区域党建经费", Code: "2023-WJ-003", Department: "吴泾镇人民政府", Unit: "吴泾镇社区党群服务中心",
		Content: &project.Content{Goals: project.Goals{Overall: "项目化推进“泾彩党建”品牌", Annual: "全年开展活动３６场"}, Indicators: []project.Indicator{{Name: "完成率"}}, Body: []byte("## 项目概况\n\nWiFi 覆盖")},
	}
	for q, want := range map[string]bool{
		"党建":      true,
		"区域党建经费":  true,
		"经费吴泾":    false, // the end of the name and the start of the department
		"经费 吴泾":   true,  // two terms, each in a field
		"2023":    true,
		"wj-003":  true,
		"wj003":   false,
		"36场":     true, // full-width digits in the text
		"３６":      true, // and in the query
		"wifi":    true,
		"WIFI覆盖":  false, // a space between them in the text
		"泾彩党建品牌":  false, // the quote mark separates
		"":        false,
		"，":       false,
		"完成率 不存在": false,
		"概况":      true,
	} {
		if got := Matches(p, q); got != want {
			t.Errorf("Matches(%q) = %v, want %v", q, got, want)
		}
	}
}

// testSite is a site to test on: its projects and the options its build
// would pass, with the departments and slugs of its site.toml.
type testSite struct {
	projects []*project.Project
	opt      Options
}

// readSite reads the site in dir.
func readSite(t testing.TB, dir string) testSite {
	t.Helper()
	site, _ := load.Read(os.DirFS(dir))
	ts := testSite{projects: site.Projects}
	for _, d := range site.Config.Departments {
		ts.opt.Departments = append(ts.opt.Departments, Department{Name: d.Name, Slug: d.Slug})
	}
	return ts
}

// sites returns the sites to test on: the fixture, and the example site
// when it has projects.
func sites(t *testing.T) map[string]testSite {
	t.Helper()
	s := map[string]testSite{"fixture": readSite(t, fixtureSite)}
	if n := len(s["fixture"].projects); n < 16 {
		t.Fatalf("fixture site has %d projects, want 16", n)
	}
	if ex := readSite(t, exampleSite); len(ex.projects) > 0 {
		s["example"] = ex
	}
	return s
}

// mapWriter collects the files of an index.
type mapWriter fstest.MapFS

func (w mapWriter) WriteFile(name string, data []byte) error {
	w[name] = &fstest.MapFile{Data: data}
	return nil
}

// dirWriter writes an index under a folder.
type dirWriter string

func (w dirWriter) WriteFile(name string, data []byte) error {
	path := filepath.Join(string(w), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// open builds the index of a site in memory and opens it.
func open(t testing.TB, ts testSite) *searcher {
	t.Helper()
	fsys := mapWriter{}
	if err := write(fsys, ts.projects, ts.opt); err != nil {
		t.Fatal(err)
	}
	sub, err := fstest.MapFS(fsys).Sub(DefaultDir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := openSearcher(sub)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sortedURLs(t testing.TB, s *searcher, ids []int32) []string {
	t.Helper()
	urls, err := s.urls(ids)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(urls)
	return urls
}

func TestTokenizeVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		if got := Normalize(v.Input); got != v.Normalized {
			t.Errorf("%s: Normalize(%q) = %q, want %q", v.Name, v.Input, got, v.Normalized)
		}
		if got := Terms(v.Input); !slices.Equal(got, v.Terms) {
			t.Errorf("%s: Terms(%q) = %q, want %q", v.Name, v.Input, got, v.Terms)
		}
		if got := Tokenize(v.Input); !slices.Equal(got, v.Tokens) {
			t.Errorf("%s: Tokenize(%q) = %q, want %q", v.Name, v.Input, got, v.Tokens)
		}
	}
}

// TestSearchEqualsScan checks the index, read as the client reads it,
// against the plain scan, for the listed queries.
func TestSearchEqualsScan(t *testing.T) {
	for name, ts := range sites(t) {
		projects := ts.projects
		s := open(t, ts)
		for _, q := range readQueries(t) {
			ids, _, err := s.search(q.Q, q.filter())
			if err != nil {
				t.Fatalf("%s: %v: %v", name, q, err)
			}
			if got, want := sortedURLs(t, s, ids), want(projects, q); !slices.Equal(got, want) {
				t.Errorf("%s: %v found\n%q\nwant\n%q", name, q, got, want)
			}
		}
	}
}

// TestSearchRandomSubstrings checks the index against the scan for
// substrings cut at random from the projects' own fields, alone, glued
// together and in pairs, with random filters.
func TestSearchRandomSubstrings(t *testing.T) {
	for name, ts := range sites(t) {
		projects := ts.projects
		s := open(t, ts)
		r := rand.New(rand.NewSource(1))
		for range 400 {
			q := query{Q: randomSubstring(r, projects)}
			if r.Intn(3) == 0 {
				// Two pieces glued: often every pair is there, but not the whole.
				q.Q += randomSubstring(r, projects)
			}
			if r.Intn(3) == 0 {
				q.Q += " " + randomSubstring(r, projects)
			}
			if r.Intn(4) == 0 {
				p := projects[r.Intn(len(projects))]
				q.Year, q.Department = p.Year, []string{"", p.Department}[r.Intn(2)]
			}
			ids, _, err := s.search(q.Q, q.filter())
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sortedURLs(t, s, ids), want(projects, q); !slices.Equal(got, want) {
				t.Errorf("%s: %v found\n%q\nwant\n%q", name, q, got, want)
			}
		}
	}
}

// randomSubstring returns 1 to 8 characters from a random field.
func randomSubstring(r *rand.Rand, projects []*project.Project) string {
	p := projects[r.Intn(len(projects))]
	fields := Fields(p)
	f := []rune(fields[r.Intn(len(fields))])
	if len(f) == 0 {
		return "空"
	}
	i := r.Intn(len(f))
	return string(f[i:min(len(f), i+1+r.Intn(8))])
}

// TestRanking checks the order of results: name before header before goals
// before narrative, a contiguous phrase before scattered terms, then newer
// years first, then by name.
func TestRanking(t *testing.T) {
	s := open(t, readSite(t, fixtureSite))
	cases := []struct {
		q     string
		first []string // the first results, in order
	}{
		// Both have it in the name; 2024 before 2023.
		{"区域党建", []string{"/2024/wujing/quyudangjian/", "/2023/wujing/quyudangjian/"}},
		// Name, then goals (two goal matches by year then name).
		{"社区党校", []string{"/2025/wujing/dangxiao/", "/2023/wujing/quyudangjian/"}},
		// Name, then unit.
		{"养老服务", []string{"/2025/minzheng/jujia/", "/2024/minzheng/zhucan/"}},
		// "社区 党校": the name's phrase first; the narrative's "社区 党校"
		// is scattered, but it is the same project. Then the phrase in goals.
		{"社区 党校", []string{"/2025/wujing/dangxiao/", "/2023/wujing/quyudangjian/"}},
		// Name match of 垃圾分类 before the goal match of 分类垃圾.
		{"垃圾 分类", []string{"/2024/wujing/laji/", "/2025/wujing/huodong/"}},
		// Both in goals only: the phrase 照料服务 (2023) before the
		// scattered 照料…服务 (2024), though newer years come first.
		{"照料 服务", []string{"/2023/minzheng/fuliyuan/", "/2024/jiaoyu/xiaoshe/"}},
	}
	for _, c := range cases {
		ids, _, err := s.search(c.q, filter{})
		if err != nil {
			t.Fatal(err)
		}
		urls, err := s.urls(ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(urls) < len(c.first) || !slices.Equal(urls[:len(c.first)], c.first) {
			t.Errorf("%q ranks %q, want it to start with %q", c.q, urls, c.first)
		}
	}
}

// TestBuildDeterministic checks that the same projects, in any order, give
// the same bytes.
func TestBuildDeterministic(t *testing.T) {
	fixture := readSite(t, fixtureSite)
	projects := fixture.projects
	a := writeFiles(t, projects, fixture.opt)
	shuffled := slices.Clone(projects)
	rand.New(rand.NewSource(2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := writeFiles(t, shuffled, fixture.opt)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("file %d: %s differs from %s", i, a[i].Name, b[i].Name)
		}
	}
	for i, f := range a {
		if !strings.HasPrefix(f.Name, DefaultDir+"/") {
			t.Errorf("file %s is outside %s", f.Name, DefaultDir)
		}
		if i > 0 && a[i-1].Name >= f.Name {
			t.Errorf("files not sorted: %s before %s", a[i-1].Name, f.Name)
		}
	}
}

func TestBuildOptions(t *testing.T) {
	projects := readSite(t, fixtureSite).projects
	files := writeFiles(t, projects, Options{
		Dir:        "find/idx",
		ProjectURL: func(p *project.Project) string { return "/sub" + p.URL() },
		Departments: []Department{
			{Name: "闵行区教育局", Slug: "jiaoyu"},
			{Name: "没有项目的部门", Slug: "none"},
			{Name: "吴泾镇人民政府"},
		},
	})
	fsys := mapWriter{}
	for _, f := range files {
		fsys.WriteFile(f.Name, f.Data)
	}
	sub, _ := fstest.MapFS(fsys).Sub("find/idx")
	s, err := openSearcher(sub)
	if err != nil {
		t.Fatal(err)
	}
	var depts []Department
	if data, err := s.read("departments.json"); err != nil || json.Unmarshal(data, &depts) != nil {
		t.Fatalf("departments.json: %v", err)
	}
	wantDepts := []Department{
		{Name: "闵行区教育局", Slug: "jiaoyu"}, {Name: "吴泾镇人民政府"},
		{Name: "闵行区市场监督管理局"}, {Name: "闵行区民政局"}, {Name: "闵行区生态环境局"},
	}
	if !slices.Equal(depts, wantDepts) {
		t.Errorf("departments %+v\nwant %+v", depts, wantDepts)
	}
	// The department filter answers to the slug and the name.
	for _, d := range []string{"jiaoyu", "闵行区教育局"} {
		ids, _, _ := s.search("", filter{Department: d})
		if urls, _ := s.urls(ids); len(urls) != 3 {
			t.Errorf("department %s lists %q, want its 3 projects", d, urls)
		}
	}
	ids, _, _ := s.search("食品安全", filter{})
	if urls, _ := s.urls(ids); !slices.Equal(urls, []string{"/sub/2025/shichang/shipin/"}) {
		t.Errorf("食品安全 found %q, want the project's URL from Options.ProjectURL", urls)
	}
}

func TestBuildEmpty(t *testing.T) {
	s := open(t, testSite{})
	if s.meta.Docs != 0 || s.meta.Shards != 1 {
		t.Errorf("meta of no projects: %+v", s.meta)
	}
	if ids, _, err := s.search("党建", filter{}); err != nil || len(ids) != 0 {
		t.Errorf("search of an empty index = %v, %v", ids, err)
	}
}

// write builds the index of projects, in any order.
func write(w Writer, projects []*project.Project, opt Options) error {
	sorted := Order(projects, opt)
	return WriteEach(w, len(sorted), func(i int) (*project.Project, error) { return sorted[i], nil }, opt)
}
