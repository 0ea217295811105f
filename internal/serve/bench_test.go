//go:build unix

package serve

import (
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/benchsite"
	"jixiao/internal/load"
	"jixiao/internal/watch"
)

// The benchmarks run on a site of benchProjects projects made by the
// shared generator (package benchsite); they skip without it. They are not
// run by go test ./...:
//
//	go test ./internal/serve -run '^$' -bench . -benchtime 40x
//
// JIXIAO_BENCH_SITE=DIR uses another site (its project names are edited
// and put back).
const benchProjects = 10000

func benchSite(b *testing.B) string {
	b.Helper()
	dir := benchsite.Dir(b, benchProjects)
	// Write new files out now, not while the edits are timed.
	syscall.Sync()
	return dir
}

// BenchmarkEditToReload measures the time from writing one project file
// (a new name) to the reload event reaching a tab that shows the project,
// and to that tab's page being served with the new name.
func BenchmarkEditToReload(b *testing.B) {
	dir := benchSite(b)
	r := start(b, dir, Options{Quiet: watch.DefaultQuiet})
	names, _ := load.ContentFiles(os.DirFS(dir))
	if len(names) == 0 {
		b.Fatal("no projects")
	}
	var toEvent, toPage, cpus []time.Duration
	edit := func(i int) {
		name := names[(i*7919)%len(names)]
		src := readFile(b, dir, name)
		url := "/" + strings.TrimSuffix(strings.TrimPrefix(name, "content/"), filepath.Ext(name)) + "/"
		s, _ := subscribe(b, r.URL, url, strconv.FormatUint(r.cur.Load().version, 10), r.ID())
		newName := fmt.Sprintf("基准测试第%d次", i)
		loc := firstName.FindStringIndex(src)
		edited := src[:loc[0]] + `name = "` + newName + `"` + src[loc[1]:]

		c0 := cpuTime()
		t0 := time.Now()
		writeFile(b, dir, name, edited)
		if ev := s.next(b); ev.Name != "reload" {
			b.Fatalf("event %v, want reload", ev)
		}
		toEvent = append(toEvent, time.Since(t0))
		if _, body := get(b, r.URL, url); !strings.Contains(body, newName) {
			b.Fatalf("%s does not show the edit", url)
		}
		toPage = append(toPage, time.Since(t0))
		cpus = append(cpus, cpuTime()-c0)

		b.StopTimer()
		s.close()
		writeFile(b, dir, name, src)
		s, _ = subscribe(b, r.URL, url, "0", r.ID()) // hears the rebuild of the restore at once
		s.next(b)
		s.close()
		b.StartTimer()
	}
	for i := range 5 { // warm up: the first rebuilds find colder caches
		edit(1000 + i)
	}
	toEvent, toPage, cpus = nil, nil, nil
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		edit(i)
	}
	b.StopTimer()
	report(b, "edit→event", toEvent)
	report(b, "edit→page", toPage)
	report(b, "edit-cpu", cpus)
}

func report(b *testing.B, what string, ds []time.Duration) {
	slices.Sort(ds)
	ms := func(q float64) float64 {
		return float64(ds[int(q*float64(len(ds)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.5), what+"-median-ms")
	b.ReportMetric(ms(0.9), what+"-p90-ms")
	b.Logf("%s over %d runs: median %.1f ms, p90 %.1f ms, max %.1f ms", what, len(ds), ms(0.5), ms(0.9), ms(1))
}

// BenchmarkStart measures the time from starting a server to the home
// page served, as `jixiao serve` does: reading every file, planning,
// starting to watch, rendering the page.
func BenchmarkStart(b *testing.B) {
	dir := benchSite(b)
	// Read once, so that every run finds the files in the page cache.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.ReadFile(p)
		}
		return nil
	})
	var ds, cpus []time.Duration
	for b.Loop() {
		c0 := cpuTime()
		t0 := time.Now()
		s, err := New(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(s)
		code, body := get(b, ts.URL, "/")
		ds = append(ds, time.Since(t0))
		cpus = append(cpus, cpuTime()-c0)
		if code != 200 || !strings.Contains(body, "</html>") {
			b.Fatalf("GET /: %d", code)
		}
		s.Close()
		ts.Close()
	}
	report(b, "start→page", ds)
	report(b, "start-cpu", cpus)
}

// cpuTime is the processor time the test binary has used: on a machine
// shared with other work, it tells what the wall times would be alone.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
