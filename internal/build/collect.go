package build

import (
	"bufio"
	"fmt"
	"hash/maphash"
	"io"
	"sync"
	"sync/atomic"

	"jixiao/internal/parallel"
	"jixiao/internal/publish"
	"jixiao/internal/render"
	"jixiao/internal/site"
)

// writer passes the files of a build on to an Output as they are made,
// from any goroutine, refusing two outputs with one name. A publish.Dir
// takes concurrent writes and streamed files; any other Output gets one
// whole file at a time.
type writer struct {
	out    publish.Output
	serial bool

	mu    sync.Mutex          // guards names, and out when serial
	names map[uint64]struct{} // the names' hashes (claim)
	seed  maphash.Seed
	files atomic.Int64
	// taken, if set, reports names that other outputs hold already.
	taken func(name string) bool
}

func newWriter(out publish.Output) *writer {
	_, concurrent := out.(*publish.Dir)
	return &writer{out: out, serial: !concurrent, names: map[uint64]struct{}{},
		seed: maphash.MakeSeed()}
}

// claim reserves name for one output. It remembers a 64-bit hash of the
// name rather than the name, which for a site of a hundred thousand pages
// would be megabytes held to the end; the hash's seed is new for every
// build. The chance that two of a million names share a hash is about one
// in 37 million: such a build fails, naming the file, and the next one
// passes.
func (w *writer) claim(name string) error {
	h := maphash.String(w.seed, name)
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.names[h]; ok || w.taken != nil && w.taken(name) {
		return fmt.Errorf("两个输出写到同一文件 %s [two outputs at one file name]", name)
	}
	w.names[h] = struct{}{}
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
	return publish.Stream(claimed{w}, name)
}

// claimed writes files whose names w has claimed.
type claimed struct{ w *writer }

func (c claimed) WriteFile(name string, data []byte) error { return c.w.write(name, data) }

// pageBuffers hold rendered project pages between renderPage's calls.
var pageBuffers = sync.Pool{New: func() any { return new([]byte) }}

// pageWriters buffer the index pages that streamPage writes.
var pageWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// renderAll renders the index pages of g but the data page on every
// processor, each made and streamed to its file as it is rendered: the
// page of a year of a large site runs to megabytes. It returns the error
// of the first page (in page order) that failed.
func renderAll(r *render.Renderer, g *site.Site, w *writer) error {
	errs := make([]error, g.NumIndexPages())
	parallel.For(len(errs), func(i int) {
		if g.IndexKind(i) != site.DataPage {
			errs[i] = streamPage(r, g.IndexPage(i), w)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// renderData renders the data page of g, which renderAll leaves out.
func renderData(r *render.Renderer, g *site.Site, w *writer) error {
	for i := range g.NumIndexPages() {
		if g.IndexKind(i) == site.DataPage {
			return streamPage(r, g.IndexPage(i), w)
		}
	}
	return nil
}

// streamPage renders a page into its file.
func streamPage(r *render.Renderer, pg *site.Page, w *writer) error {
	f, err := w.Create(pg.File())
	if err != nil {
		return err
	}
	b := pageWriters.Get().(*bufio.Writer)
	b.Reset(f)
	err = r.WritePage(b, pg)
	if err == nil {
		err = b.Flush()
	}
	b.Reset(nil)
	pageWriters.Put(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// renderPage renders a page and writes it.
func renderPage(r *render.Renderer, pg *site.Page, w *writer) error {
	buf := pageBuffers.Get().(*[]byte)
	html, err := r.AppendPage((*buf)[:0], pg)
	if err == nil {
		err = w.WriteFile(pg.File(), html)
	}
	*buf = html[:0]
	pageBuffers.Put(buf)
	return err
}
