package build

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/site"
)

// collector gathers the files of a build in memory, refusing two outputs
// with one name, so that they can be written in sorted order.
type collector struct {
	files publish.Memory
}

func newCollector() *collector { return &collector{files: publish.Memory{}} }

func (c *collector) WriteFile(name string, data []byte) error {
	if _, ok := c.files[name]; ok {
		return fmt.Errorf("两个输出写到同一文件 %s [two outputs at one file name]", name)
	}
	return c.files.WriteFile(name, data)
}

func (c *collector) names() []string { return c.files.Names() }

// writer passes the files of a build on to an Output as they are made,
// from any goroutine, refusing two outputs with one name. A publish.Dir
// takes concurrent writes and streamed files; any other Output gets one
// whole file at a time.
type writer struct {
	out    publish.Output
	serial bool

	mu    sync.Mutex // guards names, and out when serial
	names map[string]struct{}
	files atomic.Int64
}

func newWriter(out publish.Output) *writer {
	_, concurrent := out.(*publish.Dir)
	return &writer{out: out, serial: !concurrent, names: map[string]struct{}{}}
}

// claim reserves name for one output.
func (w *writer) claim(name string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.names[name]; ok {
		return fmt.Errorf("两个输出写到同一文件 %s [two outputs at one file name]", name)
	}
	w.names[name] = struct{}{}
	return nil
}

func (w *writer) WriteFile(name string, data []byte) error {
	if err := w.claim(name); err != nil {
		return err
	}
	return w.write(name, data)
}

func (w *writer) write(name string, data []byte) error {
	if w.serial {
		w.mu.Lock()
		defer w.mu.Unlock()
	}
	if err := w.out.WriteFile(name, data); err != nil {
		return fmt.Errorf("写入 %s [writing]: %w", name, err)
	}
	w.files.Add(1)
	return nil
}

// Create streams a file to a publish.Creator, and to any other Output
// on Close; w is a publish.Creator.
func (w *writer) Create(name string) (io.WriteCloser, error) {
	if err := w.claim(name); err != nil {
		return nil, err
	}
	if c, ok := w.out.(publish.Creator); ok && !w.serial {
		f, err := c.Create(name)
		if err != nil {
			return nil, fmt.Errorf("写入 %s [writing]: %w", name, err)
		}
		w.files.Add(1)
		return f, nil
	}
	return &held{w: w, name: name}, nil
}

// held is a file of a serial Output, written whole on Close.
type held struct {
	bytes.Buffer
	w    *writer
	name string
}

func (h *held) Close() error { return h.w.write(h.name, h.Bytes()) }

// renderAll renders the pages on every processor and writes each as soon
// as it is rendered. It returns the error of the first page (in page
// order) that failed.
func renderAll(r *render.Renderer, pages []*site.Page, w *writer) error {
	errs := make([]error, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			buf := make([]byte, 0, 64<<10)
			for i := int(next.Add(1)) - 1; i < len(pages); i = int(next.Add(1)) - 1 {
				var html []byte
				html, errs[i] = r.AppendPage(buf[:0], pages[i])
				if errs[i] == nil {
					errs[i] = w.WriteFile(pages[i].File(), html)
				}
				buf = html[:0]
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
