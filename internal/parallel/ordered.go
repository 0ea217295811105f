package parallel

import (
	"runtime"
	"sync"
)

// Ordered calls work(0) … work(n-1) on as many goroutines as there are
// processors and hands each result to done, in order, on the calling
// goroutine. Work runs at most a few calls per processor ahead of done, so
// that only that many results are held at once. When done returns false,
// Ordered stops handing out work (a call being handed out at that moment
// may still start) and returns once the calls under way have returned.
func Ordered[T any](n int, work func(i int) T, done func(i int, v T) bool) {
	procs := runtime.GOMAXPROCS(0)
	window := 4 * procs
	type job struct {
		i   int
		out chan T
	}
	jobs := make(chan job)
	pending := make(chan job, window)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range min(procs, n) {
		wg.Go(func() {
			for j := range jobs {
				j.out <- work(j.i)
			}
		})
	}
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	go func() {
		defer close(pending)
		defer close(jobs)
		for i := range n {
			j := job{i, make(chan T, 1)}
			select {
			case pending <- j:
			case <-stop:
				return
			}
			// A select picks at random among ready cases: look at stop
			// first, so that at most the job being handed out when done
			// says no may still start.
			if stopped() {
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	}()
	// However done returns, even by panicking, stop the feeder and let it
	// and the workers finish what they started.
	defer func() {
		if !stopped() {
			close(stop)
		}
		for range pending {
		}
		wg.Wait()
	}()
	for j := range pending {
		if !done(j.i, <-j.out) {
			return
		}
	}
}
