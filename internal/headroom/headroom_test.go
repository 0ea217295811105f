package headroom

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestRoom(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ live, want uint64 }{
		{0, 32 * mib},
		{10 * mib, 32 * mib},   // more room than the default pacing leaves
		{48 * mib, 32 * mib},   // minRoom
		{64 * mib, 32 * mib},   // where half the heap takes over
		{100 * mib, 50 * mib},  // half
		{400 * mib, 200 * mib}, // half
	} {
		if got := room(c.live); got != c.want {
			t.Errorf("room(%d MiB) = %d MiB, want %d MiB", c.live/mib, got/mib, c.want/mib)
		}
	}
}

func TestLimit(t *testing.T) {
	const mib = 1 << 20
	if got, want := limit(memory{Live: 100 * mib, Other: 10 * mib}), int64(160*mib); got != want {
		t.Errorf("limit = %d MiB, want %d MiB", got/mib, want/mib)
	}
	if got := limit(memory{Live: math.MaxUint64 / 2, Other: math.MaxUint64 / 2}); got != math.MaxInt64 {
		t.Errorf("Limit of a huge heap = %d, want math.MaxInt64", got)
	}
}

// gcPercent returns GOGC's percent without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestKeep checks that Keep turns GOGC's pacing off, that after a
// collection the limit is the one limit gives for the runtime's figures,
// and that stop restores the old limit and pacing.
func TestKeep(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	oldLimit, oldPercent := debug.SetMemoryLimit(-1), gcPercent()
	stop := Keep()
	if p := gcPercent(); p != -1 {
		t.Errorf("GOGC percent %d while kept, want -1 (off)", p)
	}
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		t.Error("no limit set at once")
	}
	// A live heap of some size, which a limit set before a collection
	// found it cannot leave room for; then none, which the limit must
	// follow again.
	hold := make([]byte, 64<<20)
	waitFor(t, stop, "the live heap of 64 MiB", func(limit int64) bool { return limit >= int64(len(hold))+minRoom })
	got := debug.SetMemoryLimit(-1)
	m := read()
	if lo, hi := limit(memory{Live: m.Live / 2, Other: m.Other / 2}), limit(memory{Live: m.Live * 2, Other: m.Other * 2}); got < lo || got > hi {
		t.Errorf("limit %d MiB, want about %d MiB (live %d MiB, other %d MiB)", got>>20, limit(m)>>20, m.Live>>20, m.Other>>20)
	}
	runtime.KeepAlive(hold) // its last use: the next collections free it
	waitFor(t, stop, "the live heap without 64 MiB", func(limit int64) bool { return limit < got-32<<20 })
	stop()
	runtime.GC()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if now := debug.SetMemoryLimit(-1); now != oldLimit {
		t.Errorf("after stop the limit is %d, want %d as before", now, oldLimit)
	}
	if p := gcPercent(); p != oldPercent {
		t.Errorf("after stop GOGC percent is %d, want %d as before", p, oldPercent)
	}
}

// waitFor collects until the memory limit is ok, or stops the keeper and
// fails the test after ten seconds.
func waitFor(t *testing.T, stop func(), what string, ok func(limit int64) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok(debug.SetMemoryLimit(-1)) {
		if time.Now().After(deadline) {
			now := debug.SetMemoryLimit(-1)
			stop()
			t.Fatalf("the limit %d MiB did not follow %s after collections", now>>20, what)
		}
		runtime.GC()
		time.Sleep(time.Millisecond) // cleanups run on their own goroutine
	}
}

func TestKeepLeavesChosenPacing(t *testing.T) {
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "200")
			old, percent := debug.SetMemoryLimit(-1), gcPercent()
			if k := start(func(name string) string { return map[string]string{env: "200"}[name] }); k != nil {
				k.stop()
				t.Errorf("with %s set, start armed a keeper", env)
			}
			stop := Keep()
			defer stop()
			for range 3 {
				runtime.GC()
			}
			time.Sleep(10 * time.Millisecond)
			if now := debug.SetMemoryLimit(-1); now != old {
				t.Errorf("with %s set, Keep changed the limit to %d", env, now)
			}
			if p := gcPercent(); p != percent {
				t.Errorf("with %s set, Keep changed GOGC percent to %d", env, p)
			}
		})
	}
}
