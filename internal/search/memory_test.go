package search

import (
	"cmp"
	"fmt"
	"io/fs"
	"math"
	"math/rand"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/decimal"
	"jixiao/internal/load"
	"jixiao/internal/parallel"
	"jixiao/internal/project"
)

// streamed is a source of projects that the memory test feeds a Builder
// one at a time, in Key order, keeping none.
type streamed struct {
	opt Options
	n   int
	get func(i int) *project.Project
}

// synthStream makes the i-th of n projects from i alone, already in Key
// order: three years, newest first, names that start with i. Its text is
// about as long as the shared generator's (some 1,400 characters), from a
// Zipf distribution over 3,500 characters, so that the vocabulary keeps
// growing with n as real text does.
func synthStream(n int) streamed {
	// zipf maps 16 random bits to one of 3,500 characters, the k-th most
	// common drawn with a weight of 1/(k+4)^1.2.
	const nchars = 3500
	var weights [nchars]float64
	total := 0.0
	for k := range weights {
		weights[k] = math.Pow(float64(k+4), -1.2)
		total += weights[k]
	}
	zipf := make([]rune, 1<<16)
	k, cum := 0, weights[0]
	for i := range zipf {
		for float64(i)/float64(len(zipf)) > cum/total && k < nchars-1 {
			k++
			cum += weights[k]
		}
		zipf[i] = rune(0x4E00 + (k*7919)%0x5000)
	}
	depts := make([]Department, 1+n/20)
	for i := range depts {
		depts[i] = Department{Name: fmt.Sprintf("第%d区人民政府", i), Slug: fmt.Sprintf("d%d", i)}
	}
	get := func(i int) *project.Project {
		r := rand.New(rand.NewSource(int64(i)))
		text := func(k int) string {
			var sb strings.Builder
			for j := range k {
				if j%17 == 16 {
					sb.WriteString("，")
				} else {
					sb.WriteRune(zipf[r.Uint32()>>16])
				}
			}
			return sb.String()
		}
		year := 2025 - i*3/n
		d := depts[r.Intn(len(depts))]
		p := &project.Project{
			Slug: fmt.Sprintf("%d/%s/p%07d", year, d.Slug, i),
			Name: fmt.Sprintf("%07d", i) + text(4+r.Intn(10)), Code: fmt.Sprintf("%d-XM-%07d", year, i),
			Year: year, Department: d.Name, Unit: text(6) + "中心",
			Category: project.Categories[r.Intn(len(project.Categories))],
			Funds:    project.Funds{Total: decimal.FromInt(int64(r.Intn(10000)))},
			Content:  &project.Content{Goals: project.Goals{Overall: text(100 + r.Intn(200)), Annual: text(50 + r.Intn(150))}, Body: []byte("## 项目概况\n\n" + text(400+r.Intn(800)))},
		}
		for range 6 + r.Intn(7) {
			p.Indicators = append(p.Indicators, project.Indicator{Name: text(4 + r.Intn(8))})
		}
		return p
	}
	return streamed{opt: Options{Departments: depts}, n: n, get: get}
}

// corpusStream reads the projects of a site folder one at a time, as a
// streaming build would: a first pass for their keys, then each file
// again, in Key order.
func corpusStream(tb testing.TB, dir string) streamed {
	fsys := os.DirFS(dir)
	cfg, _ := load.Config(fsys)
	var s streamed
	for _, d := range cfg.Departments {
		s.opt.Departments = append(s.opt.Departments, Department{Name: d.Name, Slug: d.Slug})
	}
	names, _ := load.ContentFiles(fsys)
	type keyed struct {
		k    Key
		name string
	}
	ks := make([]keyed, 0, len(names))
	var mu sync.Mutex
	parallel.For(len(names), func(i int) {
		p, _ := load.File(fsys, names[i])
		if p != nil {
			mu.Lock()
			k := s.opt.Key(p) // cloned, not to pin the file's text
			k.Name, k.URL = strings.Clone(k.Name), strings.Clone(k.URL)
			ks = append(ks, keyed{k, names[i]})
			mu.Unlock()
		}
	})
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Or(a.k.Compare(b.k), strings.Compare(a.name, b.name)) })
	s.n = len(ks)
	s.get = func(i int) *project.Project {
		p, _ := load.File(fsys, ks[i].name)
		return p
	}
	return s
}

// memUse is what a build used.
type memUse struct {
	base               uint64 // heap in use before, the source's own
	addInuse, endInuse uint64 // peak heap in use while adding, and in Finish
	peakLive           uint64 // peak heap live after a GC
	wall, cpu          time.Duration
}

// measure feeds s to a Builder that discards the files and samples the
// heap meanwhile.
func measure(tb testing.TB, s streamed) memUse {
	tb.Helper()
	var u memUse
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	u.base = ms.HeapInuse
	var finishing atomic.Bool
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			metrics.Read(sample)
			if finishing.Load() {
				u.endInuse = max(u.endInuse, ms.HeapInuse)
			} else {
				u.addInuse = max(u.addInuse, ms.HeapInuse)
			}
			u.peakLive = max(u.peakLive, sample[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	start, cpu0 := time.Now(), cpuTime()
	b := NewBuilder(discardWriter{}, s.opt, tb.TempDir())
	defer b.Close()
	for i := range s.n {
		if err := b.Add(s.get(i)); err != nil {
			tb.Fatal(err)
		}
	}
	finishing.Store(true)
	if err := b.Finish(); err != nil {
		tb.Fatal(err)
	}
	u.wall, u.cpu = time.Since(start), cpuTime()-cpu0
	close(stop)
	<-done
	return u
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type discardWriter struct{}

func (discardWriter) WriteFile(string, []byte) error { return nil }

// TestBenchBuilderMemory feeds a Builder 10,000, 50,000 and 100,000
// projects one at a time and checks that its heap does not grow with
// them. It runs only with JIXIAO_BENCH=1; JIXIAO_BENCH_SITES names site
// folders of the shared generator (comma-separated) to measure too.
func TestBenchBuilderMemory(t *testing.T) {
	if os.Getenv("JIXIAO_BENCH") != "1" {
		t.Skip("set JIXIAO_BENCH=1 to measure")
	}
	const mib = 1 << 20
	report := func(name string, s streamed) memUse {
		u := measure(t, s)
		t.Logf("%-12s %7d projects: heap in use %5.1f MiB before, peak %5.1f MiB adding, %5.1f MiB in Finish (live ≤ %5.1f MiB); %v, %.0f µs of CPU a project",
			name, s.n, float64(u.base)/mib, float64(u.addInuse)/mib, float64(u.endInuse)/mib, float64(u.peakLive)/mib,
			u.wall.Round(time.Millisecond), float64(u.cpu.Microseconds())/float64(s.n))
		return u
	}
	var first memUse
	for i, n := range []int{10000, 50000, 100000} {
		u := report("synthetic", synthStream(n))
		if i == 0 {
			first = u
		} else if peak, first := max(u.addInuse, u.endInuse), max(first.addInuse, first.endInuse); peak > first*3/2 {
			t.Errorf("peak heap %d MiB at %d projects, %d MiB at 10,000: it grows with the projects", peak/mib, n, first/mib)
		}
	}
	if sites := os.Getenv("JIXIAO_BENCH_SITES"); sites != "" {
		for dir := range strings.SplitSeq(sites, ",") {
			if _, err := fs.Stat(os.DirFS(dir), "site.toml"); err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			report(dir, corpusStream(t, dir))
		}
	}
}
