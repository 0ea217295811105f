package build_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/load"
	"jixiao/internal/publish"
	"jixiao/internal/render"
)

// TestPlanEqualsBuild checks that the dev server's plan, rendering on
// request, gives every file of a build byte for byte, and nothing else:
// on the example site, and on a site whose own layout shows on the home
// page what only a project's page has, the indicators, which neither the
// build nor the plan gives the index pages.
func TestPlanEqualsBuild(t *testing.T) {
	listing := smallSite()
	listing["layouts/home.html"] = &fstest.MapFile{Data: []byte(
		`{{define "main"}}{{range .Site.Projects}}<p>{{.Name}}: {{len .Indicators}}</p>{{end}}{{end}}`)}
	planEqualsBuild(t, exampleSite)
	p := planEqualsBuild(t, listing)
	home, err := p.Render(p.Page("index.html"))
	if err != nil || !strings.Contains(string(home), "<p>新中心运营费: 0</p>") {
		t.Errorf("home page with indicators listed: %v\n%s", err, home)
	}
	page, err := p.Render(p.Page("2023/a/index.html"))
	if err != nil || !strings.Contains(string(page), "党员幸福感") {
		t.Errorf("the project's page lacks its indicators: %v", err)
	}
}

// planEqualsBuild checks the plan of the site in fsys against its build,
// and returns the plan.
func planEqualsBuild(t *testing.T, fsys fs.FS) *build.Plan {
	t.Helper()
	want, _ := buildMemory(t, fsys)
	s, _ := load.Read(fsys)
	assets := render.Overlay{{Name: "站点", FS: fsys}, {Name: "内置", FS: jixiao.Builtin}}
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
	return p
}

// TestVerifyRendersProjectsWhole: the plan's check of its layouts renders
// a project's page with the project in full, as a build does. A layout
// that needs the indicators passes, and an error in a loop over them is
// found.
func TestVerifyRendersProjectsWhole(t *testing.T) {
	for _, tt := range []struct {
		layout string
		ok     bool
	}{
		{`{{define "main"}}{{(index .Page.Project.Indicators 0).Name}}{{end}}`, true},
		{`{{define "main"}}{{range .Page.Project.Indicators}}{{.NoSuchField}}{{end}}{{end}}`, false},
	} {
		fsys := smallSite()
		fsys["layouts/project.html"] = &fstest.MapFile{Data: []byte(tt.layout)}
		_, buildErr := build.Build(fsys, publish.Memory{}, build.Options{})
		s, _ := load.Read(fsys)
		assets := render.Overlay{{Name: "站点", FS: fsys}, {Name: "内置", FS: jixiao.Builtin}}
		p, ds, err := build.NewPlan(s, assets, build.Options{})
		if err != nil {
			t.Fatal(err, ds)
		}
		err = p.Verify()
		if (err == nil) != tt.ok || (buildErr == nil) != tt.ok {
			t.Errorf("%s: Verify gave %v and the build %v; want both to succeed: %v", tt.layout, err, buildErr, tt.ok)
		}
	}
}
