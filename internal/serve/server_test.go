package serve

import (
	"bufio"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/publish"
)

func TestServesPages(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	for path, want := range map[string]string{
		"/":                       "吴泾镇",
		projectURL:                projectName,
		deptURL:                   projectName,
		"/data/":                  "projects.csv",
		"/static/style.css":       "--blue",
		"/data/projects.csv":      projectName,
		"/feed.xml":               projectName,
		ScriptPath:                "EventSource",
		StylePath:                 ".jixiao-overlay",
		projectURL + "index.html": projectName,
	} {
		code, body := get(t, r.URL, path)
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want 200 with %q", path, code, want)
		}
	}
	code, body := get(t, r.URL, "/nope/")
	if code != 404 || !strings.Contains(body, "页面未找到") || !strings.Contains(body, ScriptPath) {
		t.Errorf("GET /nope/: %d, want the site's 404 page with the script", code)
	}
	// A page's address without its slash redirects to it.
	resp, err := http.Get(r.URL + strings.TrimSuffix(projectURL, "/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != projectURL {
		t.Errorf("no redirect to %s: %d %s", projectURL, resp.StatusCode, resp.Request.URL)
	}
	// The script comes once, before </body>, in HTML only.
	_, body = get(t, r.URL, projectURL)
	tag := regexp.MustCompile(`<script src="/_jixiao/livereload.js" data-server="` + r.ID() + `" data-version="\d+" defer></script>\n</body>`)
	if !tag.MatchString(body) || strings.Count(body, ScriptPath) != 1 {
		t.Errorf("script tag missing or misplaced:\n%s", body[max(0, len(body)-300):])
	}
	if _, body := get(t, r.URL, "/feed.xml"); strings.Contains(body, ScriptPath) {
		t.Error("script injected into feed.xml")
	}
}

// TestNeverInBuild checks that the live-reload script and the overlay are
// no part of a built site or of the built-in files a build copies.
func TestNeverInBuild(t *testing.T) {
	out := publish.Memory{}
	if _, err := build.Build(os.DirFS(repoRoot(t)), out, build.Options{}); err != nil {
		t.Fatal(err)
	}
	for name, data := range out {
		for _, s := range []string{"_jixiao", "livereload", "jixiao-overlay", "EventSource"} {
			if strings.Contains(name, s) || strings.Contains(string(data), s) {
				t.Errorf("built file %s has %q", name, s)
			}
		}
	}
	fs.WalkDir(jixiao.Builtin, ".", func(name string, d fs.DirEntry, err error) error {
		if strings.Contains(name, "livereload") || strings.Contains(name, "overlay") {
			t.Errorf("built-in file %s", name)
		}
		return err
	})
}

// rawGet sends a request line as written, without a client's cleaning.
func rawGet(t *testing.T, base, method, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", method, target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return resp.StatusCode, b.String()
}

func TestTraversal(t *testing.T) {
	outer, dir := exampleInside(t)
	const secret = "SECRET-4242"
	writeFile(t, outer, "secret.txt", secret)
	writeFile(t, dir, "notes.txt", secret)
	writeFile(t, dir, "site.toml", readFile(t, dir, "site.toml")+"# "+secret+"\n")
	writeFile(t, dir, "static/inside.txt", "fine")
	r := start(t, dir, Options{})
	for _, target := range []string{
		"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt",
		"/static/../../secret.txt", "/static/%2e%2e/%2e%2e/secret.txt", "/static/..%5c..%5csecret.txt",
		"/static\\..\\..\\secret.txt", "/a\\b", "//etc/passwd", "/static//inside.txt", "/site.toml",
		"/notes.txt", "/static/./inside.txt", "/static/inside.txt%00", "/" + projectFile,
		"http://127.0.0.1/../secret.txt", "http://evil.example/%2e%2e/secret.txt",
		"/static/%2e%2e/site.toml", "/.%2e/secret.txt", "/content/", "/layouts/base.html",
	} {
		code, body := rawGet(t, r.URL, "GET", target)
		if code != http.StatusNotFound && code != http.StatusBadRequest && code != http.StatusForbidden {
			t.Errorf("GET %s: %d, want 404", target, code)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "name = ") {
			t.Errorf("GET %s: read something it should not have", target)
		}
	}
	if code, body := rawGet(t, r.URL, "GET", "/static/inside.txt"); code != 200 || body != "fine" {
		t.Errorf("GET /static/inside.txt: %d %q", code, body)
	}
}

