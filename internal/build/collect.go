package build

import (
	"fmt"
	"runtime"
	"sync"

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

// renderAll renders the pages on every processor; the result of page i is
// in slot i, so the order does not depend on scheduling. It returns the
// error of the first page (in page order) that failed.
func renderAll(r *render.Renderer, pages []*site.Page) ([][]byte, error) {
	out := make([][]byte, len(pages))
	errs := make([]error, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = r.Render(pages[i])
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
