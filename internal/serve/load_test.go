package serve

// Issue 7, item 5: the preview server under load and attack, on loopback
// only, bounded in count and time.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/internal/watch"
)

// TestAttackTraversal sends, over real TCP and without a client's
// cleaning, the probes that TestTraversal leaves out — fully encoded
// "../" at the root, backslashes and %5c at the root, absolute paths to
// /etc/passwd — and wants exactly 404 for each, with nothing from outside
// the site in the answer.
func TestAttackTraversal(t *testing.T) {
	outer, dir := exampleInside(t)
	const secret = "SECRET-ATTACK-7"
	writeFile(t, outer, "secret.txt", secret)
	writeFile(t, outer, "passwd", secret)
	r := start(t, dir, Options{})
	for _, target := range []string{
		"/../secret.txt", "/../../secret.txt", "/../../etc/passwd", "/../../../../../../etc/passwd",
		"//etc/passwd", "///etc/passwd", "//../secret.txt",
		"/%2e%2e%2fsecret.txt", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/%2E%2E%2Fsecret.txt",
		"/..%2fsecret.txt", "/..%2f..%2fetc%2fpasswd", "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
		"/%252e%252e/secret.txt", // double encoding: a name with '%' in it, not a parent
		"/\\..\\secret.txt", "/\\..\\..\\etc\\passwd", "/static\\..\\..\\secret.txt",
		"/%5c..%5csecret.txt", "/%5C..%5Cetc%5Cpasswd", "/static/%5c..%5c..%5csecret.txt",
		"/..", "/.", "/%2e%2e", "/static/..", "/static/%2e%2e/%2e%2e/passwd",
		"/%2fetc%2fpasswd", "/%2Fetc/passwd",
	} {
		code, body := rawGet(t, r.URL, "GET", target)
		if code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, code)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "root:x:0:0") || strings.Contains(body, "name = ") {
			t.Errorf("GET %s: read something outside the site", target)
		}
	}
}

// TestAttackStaticSymlink links static/evil.css to a file outside the
// site and static/passwd.css to /etc/passwd. Neither is ever served and no
// answer of the server holds the outside files' content. Linked before
// the server starts, the site cannot be built, as with jixiao build: every
// request gets the 500 error page, which names the link. Linked while it
// runs, the rebuild fails and the last good pages stay: the links get 404.
func TestAttackStaticSymlink(t *testing.T) {
	outer := t.TempDir()
	const secret = "SECRET-EVIL-CSS"
	writeFile(t, outer, "evil.css", secret)
	passwd := ""
	if data, err := os.ReadFile("/etc/passwd"); err == nil && len(data) > 0 {
		passwd = strings.SplitN(string(data), "\n", 2)[0]
	}
	link := func(t *testing.T, dir string) {
		if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(outer, "evil.css"), filepath.Join(dir, "static", "evil.css")); err != nil {
			t.Skip("no symlinks:", err)
		}
		if passwd != "" {
			if err := os.Symlink("/etc/passwd", filepath.Join(dir, "static", "passwd.css")); err != nil {
				t.Fatal(err)
			}
		}
	}
	leaks := func(body string) bool {
		return strings.Contains(body, secret) || passwd != "" && strings.Contains(body, passwd)
	}
	links := []string{"/static/evil.css", "/static/passwd.css"}
	others := []string{"/", projectURL, "/data/projects.csv", "/feed.xml", "/static/style.css"}

	t.Run("before start", func(t *testing.T) {
		dir := exampleCopy(t)
		link(t, dir)
		r := start(t, dir, Options{})
		for _, path := range append(links, others...) {
			code, body := rawGet(t, r.URL, "GET", path)
			if code != http.StatusInternalServerError || !strings.Contains(body, "网站生成失败") || !strings.Contains(body, "static/") {
				t.Errorf("GET %s: %d, want the 500 error page naming the link", path, code)
			}
			if leaks(body) {
				t.Errorf("GET %s shows the file outside the site", path)
			}
		}
	})

	t.Run("while running", func(t *testing.T) {
		r := start(t, exampleCopy(t), Options{})
		link(t, r.Dir)
		eventually(t, func() string {
			if !strings.Contains(r.log.String(), "static/evil.css") && !strings.Contains(r.log.String(), "static/passwd.css") {
				return "no failed rebuild naming a link"
			}
			return ""
		})
		for _, path := range links {
			code, body := rawGet(t, r.URL, "GET", path)
			if code != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, code)
			}
			if leaks(body) {
				t.Errorf("GET %s shows the file outside the site", path)
			}
		}
		for _, path := range others {
			code, body := rawGet(t, r.URL, "GET", path)
			if code != 200 {
				t.Errorf("GET %s: %d, want the last good page", path, code)
			}
			if leaks(body) {
				t.Errorf("GET %s shows the file outside the site", path)
			}
		}
	})
}

