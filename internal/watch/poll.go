package watch

import (
	"os"
	"time"
)

// poller is the polling back end: at each tick it lists the watched files
// with their size, modification time and mode, and reports every file
// added, removed or changed since the last tick.
type poller struct {
	w    *Watcher
	last map[string]stamp
	stop chan struct{}
	done chan struct{}
}

type stamp struct {
	size int64
	mod  time.Time
	mode os.FileMode
}

func newPoller(w *Watcher) (*poller, error) {
	p := &poller{w: w, last: w.snapshot(), stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p, nil
}

func (p *poller) run() {
	defer close(p.done)
	tick := time.NewTicker(p.w.opt.Poll)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
		now := p.w.snapshot()
		for name, s := range now {
			if old, ok := p.last[name]; !ok || old != s {
				if !p.w.send(event{path: name}) {
					return
				}
			}
		}
		for name := range p.last {
			if _, ok := now[name]; !ok {
				if !p.w.send(event{path: name}) {
					return
				}
			}
		}
		p.last = now
	}
}

// snapshot stamps every watched file.
func (w *Watcher) snapshot() map[string]stamp {
	names := append([]string(nil), w.files...)
	for _, t := range w.trees {
		names = append(names, w.walk(t, func(string) {})...)
	}
	m := make(map[string]stamp, len(names))
	for _, name := range names {
		if info, err := os.Lstat(w.abs(name)); err == nil {
			m[name] = stamp{info.Size(), info.ModTime(), info.Mode()}
		}
	}
	return m
}

// update has nothing to do: the files of a new folder are new files of
// the next snapshot, already reported.
func (p *poller) update(_, _ []string) []string { return nil }

func (p *poller) close() error {
	close(p.stop)
	<-p.done
	return nil
}
