package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestFor gives every index exactly once, also with fewer indexes than
// processors and with none.
func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 3, 1000} {
		seen := make([]atomic.Int32, n)
		For(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Errorf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
	}
}

// TestOrdered hands every result to done once, in order, with work never
// far ahead of done, and stops starting work when done says so.
func TestOrdered(t *testing.T) {
	limit := ahead()
	for _, n := range []int{0, 1, 3, 1000} {
		var started, finished atomic.Int64
		next := 0
		Ordered(n, func(i int) int {
			if ahead := started.Add(1) - finished.Load(); ahead > int64(limit) {
				t.Errorf("n=%d: work(%d) started %d ahead of done", n, i, ahead)
			}
			return i * i
		}, func(i, v int) bool {
			if i != next || v != i*i {
				t.Errorf("n=%d: done(%d, %d), want done(%d, %d)", n, i, v, next, next*next)
			}
			next++
			finished.Add(1)
			return true
		})
		if next != n {
			t.Errorf("n=%d: done called %d times", n, next)
		}
	}

	var calls, returned atomic.Int64
	last := -1
	Ordered(10000, slowWork(&calls, &returned), func(i, _ int) bool {
		last = i
		return i < 10
	})
	if c, r := calls.Load(), returned.Load(); c != r {
		t.Errorf("Ordered returned with %d calls of work under way", c-r)
	}
	if last != 10 {
		t.Errorf("done after it returned false: last call done(%d)", last)
	}
	if c := calls.Load(); c > int64(11+limit) {
		t.Errorf("work called %d times after done stopped at 10", c)
	}
}

// TestOrderedDonePanics: when done panics, the panic reaches Ordered's
// caller, and only after the work under way has finished.
func TestOrderedDonePanics(t *testing.T) {
	var calls, returned atomic.Int64
	func() {
		defer func() {
			if r := recover(); r != "done failed" {
				t.Errorf("recovered %v, want done's panic", r)
			}
		}()
		Ordered(1000, slowWork(&calls, &returned), func(i, _ int) bool {
			if i == 5 {
				panic("done failed")
			}
			return true
		})
	}()
	if c, r := calls.Load(), returned.Load(); c != r {
		t.Errorf("Ordered panicked with %d calls of work under way", c-r)
	}
	if c := calls.Load(); c > int64(6+ahead()) {
		t.Errorf("work called %d times after done panicked at 5", c)
	}
}

// ahead is the most work Ordered may have started beyond the result done
// waits for.
func ahead() int { return 4*runtime.GOMAXPROCS(0) + runtime.GOMAXPROCS(0) + 2 }

// slowWork is work of a millisecond that counts its calls as they start
// and as they return.
func slowWork(calls, returned *atomic.Int64) func(int) int {
	return func(i int) int {
		calls.Add(1)
		time.Sleep(time.Millisecond)
		returned.Add(1)
		return i
	}
}
