package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// The example site's projects used by the tests.
const (
	projectFile = "content/2023/wujing/quyu-dangjian.md"
	projectURL  = "/2023/wujing/quyu-dangjian/"
	projectName = "区域党建经费"
	otherFile   = "content/2023/wujing/canbaojin-fuxujin.md"
	otherURL    = "/2023/wujing/canbaojin-fuxujin/"
	deptURL     = "/departments/wujing/"
)

// repoRoot is the module root: the example site.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working folder")
		}
		dir = parent
	}
}

// exampleCopy copies the example site (site.toml and content/) into a new
// folder and returns it.
func exampleCopy(t testing.TB) string {
	t.Helper()
	return copyExample(t, t.TempDir())
}

// exampleInside copies the example site into outer/site, so that a test
// can put files beside the site, in outer.
func exampleInside(t testing.TB) (outer, dir string) {
	t.Helper()
	outer = t.TempDir()
	return outer, copyExample(t, filepath.Join(outer, "site"))
}

// copyExample copies the example site into dir and returns dir.
func copyExample(t testing.TB, dir string) string {
	t.Helper()
	root := repoRoot(t)
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "site.toml", string(data))
	return dir
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// renamed returns a project file of dir with another name.
func renamed(t testing.TB, dir, name, newName string) string {
	t.Helper()
	src := readFile(t, dir, name)
	loc := firstName.FindStringIndex(src)
	if loc == nil {
		t.Fatalf("%s has no name", name)
	}
	return src[:loc[0]] + `name = "` + newName + `"` + src[loc[1]:]
}

var firstName = regexp.MustCompile(`(?m)^name = ".*"$`)

// logBuffer is a Log that tests can read while the server writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// running is a server under test.
type running struct {
	*Server
	URL string
	Dir string
	log *logBuffer
}

// start serves the site in dir until the test ends.
func start(t testing.TB, dir string, opts Options) *running {
	t.Helper()
	log := &logBuffer{}
	opts.Log = log
	if opts.Quiet == 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	s, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	// Cleanups run last first: the event streams end before ts.Close
	// waits for the open requests.
	t.Cleanup(func() {
		cancel()
		s.Close()
		<-done
		if t.Failed() {
			t.Logf("server log:\n%s", log)
		}
	})
	<-s.checked
	return &running{Server: s, URL: ts.URL, Dir: dir, log: log}
}

// get fetches a path and returns the status and body.
func get(t testing.TB, base, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// eventually retries f until it returns "" or the time is up, and fails
// with its last message.
func eventually(t testing.TB, f func() string) {
	t.Helper()
	waitFor(t, 10*time.Second, f)
}

// waitFor retries f until it returns "" or d is up, and fails with its
// last message.
func waitFor(t testing.TB, d time.Duration, f func() string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		msg := f()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sse is one event of a stream.
type sse struct {
	Name string
	Data string
}

// problem is a diag.Diagnostic as the script receives it.
type problem struct {
	Path      string
	Line, Col int
	Severity  string
	Rule      string
	Message   string
}

func (p problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s %s: %s", p.Path, p.Line, p.Col, p.Severity, p.Rule, p.Message)
}

func (e sse) problems(t testing.TB) []problem {
	t.Helper()
	var v struct{ Problems []problem }
	if err := json.Unmarshal([]byte(e.Data), &v); err != nil {
		t.Fatal(err)
	}
	return v.Problems
}

// stream is an open event stream.
type stream struct {
	events chan sse
	resp   *http.Response
	cancel func()
}

// subscribe opens an event stream as the script of a page at path does.
func subscribe(t testing.TB, base, path, version, server string) (*stream, int) {
	t.Helper()
	q := url.Values{"path": {path}, "v": {version}, "server": {server}}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+EventsPath+"?"+q.Encode(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, resp.StatusCode
	}
	s := &stream{events: make(chan sse, 64), resp: resp, cancel: cancel}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.Name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.Data = line[len("data: "):]
			case line == "" && ev.Name != "":
				s.events <- ev
				ev = sse{}
			}
		}
	}()
	t.Cleanup(s.close)
	if ev := s.next(t); ev.Name != "hello" {
		t.Fatalf("first event %v, want hello", ev)
	}
	return s, resp.StatusCode
}

func (s *stream) close() {
	s.cancel()
	s.resp.Body.Close()
}

var errClosed = errors.New("stream closed")

// next returns the next event, failing after a while.
func (s *stream) next(t testing.TB) sse {
	t.Helper()
	ev, err := s.wait(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func (s *stream) wait(d time.Duration) (sse, error) {
	select {
	case ev, ok := <-s.events:
		if !ok {
			return sse{}, errClosed
		}
		return ev, nil
	case <-time.After(d):
		return sse{}, errors.New("no event within " + d.String())
	}
}