// TestSymlinkOutOfSite checks that a static file or project file linked
// from outside the site is never served: the build fails on the one and
// leaves out the other, as jixiao build does.
func TestSymlinkOutOfSite(t *testing.T) {
	outer := t.TempDir()
	dir := exampleCopy(t)
	const secret = "SECRET-STATIC"
	writeFile(t, outer, "secret.css", secret)
	writeFile(t, outer, "secret.md", strings.Replace(readFile(t, dir, projectFile), projectName, secret, 1))
	if err := os.Symlink(filepath.Join(outer, "secret.css"), filepath.Join(dir, "static", "leak.css")); err != nil {
		if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(outer, "secret.css"), filepath.Join(dir, "static", "leak.css")); err != nil {
			t.Skip("no symlinks:", err)
		}
	}
	if err := os.Symlink(filepath.Join(outer, "secret.md"), filepath.Join(dir, "content", "leak.md")); err != nil {
		t.Fatal(err)
	}
	r := start(t, dir, Options{})
	for _, path := range []string{"/static/leak.css", "/leak/", "/", "/data/projects.csv"} {
		if _, body := get(t, r.URL, path); strings.Contains(body, secret) {
			t.Errorf("GET %s shows the file outside the site", path)
		}
	}
	if log := r.log.String(); !strings.Contains(log, "static/leak.css") || !strings.Contains(log, "content/leak.md") {
		t.Errorf("the log names neither link:\n%s", log)
	}
}

