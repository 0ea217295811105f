package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"jixiao/internal/diag"
)

// The event stream, at EventsPath, is Server-Sent Events. The script
// subscribes with the page it shows and the version and server it was
// served by (?path=/2023/a/&v=12&server=…) and gets:
//
//	event: hello     data: {"server":"…","version":12}   first, always
//	event: reload    data: {"version":13}                the page changed, or the server restarted
//	event: problems  data: {"problems":[…]}              the last rebuild failed: show them
//	event: ok        data: {}                            the problems are fixed and the page did not change
//
// and a comment line every HeartbeatInterval. A problem is a
// diag.Diagnostic as `jixiao check --format json` writes it.

// HeartbeatInterval is how often an idle event stream gets a comment, so
// that proxies and browsers keep it open.
const HeartbeatInterval = 15 * time.Second

// hub keeps the open event streams and what each must be told.
type hub struct {
	id   string // of this server process
	max  int    // streams at most
	done chan struct{}
	once sync.Once

	mu       sync.Mutex
	subs     map[*sub]bool
	version  uint64            // of the current state
	changed  map[string]uint64 // page URL → version it last changed in
	allAt    uint64            // version in which every page last changed
	problems []diag.Diagnostic // of the last rebuild, if it failed
}

// sub is one open stream: a tab showing the page at path.
type sub struct {
	path string
	wake chan struct{} // capacity 1

	// What to send next, under hub.mu.
	reload   uint64 // version to reload to; 0 for none
	problems []diag.Diagnostic
	show     bool // send problems
	ok       bool // send ok
}

func newHub(id string, max int) *hub {
	return &hub{id: id, max: max, done: make(chan struct{}), subs: map[*sub]bool{}, changed: map[string]uint64{}}
}

// lastChanged returns the version in which the page at path last changed.
func (h *hub) lastChanged(path string) uint64 {
	return max(h.allAt, h.changed[path])
}

// publish records a new state and tells each stream whose page changed to
// reload. The others are told of the problems the state still has, or, if
// they showed problems, that those are gone.
func (h *hub) publish(version uint64, c changes, problems []diag.Diagnostic) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.version = version
	if c.all {
		h.allAt = version
	} else {
		for u := range c.urls {
			h.changed[u] = version
		}
	}
	had, same := h.problems != nil, slices.Equal(h.problems, problems)
	h.problems = problems
	for s := range h.subs {
		switch {
		case c.has(s.path):
			s.reload = version
		case problems != nil && !same:
			s.problems, s.show, s.ok = problems, true, false
		case had && problems == nil:
			s.ok, s.show = true, false
		default:
			continue
		}
		s.signal()
	}
}

// fail tells every stream about the problems of a failed rebuild.
func (h *hub) fail(problems []diag.Diagnostic) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.problems = problems
	for s := range h.subs {
		s.problems, s.show, s.ok = problems, true, false
		s.signal()
	}
}

// currentProblems returns the problems of the last rebuild, if it failed.
func (h *hub) currentProblems() []diag.Diagnostic {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.problems
}

func (s *sub) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// close ends every stream: the server is shutting down.
func (h *hub) close() { h.once.Do(func() { close(h.done) }) }

var errTooMany = errors.New("too many event streams")

// subscribe adds a stream for a tab showing path, whose page is of
// version v of the server named server.
func (h *hub) subscribe(path string, v uint64, server string) (*sub, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.subs) >= h.max {
		return nil, errTooMany
	}
	s := &sub{path: path, wake: make(chan struct{}, 1)}
	switch {
	case server != h.id && server != "":
		s.reload = h.version // the server restarted since the page was served
	case h.lastChanged(path) > v:
		s.reload = h.lastChanged(path) // it changed before the tab listened
	case h.problems != nil:
		s.problems, s.show = h.problems, true
	}
	if s.reload != 0 || s.show {
		s.signal()
	}
	h.subs[s] = true
	return s, nil
}

func (h *hub) unsubscribe(s *sub) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
}

// take returns the events due to s, in order.
func (h *hub) take(s *sub) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var evs []string
	if s.ok {
		evs = append(evs, event("ok", struct{}{}))
	}
	if s.show {
		evs = append(evs, event("problems", struct {
			Problems []diag.Diagnostic `json:"problems"`
		}{s.problems}))
	}
	if s.reload != 0 {
		evs = append(evs, event("reload", struct {
			Version uint64 `json:"version"`
		}{s.reload}))
	}
	s.ok, s.show, s.reload, s.problems = false, false, 0, nil
	return evs
}

func event(name string, data any) string {
	b, _ := json.Marshal(data)
	return "event: " + name + "\ndata: " + string(b) + "\n\n"
}

// serveEvents streams events to one tab until it goes, or the server
// shuts down.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	path, err := url.PathUnescape(q.Get("path"))
	if err != nil || path == "" {
		path = "/"
	}
	v, _ := strconv.ParseUint(q.Get("v"), 10, 64)
	s, err := h.subscribe(pageURL(path), v, q.Get("server"))
	if err != nil {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "too many event streams", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(s)

	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	h.mu.Lock()
	hello := event("hello", struct {
		Server  string `json:"server"`
		Version uint64 `json:"version"`
	}{h.id, h.version})
	h.mu.Unlock()
	if _, err := fmt.Fprint(w, ": jixiao\n\n"+hello); err != nil || rc.Flush() != nil {
		return
	}
	beat := time.NewTicker(HeartbeatInterval)
	defer beat.Stop()
	for {
		var out string
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-beat.C:
			out = ": ping\n\n"
		case <-s.wake:
			for _, ev := range h.take(s) {
				out += ev
			}
		}
		if out == "" {
			continue
		}
		if _, err := fmt.Fprint(w, out); err != nil || rc.Flush() != nil {
			return
		}
	}
}
