// Package browsertest helps tests look at pages as a person sees them: in a
// real headless Chromium, through axe-core for accessibility and through the
// Nu HTML checker for validity. It is meant for _test.go files only.
//
// One browser serves the whole test binary. It starts at the first call of
// [Browser] or [Tab]; call [Main] from TestMain to stop it and remove its
// temporary folders when the tests end:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
// The browser is $CHROME_PATH when that is set (a path or a command name),
// else the first of chromium, chromium-browser and google-chrome on $PATH
// (or /usr/bin/chromium). A $CHROME_PATH that names no executable is not
// replaced by another browser: the tests skip, as when no browser is found.
//
// A test whose tool (the browser, axe-core, Java or the Nu checker) is missing
// is skipped, unless JIXIAO_REQUIRE_BROWSER=1, which makes it fail instead.
// scripts/install-test-tools installs axe-core and the Nu checker into
// .cache/node at the module root.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	// requireEnv makes a missing tool fail the test instead of skipping it.
	requireEnv = "JIXIAO_REQUIRE_BROWSER"
	// TabTimeout bounds everything that one [Tab] does.
	TabTimeout = 60 * time.Second
	// startTimeout bounds the start of the shared browser.
	startTimeout = 60 * time.Second
)

// shared is the browser of the test binary.
var shared struct {
	once   sync.Once
	ctx    context.Context // browser context; nil when not started
	cancel func()          // stops the browser and the allocator
	dir    string          // temporary folder for the profile and TMPDIR
	err    error           // why the browser did not start
	skip   bool            // err means "no browser" rather than "broken"
}

// unavailable skips the test because a tool is missing, or fails it when
// JIXIAO_REQUIRE_BROWSER=1.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf("%s (%s=1)", msg, requireEnv)
	}
	t.Skipf("%s (set %s=1 to fail instead)", msg, requireEnv)
}

// findChrome returns the path of the browser to run.
func findChrome() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("CHROME_PATH=%q is not an executable: %w", p, err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("no Chromium found (set CHROME_PATH or install chromium)")
}

// start launches the shared browser once.
func start() {
	path, err := findChrome()
	if err != nil {
		shared.err, shared.skip = err, true
		return
	}
	dir, err := os.MkdirTemp("", "browsertest-")
	if err != nil {
		shared.err = err
		return
	}
	shared.dir = dir
	defer func() {
		if shared.err != nil {
			stop()
		}
	}()
	profile, tmp := filepath.Join(dir, "profile"), filepath.Join(dir, "tmp")
	for _, d := range []string{profile, tmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			shared.err = err
			return
		}
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR="+tmp),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	shared.cancel = sync.OnceFunc(func() { cancel(); allocCancel() })

	// The browser lives as long as the context of its first action, so the
	// start is bounded by a timer and not by a derived context.
	timer := time.AfterFunc(startTimeout, shared.cancel)
	err = chromedp.Do(ctx)
	if !timer.Stop() {
		err = fmt.Errorf("no answer within %v: %w", startTimeout, err)
	}
	if err != nil {
		shared.err = fmt.Errorf("starting %s: %w", path, err)
		return
	}
	shared.ctx = ctx
}

// Browser returns the context of the browser shared by the test binary,
// starting it on the first call. It skips the test when no browser is found
// (see the package doc) and fails it when a browser is found but does not
// start. Use [Tab] for a page; the returned context is for [chromedp.NewContext].
func Browser(t testing.TB) context.Context {
	t.Helper()
	shared.once.Do(start)
	if shared.err != nil {
		if shared.skip {
			unavailable(t, "browsertest: %v", shared.err)
		}
		t.Fatalf("browsertest: %v", shared.err)
	}
	return shared.ctx
}

// Main runs the tests and then stops the shared browser and removes its
// temporary folders. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	stop()
	os.Exit(code)
}

// stop stops the shared browser, if any, and removes its temporary folder.
func stop() {
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
}

// Tab opens a new tab, in a fresh browser context (its own cookies and
// storage), on the shared browser. Its context times out after [TabTimeout]
// and the tab closes when the test ends.
func Tab(t testing.TB) context.Context {
	t.Helper()
	tab, closeTab := chromedp.NewContext(Browser(t), chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, TabTimeout)
	t.Cleanup(func() { cancel(); closeTab() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return ctx
}

// Serve serves the files of dir over HTTP until the test ends, and returns
// the base URL, without a trailing slash.
func Serve(t testing.TB, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// moduleRoot returns the nearest folder, from the working folder up, that
// holds go.mod.
var moduleRoot = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
})

// nodeModule returns the path of a file installed by scripts/install-test-tools,
// skipping or failing the test when it is missing.
func nodeModule(t testing.TB, rel string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	path := filepath.Join(root, ".cache", "node", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		unavailable(t, "browsertest: %s is missing; run scripts/install-test-tools", rel)
	}
	return path
}
