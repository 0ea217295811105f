package build_test

import (
	"bytes"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/load"
	"jixiao/internal/render"
)

// TestPlanEqualsBuild checks that the dev server's plan, rendering on
// request, gives every file of a build byte for byte, and nothing else.
func TestPlanEqualsBuild(t *testing.T) {
	want, _ := buildMemory(t, exampleSite)
	s, _ := load.Read(exampleSite)
	assets := render.Overlay{{Name: "站点", FS: exampleSite}, {Name: "内置", FS: jixiao.Builtin}}
	p, ds, err := build.NewPlan(s, assets, build.Options{})
	if err != nil {
		t.Fatal(err, ds)
	}
	if err := p.Verify(); err != nil {
		t.Fatal(err)
	}
	for _, name := range want.Names() {
		var got []byte
		var ok bool
		if pg := p.Page(name); pg != nil {
			got, err = p.Render(pg)
			ok = err == nil
		} else if strings.HasPrefix(name, build.StaticDir+"/") {
			got, ok = p.Static(name)
		} else {
			got, ok, err = p.Generated(name)
		}
		if err != nil || !ok {
			t.Errorf("%s: found %v, error %v", name, ok, err)
			continue
		}
		if !bytes.Equal(got, want[name]) {
			t.Errorf("%s differs from the build's", name)
		}
	}
	if len(p.Pages) == 0 || p.Page("nope/index.html") != nil {
		t.Errorf("%d pages", len(p.Pages))
	}
	if _, ok, err := p.Generated("nope.txt"); ok || err != nil {
		t.Errorf("nope.txt: %v %v", ok, err)
	}
	again, _, err := p.Replan(s)
	if err != nil || len(again.Pages) != len(p.Pages) {
		t.Errorf("replan: %v", err)
	}
}