func TestMethods(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
		req, _ := http.NewRequest(m, r.URL+projectURL, strings.NewReader("x"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	resp, err := http.Head(r.URL + projectURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestHostNames(t *testing.T) {
	dir := exampleCopy(t)
	for _, any := range []bool{false, true} {
		r := start(t, dir, Options{AnyHost: any})
		for host, local := range map[string]bool{"127.0.0.1:1313": true, "localhost": true, "[::1]:80": true,
			"127.1.2.3": true, "evil.example": false, "evil.example:1313": false, "10.0.0.1": false} {
			req, _ := http.NewRequest("GET", r.URL+"/", nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if want := local || any; (resp.StatusCode == 200) != want {
				t.Errorf("AnyHost %v, Host %s: %d", any, host, resp.StatusCode)
			}
		}
	}
}

func TestStreamCap(t *testing.T) {
	r := start(t, exampleCopy(t), Options{MaxStreams: 3})
	var streams []*stream
	for range 3 {
		s, code := subscribe(t, r.URL, projectURL, "1", r.ID())
		if code != 200 {
			t.Fatalf("stream refused: %d", code)
		}
		streams = append(streams, s)
	}
	if _, code := subscribe(t, r.URL, projectURL, "1", r.ID()); code != http.StatusServiceUnavailable {
		t.Fatalf("fourth stream: %d, want 503", code)
	}
	streams[0].close()
	eventually(t, func() string {
		r.hub.mu.Lock()
		defer r.hub.mu.Unlock()
		if len(r.hub.subs) != 2 {
			return fmt.Sprintf("%d streams after one closed", len(r.hub.subs))
		}
		return ""
	})
	s, code := subscribe(t, r.URL, projectURL, "1", r.ID())
	if code != 200 {
		t.Fatalf("no stream after one closed: %d", code)
	}
	// Closing the server ends every stream cleanly.
	r.Close()
	for _, s := range append(streams[1:], s) {
		for {
			ev, err := s.wait(5 * time.Second)
			if err == errClosed {
				break
			}
			if err != nil {
				t.Errorf("stream still open after Close: %v (last event %v)", err, ev)
				break
			}
		}
	}
}

// TestEditReloadsOnlyChangedPages edits one project and then another:
// the stream of a page the first edit did not change hears only the second.
func TestEditReloadsOnlyChangedPages(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	v := strconv.FormatUint(r.cur.Load().version, 10)
	edited, _ := subscribe(t, r.URL, projectURL, v, r.ID())
	dept, _ := subscribe(t, r.URL, deptURL, v, r.ID())
	other, _ := subscribe(t, r.URL, otherURL, v, r.ID())
	// Render the other page, so that its cache is kept across the edit.
	_, before := get(t, r.URL, otherURL)

	writeFile(t, r.Dir, projectFile, renamed(t, r.Dir, projectFile, "改过的名称"))
	for _, s := range []*stream{edited, dept} {
		if ev := s.next(t); ev.Name != "reload" {
			t.Fatalf("event %v, want reload", ev)
		}
	}
	for path, want := range map[string]string{projectURL: "改过的名称", deptURL: "改过的名称", "/2023/": "改过的名称", "/data/projects.csv": "改过的名称"} {
		if _, body := get(t, r.URL, path); !strings.Contains(body, want) {
			t.Errorf("%s does not show the edit", path)
		}
	}
	if _, after := get(t, r.URL, otherURL); after != strings.Replace(before, `data-version="`+v+`"`, `data-version="`+strconv.FormatUint(r.cur.Load().version, 10)+`"`, 1) {
		t.Error("the other project's page changed")
	}
	// The log line comes just after the tabs are told: wait for it.
	rerendered := regexp.MustCompile(`重渲染 (\d+) 个页面`)
	eventually(t, func() string {
		if m := rerendered.FindStringSubmatch(r.log.String()); m == nil || m[1] == "0" || len(m[1]) > 1 {
			return fmt.Sprintf("log: want a few pages re-rendered:\n%s", r.log)
		}
		return ""
	})

	writeFile(t, r.Dir, otherFile, renamed(t, r.Dir, otherFile, "另一个新名称"))
	ev := other.next(t)
	if ev.Name != "reload" || ev.Data != `{"version":`+strconv.FormatUint(r.cur.Load().version, 10)+`}` {
		t.Errorf("other page: %v, want a reload for the second edit only", ev)
	}
}

// TestErrorKeepsLastGood writes a TOML syntax error, then fixes it.
func TestErrorKeepsLastGood(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	v := strconv.FormatUint(r.cur.Load().version, 10)
	s, _ := subscribe(t, r.URL, projectURL, v, r.ID())
	good := readFile(t, r.Dir, projectFile)
	writeFile(t, r.Dir, projectFile, strings.Replace(good, "year = 2023", "year = = 2023", 1))
	ev := s.next(t)
	if ev.Name != "problems" {
		t.Fatalf("event %v, want problems", ev)
	}
	ps := ev.problems(t)
	if len(ps) != 1 || ps[0].Path != projectFile || ps[0].Line != 3 || ps[0].Rule != "file-syntax" {
		t.Fatalf("problems %+v", ps)
	}
	if code, body := get(t, r.URL, projectURL); code != 200 || !strings.Contains(body, projectName) {
		t.Errorf("the last good page is gone: %d", code)
	}
	if !strings.Contains(r.log.String(), ps[0].String()) {
		t.Errorf("the terminal does not show %s:\n%s", ps[0], r.log)
	}
	// A stream that opens now hears of the problems at once.
	late, _ := subscribe(t, r.URL, "/", v, r.ID())
	if ev := late.next(t); ev.Name != "problems" {
		t.Errorf("late stream: %v", ev)
	}
	// Fixed with another name: the page reloads, the index only clears.
	writeFile(t, r.Dir, projectFile, strings.Replace(good, projectName, "修正后的名称", 1))
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if ev := late.next(t); ev.Name != "reload" {
		t.Fatalf("home: %v, want reload (its list changed)", ev)
	}
	if _, body := get(t, r.URL, projectURL); !strings.Contains(body, "修正后的名称") {
		t.Error("the fix does not show")
	}
}

// TestOldErrorsDoNotBlock starts with a broken file: the other files'
// edits still show, with the error listed over them.
func TestOldErrorsDoNotBlock(t *testing.T) {
	dir := exampleCopy(t)
	writeFile(t, dir, otherFile, strings.Replace(readFile(t, dir, otherFile), `total = "`, `total = "9`, 1))
	r := start(t, dir, Options{})
	s, _ := subscribe(t, r.URL, projectURL, strconv.FormatUint(r.cur.Load().version, 10), r.ID())
	if ev := s.next(t); ev.Name != "problems" || ev.problems(t)[0].Path != otherFile {
		t.Fatalf("event %v, want the problems of %s", ev, otherFile)
	}
	writeFile(t, r.Dir, projectFile, renamed(t, r.Dir, projectFile, "照常更新"))
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if _, body := get(t, r.URL, projectURL); !strings.Contains(body, "照常更新") {
		t.Error("the edit does not show")
	}
}

func TestLayoutError(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	s, _ := subscribe(t, r.URL, projectURL, strconv.FormatUint(r.cur.Load().version, 10), r.ID())
	base, err := fs.ReadFile(jixiao.Builtin, "layouts/project.html")
	if err != nil {
		t.Fatal(err)
	}
	// An error that shows only when the layout runs.
	broken := strings.Replace(string(base), "{{.Name}}", "{{.Nmae}}", 1)
	line := 1 + strings.Count(broken[:strings.Index(broken, ".Nmae")], "\n")
	writeFile(t, r.Dir, "layouts/project.html", broken)
	ev := s.next(t)
	if ev.Name != "problems" {
		t.Fatalf("event %v, want problems", ev)
	}
	if ps := ev.problems(t); len(ps) != 1 || ps[0].Path != "layouts/project.html" || ps[0].Line != line || ps[0].Rule != "template" {
		t.Fatalf("problems %+v, want layouts/project.html:%d", ps, line)
	}
	if code, body := get(t, r.URL, projectURL); code != 200 || !strings.Contains(body, projectName) {
		t.Errorf("the last good page is gone: %d", code)
	}
	// A layout of the site's own, that works: every page reloads.
	writeFile(t, r.Dir, "layouts/project.html", strings.Replace(string(base), "{{.Name}}", "自己的模板 {{.Name}}", 1))
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if _, body := get(t, r.URL, projectURL); !strings.Contains(body, "自己的模板") {
		t.Error("the site's layout is not used")
	}
}

func TestRemoveAndAdd(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	s, _ := subscribe(t, r.URL, projectURL, strconv.FormatUint(r.cur.Load().version, 10), r.ID())
	src := readFile(t, r.Dir, projectFile)
	if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(projectFile))); err != nil {
		t.Fatal(err)
	}
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if code, _ := get(t, r.URL, projectURL); code != 404 {
		t.Errorf("removed project: %d", code)
	}
	if _, body := get(t, r.URL, deptURL); strings.Contains(body, projectName) {
		t.Error("the department still lists the removed project")
	}
	// A tab left on the missing page reloads when it comes back, in a new
	// folder of a new year.
	s, _ = subscribe(t, r.URL, "/2031/new/dangjian/", strconv.FormatUint(r.cur.Load().version, 10), r.ID())
	writeFile(t, r.Dir, "content/2031/new/dangjian.md", strings.Replace(src, "2023", "2031", -1))
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if code, body := get(t, r.URL, "/2031/new/dangjian/"); code != 200 || !strings.Contains(body, projectName) {
		t.Errorf("new project: %d", code)
	}
	if _, body := get(t, r.URL, deptURL); !strings.Contains(body, "/2031/new/dangjian/") {
		t.Error("the department does not list the new project")
	}
	// Removing the folder removes its projects.
	if err := os.RemoveAll(filepath.Join(r.Dir, "content", "2031")); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() string {
		if code, _ := get(t, r.URL, "/2031/new/dangjian/"); code != 404 {
			return "the removed folder's project is still served"
		}
		return ""
	})
}

// TestBurst writes one file 100 times and 30 new files at once: the
// server ends in the state of the last writes.
func TestBurst(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	for i := range 100 {
		writeFile(t, r.Dir, projectFile, renamed(t, r.Dir, projectFile, fmt.Sprintf("第%d版", i)))
	}
	src := readFile(t, r.Dir, otherFile)
	for i := range 30 {
		name := fmt.Sprintf("content/2024/burst/p%02d.md", i)
		p := strings.Replace(strings.Replace(src, "2023", "2024", -1), `name = "残保金抚恤金专项"`, fmt.Sprintf(`name = "批量%02d"`, i), 1)
		writeFile(t, r.Dir, name, p)
	}
	eventually(t, func() string {
		_, body := get(t, r.URL, projectURL)
		if !strings.Contains(body, "第99版") {
			return "the last write does not show"
		}
		_, body = get(t, r.URL, "/2024/")
		for i := range 30 {
			if !strings.Contains(body, fmt.Sprintf("批量%02d", i)) {
				return fmt.Sprintf("/2024/ misses 批量%02d", i)
			}
		}
		return ""
	})
	time.Sleep(100 * time.Millisecond)
	if n := strings.Count(r.log.String(), "已更新"); n > 10 {
		t.Errorf("%d rebuilds for one burst", n)
	}
	if _, body := get(t, r.URL, "/data/projects.csv"); strings.Count(body, "批量") != 30 || !strings.Contains(body, "第99版") {
		t.Error("the data files are not of the last state")
	}
}

func TestPoll(t *testing.T) {
	r := start(t, exampleCopy(t), Options{Poll: 30 * time.Millisecond})
	s, _ := subscribe(t, r.URL, projectURL, strconv.FormatUint(r.cur.Load().version, 10), r.ID())
	writeFile(t, r.Dir, projectFile, renamed(t, r.Dir, projectFile, "轮询到的名称"))
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if _, body := get(t, r.URL, projectURL); !strings.Contains(body, "轮询到的名称") {
		t.Error("the edit does not show")
	}
}

// TestStaleTabs: a tab of a page that changed before it listened, or of a
// server that has since restarted, reloads at once.
func TestStaleTabs(t *testing.T) {
	r := start(t, exampleCopy(t), Options{})
	v := r.cur.Load().version
	writeFile(t, r.Dir, projectFile, renamed(t, r.Dir, projectFile, "新名称"))
	eventually(t, func() string {
		if r.cur.Load().version == v {
			return "no rebuild"
		}
		return ""
	})
	old := strconv.FormatUint(v, 10)
	for _, c := range []struct{ path, v, server, want string }{
		{projectURL, old, r.ID(), "reload"},
		{"/", old, r.ID(), "reload"},
		{otherURL, old, r.ID(), ""},
		{otherURL, old, "another-server", "reload"},
	} {
		s, _ := subscribe(t, r.URL, c.path, c.v, c.server)
		// A wanted event may be slow under load; no event is given a moment.
		wait := 10 * time.Second
		if c.want == "" {
			wait = 200 * time.Millisecond
		}
		ev, err := s.wait(wait)
		if c.want == "" && err == nil || c.want != "" && ev.Name != c.want {
			t.Errorf("%+v: event %v %v", c, ev, err)
		}
	}
}

// TestUnbuildable starts on a site whose site.toml gives two departments
// one slug: no page can be made until it is fixed.
func TestUnbuildable(t *testing.T) {
	dir := exampleCopy(t)
	good := readFile(t, dir, "site.toml")
	writeFile(t, dir, "site.toml", good+"\n[[departments]]\nname = \"另一个部门\"\nslug = \"wujing\"\n")
	writeFile(t, dir, "content/2023/x.md", strings.Replace(readFile(t, dir, otherFile), "吴泾镇人民政府", "另一个部门", 1))
	r := start(t, dir, Options{})
	code, body := get(t, r.URL, projectURL)
	if code != 500 || !strings.Contains(body, "site-slug") || !strings.Contains(body, ScriptPath) {
		t.Fatalf("GET: %d\n%s", code, body)
	}
	// No page was ever built: the terminal must not promise the last good one.
	if log := r.log.String(); !strings.Contains(log, "浏览器显示错误列表") || strings.Contains(log, "上次成功") {
		t.Errorf("log of a site that never built:\n%s", log)
	}
	s, _ := subscribe(t, r.URL, projectURL, "0", r.ID())
	if ev := s.next(t); ev.Name != "problems" {
		t.Fatalf("event %v, want problems", ev)
	}
	writeFile(t, dir, "site.toml", good)
	if ev := s.next(t); ev.Name != "reload" {
		t.Fatalf("event %v, want reload", ev)
	}
	if code, _ := get(t, r.URL, projectURL); code != 200 {
		t.Errorf("after the fix: %d", code)
	}
}
