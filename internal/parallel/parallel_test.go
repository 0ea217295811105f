package parallel

import (
	"sync/atomic"
	"testing"
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
