// Package headroom bounds how far a long batch job's memory may grow past
// what it holds.
//
// With Go's default pacing (GOGC=100) the heap may grow to twice the live
// heap before the next collection, and the freed pages go back to the
// system lazily. For `jixiao build` that meant a 100,000-project site,
// with about 115 MB live at its peak, took 350–380 MiB. Keep sets the
// runtime's soft memory limit after every collection to what the process
// needs beside its heap, plus the live heap, plus a headroom that grows
// with it (room), and turns the proportional pacing off: the collector
// runs, and returns free pages, each time the heap has grown by the room
// past what the last collection left live.
package headroom

import (
	"math"
	"math/bits"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// minRoom is the least headroom Keep allows over the live heap.
const minRoom = 32 << 20

// room is the headroom over a live heap of live bytes: minRoom, or half
// the live heap once that is larger. A small heap thus collects less often
// than with the default pacing, which would collect each time it doubled:
// a 10,000-project build, whose live heap is 15–40 MB, collects about 92
// times rather than 310, for about a tenth less user CPU and 6 MiB more at
// its peak. One of 100,000, whose live heap peaks near 65 MB, is paced by
// the limit either way, mostly; with GOGC on, it collected a third more
// often than with 48 MiB (1,023 and 772), for about a tenth more user CPU
// and 17–20 MiB less at its peak.
func room(live uint64) uint64 {
	return max(minRoom, live/2)
}

// memory is what the runtime reports of the process's memory after a
// collection.
type memory struct {
	Live uint64 // bytes of the heap marked live
	// Other is what the runtime holds beside the heap's objects and free
	// pages: stacks, metadata, buffers.
	Other uint64
}

// limit is the soft memory limit for m: Other, the live heap and its room.
func limit(m memory) int64 {
	sum, c1 := bits.Add64(m.Other, m.Live, 0)
	sum, c2 := bits.Add64(sum, room(m.Live), 0)
	if c1+c2 > 0 || sum > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(sum)
}

// Keep sets the soft memory limit (debug.SetMemoryLimit) to limit at once
// and after each garbage collection, and turns GOGC's pacing off
// (debug.SetGCPercent(-1)), until stop is called, which restores both. It
// does nothing when GOMEMLIMIT or GOGC is set in the environment: whoever
// set them chose the pacing. The limit and the pacing are the process's:
// one keeper at a time, or the one stopped last restores what the other
// set.
func Keep() (stop func()) { return start(os.Getenv).stop }

// start arms a keeper, or returns nil when getenv gives GOMEMLIMIT or GOGC.
func start(getenv func(string) string) *keeper {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return nil
	}
	// The limit first: with neither, no collection would start.
	k := &keeper{oldLimit: debug.SetMemoryLimit(limit(read()))}
	k.oldPercent = debug.SetGCPercent(-1)
	k.arm()
	return k
}

type keeper struct {
	mu         sync.Mutex // so that no limit is set after stop restored the old one
	oldLimit   int64
	oldPercent int // of GOGC
	stopped    bool
}

// stop ends k's work and restores the old limit and pacing; a nil k did
// nothing.
func (k *keeper) stop() {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.stopped = true
	debug.SetGCPercent(k.oldPercent)
	debug.SetMemoryLimit(k.oldLimit)
}

// sentinel is allocated for each collection and dropped at once, so that
// its cleanup runs after the next collection. It is 16 bytes without
// pointers so that it is not combined with other tiny allocations, whose
// cleanups may never run.
type sentinel [2]uint64

func (k *keeper) arm() {
	runtime.AddCleanup(new(sentinel), func(k *keeper) {
		k.mu.Lock()
		defer k.mu.Unlock()
		if !k.stopped {
			debug.SetMemoryLimit(limit(read()))
			k.arm()
		}
	}, k)
}

// read returns the runtime's figures as a memory.
func read() memory {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		// The heap's pages, which Other leaves out:
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	total, heap := s[1].Value.Uint64(), uint64(0)
	for _, x := range s[2:] {
		heap += x.Value.Uint64()
	}
	return memory{Live: s[0].Value.Uint64(), Other: total - min(heap, total)}
}