// TestLoadRequests sends 2,000 requests from 50 concurrent clients — pages,
// static files, data files, redirects and 404s — and wants each answered
// with its status and content, all within a time limit.
func TestLoadRequests(t *testing.T) {
	const clients, total = 50, 2000
	r := start(t, exampleCopy(t), Options{})
	type want struct {
		path, has string
		code      int
	}
	wants := []want{
		{"/", "吴泾镇", 200},
		{projectURL, projectName, 200},
		{deptURL, projectName, 200},
		{"/data/", "projects.csv", 200},
		{"/static/style.css", "--blue", 200},
		{"/data/projects.csv", projectName, 200},
		{"/feed.xml", projectName, 200},
		{ScriptPath, "EventSource", 200},
		{strings.TrimSuffix(projectURL, "/"), "", http.StatusFound},
		{"/nope/", "页面未找到", 404},
		{"/static/nope.css", "页面未找到", 404},
		{"/data/nope.csv", "页面未找到", 404},
		{"/../etc/passwd", "", 404},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	var next, answered atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, total)
	startAt := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= total || ctx.Err() != nil {
					return
				}
				w := wants[i%int64(len(wants))]
				req, _ := http.NewRequestWithContext(ctx, "GET", r.URL+w.path, nil)
				resp, err := client.Do(req)
				if err != nil {
					errs <- fmt.Errorf("request %d GET %s: %v", i, w.path, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					errs <- fmt.Errorf("request %d GET %s: %v", i, w.path, err)
				case resp.StatusCode != w.code:
					errs <- fmt.Errorf("request %d GET %s: %d, want %d", i, w.path, resp.StatusCode, w.code)
				case !strings.Contains(string(body), w.has):
					errs <- fmt.Errorf("request %d GET %s: no %q", i, w.path, w.has)
				default:
					answered.Add(1)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 10 {
			t.Error(err)
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("time limit reached: %d of %d requests answered", answered.Load(), total)
	}
	if answered.Load() != total {
		t.Errorf("%d of %d requests answered rightly (%d errors)", answered.Load(), total, n)
	}
	t.Logf("%d requests from %d clients in %v", total, clients, time.Since(startAt).Round(time.Millisecond))
}

// openFDs counts this process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(es)
}

// openStreams is the hub's count of open event streams.
func openStreams(r *running) int {
	r.hub.mu.Lock()
	defer r.hub.mu.Unlock()
	return len(r.hub.subs)
}

// TestStreamChurn opens 300 event streams at once against the default cap
// of 256: exactly 256 get 200 and their hello, the other 44 a clean 503
// with Retry-After. Then a second wave of 300 streams opens and closes
// freely. Afterwards the server counts no open stream, and the goroutines
// and file descriptors of the process are back to where they were.
func TestStreamChurn(t *testing.T) {
	const n = 300
	r := start(t, exampleCopy(t), Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tr := &http.Transport{DisableKeepAlives: true}
	client := &http.Client{Transport: tr}
	target := r.URL + EventsPath + "?" + url.Values{"path": {projectURL}, "v": {strconv.FormatUint(r.cur.Load().version, 10)}, "server": {r.ID()}}.Encode()

	// open opens one stream and returns its status, after reading the
	// hello of a stream that was let in; close ends it.
	open := func() (code int, close func(), err error) {
		sctx, scancel := context.WithCancel(ctx)
		req, _ := http.NewRequestWithContext(sctx, "GET", target, nil)
		resp, err := client.Do(req)
		if err != nil {
			scancel()
			return 0, nil, err
		}
		close = func() { scancel(); resp.Body.Close() }
		if resp.StatusCode != http.StatusOK {
			io.Copy(io.Discard, resp.Body)
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				err = fmt.Errorf("503 without Retry-After")
			}
			close()
			return resp.StatusCode, func() {}, err
		}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: hello" {
				return 200, close, nil
			}
		}
		close()
		return 200, nil, fmt.Errorf("stream ended before hello: %v", sc.Err())
	}

	// A warm-up stream, so that the baseline has what any first request
	// sets up for good.
	if code, c, err := open(); err != nil || code != 200 {
		t.Fatalf("warm-up stream: %d %v", code, err)
	} else {
		c()
	}
	tr.CloseIdleConnections()
	waitFor(t, 5*time.Second, func() string {
		if k := openStreams(r); k != 0 {
			return fmt.Sprintf("%d streams open after the warm-up", k)
		}
		return ""
	})
	runtime.GC()
	baseG, baseFD := runtime.NumGoroutine(), openFDs(t)

	// tally counts the answer to one stream of a wave.
	var ok, refused atomic.Int64
	errs := make(chan error, 2*n)
	tally := func(code int, err error) {
		switch {
		case err != nil:
			errs <- err
		case code == 200:
			ok.Add(1)
		case code == http.StatusServiceUnavailable:
			refused.Add(1)
		default:
			errs <- fmt.Errorf("stream: %d, want 200 or 503", code)
		}
	}

	// Wave 1: all 300 open and hold until each has its answer.
	var wg sync.WaitGroup
	var answered sync.WaitGroup
	answered.Add(n)
	release := make(chan struct{})
	for range n {
		wg.Go(func() {
			code, c, err := open()
			answered.Done()
			tally(code, err)
			if err != nil {
				return
			}
			select {
			case <-release:
			case <-ctx.Done():
			}
			c()
		})
	}
	answered.Wait()
	if k := openStreams(r); k != DefaultMaxStreams {
		t.Errorf("%d streams open at once, want the cap %d", k, DefaultMaxStreams)
	}
	close(release)
	wg.Wait()
	if ok.Load() != DefaultMaxStreams || refused.Load() != n-DefaultMaxStreams {
		t.Errorf("wave 1: %d let in, %d refused; want %d and %d", ok.Load(), refused.Load(), DefaultMaxStreams, n-DefaultMaxStreams)
	}

	// Wave 2: 300 streams open and close as they please.
	ok.Store(0)
	refused.Store(0)
	for range n {
		wg.Go(func() {
			code, c, err := open()
			tally(code, err)
			if err == nil {
				c()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if ok.Load()+refused.Load() != n || ok.Load() == 0 {
		t.Errorf("wave 2: %d let in, %d refused of %d", ok.Load(), refused.Load(), n)
	}
	if ctx.Err() != nil {
		t.Fatal("time limit reached")
	}

	tr.CloseIdleConnections()
	const slack = 5
	waitFor(t, 10*time.Second, func() string {
		runtime.GC()
		k, g, fd := openStreams(r), runtime.NumGoroutine(), openFDs(t)
		if k != 0 || g > baseG+slack || fd > baseFD+slack {
			return fmt.Sprintf("left behind: %d streams, %d goroutines (baseline %d), %d file descriptors (baseline %d)", k, g, baseG, fd, baseFD)
		}
		return ""
	})
	// The server still takes streams after the churn.
	if code, c, err := open(); err != nil || code != 200 {
		t.Errorf("stream after the churn: %d %v", code, err)
	} else {
		c()
	}
}

// TestLoadFileEvents writes 1,000 times within about a second across 20
// project files, each write giving its project a new numbered name. The
// server ends in one consistent state: every page and the data file show
// the last name of every file and no earlier one, after a handful of
// rebuilds, as counted in the log and by the reloads an open tab hears.
func TestLoadFileEvents(t *testing.T) {
	const files, writes = 20, 1000
	dir := exampleCopy(t)
	src := readFile(t, dir, otherFile)
	names := make([]string, files)
	for f := range files {
		names[f] = fmt.Sprintf("content/2024/load/p%02d.md", f)
		p := strings.Replace(strings.Replace(src, "2023", "2024", -1), `name = "残保金抚恤金专项"`, fmt.Sprintf(`name = "负载%02d-初始"`, f), 1)
		writeFile(t, dir, names[f], p)
	}
	// The quiet time `jixiao serve` uses, not the tests' shorter one.
	r := start(t, dir, Options{Quiet: watch.DefaultQuiet})
	if _, body := get(t, r.URL, "/2024/"); !strings.Contains(body, "负载19-初始") {
		t.Fatal("the projects of the test do not show before the writes")
	}
	// The texts to write, made before the clock starts.
	texts := make([]string, writes)
	last := make([]string, files)
	for i := range writes {
		f := i % files
		last[f] = fmt.Sprintf("负载%02d-第%04d次", f, i)
		texts[i] = renamed(t, dir, names[f], last[f])
	}
	v := strconv.FormatUint(r.cur.Load().version, 10)
	tab, _ := subscribe(t, r.URL, "/2024/", v, r.ID())
	before := rebuildsLogged(r)

	begin := time.Now()
	for i, text := range texts {
		// Paced over about a second.
		if d := time.Until(begin.Add(time.Duration(i) * time.Millisecond)); d > 0 {
			time.Sleep(d)
		}
		p := filepath.Join(dir, filepath.FromSlash(names[i%files]))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(begin)
	if took > 3*time.Second {
		t.Logf("the writes took %v, not about a second", took)
	}

	// Wait until every page shows its file's last name.
	showsLast := func() string {
		_, body := get(t, r.URL, "/2024/")
		for f := range files {
			if !strings.Contains(body, last[f]) {
				return fmt.Sprintf("/2024/ does not show %s yet", last[f])
			}
		}
		return ""
	}
	waitFor(t, 20*time.Second, showsLast)
	// Let any batch still under way end, then check it is stable.
	time.Sleep(200 * time.Millisecond)
	if msg := showsLast(); msg != "" {
		t.Fatal("after settling:", msg)
	}

	rebuilds := rebuildsLogged(r) - before
	reloads := 0
	for {
		ev, err := tab.wait(50 * time.Millisecond)
		if err != nil {
			break
		}
		if ev.Name == "reload" {
			reloads++
		}
	}
	t.Logf("%d writes in %v: %d rebuilds, %d reloads heard", writes, took.Round(time.Millisecond), rebuilds, reloads)
	if rebuilds < 1 || rebuilds > 20 {
		t.Errorf("%d rebuilds for %d writes, want 1 to 20", rebuilds, writes)
	}
	if reloads < 1 || reloads > 20 {
		t.Errorf("the tab heard %d reloads, want 1 to 20", reloads)
	}
	if n := strings.Count(r.log.String(), "生成失败"); n > 0 {
		t.Logf("%d rebuilds failed on half-written files; the final state is what counts", n)
	}
	if ps := r.hub.currentProblems(); ps != nil {
		t.Errorf("the final state has problems: %v", ps)
	}

	// Exactly the last names: on each project's page, on the year's and
	// in the data file, with no earlier name left anywhere.
	_, csv := get(t, r.URL, "/data/projects.csv")
	_, year := get(t, r.URL, "/2024/")
	for f := range files {
		u := fmt.Sprintf("/2024/load/p%02d/", f)
		code, page := get(t, r.URL, u)
		if code != 200 {
			t.Errorf("GET %s: %d", u, code)
			continue
		}
		for _, body := range []string{page, year, csv} {
			if strings.Count(body, fmt.Sprintf("负载%02d-", f)) == 0 || !strings.Contains(body, last[f]) {
				t.Errorf("project %d: last name %s missing", f, last[f])
			}
		}
		prefix := fmt.Sprintf("负载%02d-", f)
		for _, body := range []string{page, csv} {
			for rest := body; ; {
				i := strings.Index(rest, prefix)
				if i < 0 {
					break
				}
				rest = rest[i:]
				if !strings.HasPrefix(rest, last[f]) {
					t.Errorf("project %d: an old name %q is still shown", f, rest[:min(len(rest), len(last[f]))])
					break
				}
				rest = rest[len(prefix):]
			}
		}
	}
}

// rebuildsLogged counts the rebuilds, done or failed, that the log shows.
func rebuildsLogged(r *running) int {
	log := r.log.String()
	return strings.Count(log, "已更新") + strings.Count(log, "生成失败")
}
