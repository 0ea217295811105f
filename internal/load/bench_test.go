package load

import (
	"os"
	"runtime"
	"testing"

	"jixiao/internal/benchsite"
)

// BenchmarkRead loads a generated site of 10,000 projects and reports the
// heap it keeps, with and without the key positions, which a build lets go
// once the checks have run.
func BenchmarkRead(b *testing.B) {
	fsys := os.DirFS(benchsite.Dir(b, 10000))
	var s *Site
	for b.Loop() {
		s, _ = Read(fsys)
	}
	b.StopTimer()
	var before, loaded, bare runtime.MemStats
	s = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, _ = Read(fsys)
	runtime.GC()
	runtime.ReadMemStats(&loaded)
	for _, p := range s.Projects {
		p.Pos, p.Unread = nil, nil
	}
	runtime.GC()
	runtime.ReadMemStats(&bare)
	runtime.KeepAlive(s)
	b.ReportMetric(float64(loaded.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-loaded")
	b.ReportMetric(float64(bare.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-without-positions")
}
