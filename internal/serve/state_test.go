package serve

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"jixiao"
	"jixiao/internal/build"
	"jixiao/internal/load"
	"jixiao/internal/render"
)

// TestAffectedIsComplete checks the dependency model of incremental
// rebuilds against the built-in layouts: after each kind of edit, every
// page whose bytes differ from before is among the pages affected says
// changed. A layout that starts to show other projects on a project's
// page fails it.
func TestAffectedIsComplete(t *testing.T) {
	root := repoRoot(t)
	base := fstest.MapFS{}
	fs.WalkDir(os.DirFS(root), "content", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, err := os.ReadFile(filepath.Join(root, name))
			if err != nil {
				t.Fatal(err)
			}
			base[name] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	src := string(base[projectFile].Data)
	other := strings.NewReplacer("吴泾镇人民政府", "第二部门", "吴泾镇社区党群服务中心", "第二单位", "2023", "2024").Replace(src)
	base["content/2024/second/a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(other, projectName, "第二部门项目甲", 1))}
	base["content/2024/second/b.md"] = &fstest.MapFile{Data: []byte(strings.Replace(other, projectName, "第二部门项目乙", 1))}

	edits := map[string]struct {
		path, data string // data "" removes the file
	}{
		"rename":                    {projectFile, strings.Replace(src, projectName, "新名称", 1)},
		"funds":                     {projectFile, strings.Replace(src, `"21.33"`, `"31.33"`, -1)},
		"department":                {projectFile, strings.Replace(src, "吴泾镇人民政府", "第二部门", 1)},
		"unit":                      {projectFile, strings.Replace(src, "吴泾镇社区党群服务中心", "新单位", 1)},
		"year":                      {projectFile, strings.Replace(src, "year = 2023", "year = 2024", 1)},
		"remove":                    {projectFile, ""},
		"remove-last-of-department": {"content/2024/second/a.md", ""},
		"add":                       {"content/2024/second/c.md", strings.Replace(other, projectName, "第二部门项目丙", 1)},
		"narrative":                 {projectFile, src + "\n新增的一段说明。\n"},
	}
	old := planState(t, base, 1)
	for name, e := range edits {
		t.Run(name, func(t *testing.T) {
			edited := fstest.MapFS{}
			for k, v := range base {
				edited[k] = v
			}
			if e.data == "" {
				delete(edited, e.path)
			} else {
				edited[e.path] = &fstest.MapFile{Data: []byte(e.data)}
			}
			new := planState(t, edited, 2)
			c := affected(old, new, []string{e.path})
			urls := map[string]bool{}
			for _, st := range []*state{old, new} {
				for _, pg := range st.plan.Pages {
					urls[pg.URL] = true
				}
			}
			changed := 0
			for u := range urls {
				a, b := renderedAt(t, old, u), renderedAt(t, new, u)
				if bytes.Equal(a, b) && (a == nil) == (b == nil) {
					continue
				}
				changed++
				if !c.has(u) {
					t.Errorf("%s changed, but affected does not say so", u)
				}
			}
			if changed == 0 {
				t.Error("the edit changed no page")
			}
			if len(c.urls) >= len(urls) {
				t.Errorf("every page affected: %d of %d", len(c.urls), len(urls))
			}
		})
	}
}

func planState(t *testing.T, fsys fstest.MapFS, version uint64) *state {
	t.Helper()
	s, ds := load.Read(fsys)
	if len(s.Projects) == 0 {
		t.Fatal("no projects", ds)
	}
	assets := render.Overlay{{Name: "站点", FS: fsys}, {Name: "内置", FS: jixiao.Builtin}}
	p, ds, err := build.NewPlan(s, assets, build.Options{})
	if err != nil {
		t.Fatal(err, ds)
	}
	return newState(version, p)
}

// renderedAt returns the page of st at url, or nil if it has none.
func renderedAt(t *testing.T, st *state, url string) []byte {
	t.Helper()
	pg := pageAt(st, url)
	if pg == nil {
		return nil
	}
	data, err := st.render(pg)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
