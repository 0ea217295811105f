package search

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strings"
	"testing"

	"jixiao/internal/decimal"
	"jixiao/internal/project"
)

// synthSite makes n projects of random text, with what real ones have
// and the generator of ../shared/bench has not: a vocabulary that grows
// with n, full-width and Latin text, stray symbols, departments outside
// site.toml, a category that is not in the form, ties of year and name.
func synthSite(n int, seed int64) testSite {
	r := rand.New(rand.NewSource(seed))
	// A vocabulary of common and rare characters: the rare ones make many
	// tokens with one or two documents.
	common := []rune("项目资金建设管理服务社区街道党建养老助餐垃圾分类河道整治学校教育卫生健康文化体育活动年度目标完成率满意度覆盖")
	rare := func() rune { return rune(0x4E00 + r.Intn(0x9FFF-0x4E00)) }
	word := func(k int) string {
		var sb strings.Builder
		for range k {
			if r.Intn(5) == 0 {
				sb.WriteRune(rare())
			} else {
				sb.WriteRune(common[r.Intn(len(common))])
			}
		}
		return sb.String()
	}
	extras := []string{"，", "。", "、", "２０２３", "WiFi", " ", "（一）", "\n", "¥", "ｶ", "𠀀", "# ", "a-b"}
	text := func(k int) string {
		var sb strings.Builder
		for range k {
			if r.Intn(4) == 0 {
				sb.WriteString(extras[r.Intn(len(extras))])
			} else {
				sb.WriteString(word(1 + r.Intn(6)))
			}
		}
		return sb.String()
	}
	var ts testSite
	var depts []string
	for i := range 12 {
		d := word(3) + "局"
		depts = append(depts, d)
		switch i % 3 {
		case 0:
			ts.opt.Departments = append(ts.opt.Departments, Department{Name: d, Slug: fmt.Sprintf("d%d", i)})
		case 1:
			ts.opt.Departments = append(ts.opt.Departments, Department{Name: d})
		} // else: not listed
	}
	cats := append(slices.Clone(project.Categories), "其他")
	names := []string{}
	for i := range n {
		name := word(2 + r.Intn(8))
		if len(names) > 0 && r.Intn(10) == 0 {
			name = names[r.Intn(len(names))] // the same name, in another year or department
		}
		names = append(names, name)
		year := 2021 + r.Intn(5)
		p := &project.Project{
			Slug: fmt.Sprintf("%d/d%d/p%d", year, r.Intn(len(depts)), i),
			Name: name, Code: fmt.Sprintf("%d-XM-%05d", year, i), Year: year,
			Department: depts[r.Intn(len(depts))], Unit: word(4) + "中心",
			Category: cats[r.Intn(len(cats))],
			Funds:    project.Funds{Total: decimal.FromInt(int64(r.Intn(10000)))},
			Content:  &project.Content{Goals: project.Goals{Overall: text(10 + r.Intn(40)), Annual: text(5 + r.Intn(30))}, Body: []byte("## 项目概况\n\n" + text(r.Intn(200)))},
		}
		for range 3 + r.Intn(8) {
			p.Indicators = append(p.Indicators, project.Indicator{Name: word(2 + r.Intn(6))})
		}
		if r.Intn(50) == 0 {
			p.Body = append(p.Body, 0xff, 'x', 0xe4) // invalid UTF-8
		}
		ts.projects = append(ts.projects, p)
	}
	return ts
}

// fileList is a Writer that keeps the files in order of writing.
type fileList []File

func (l *fileList) WriteFile(name string, data []byte) error {
	*l = append(*l, File{name, data})
	return nil
}

// sorted returns the files sorted by name.
func (l fileList) sorted() []File {
	slices.SortFunc(l, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return l
}

// writeFiles returns the files that write (WriteEach) writes for
// projects, sorted by name.
func writeFiles(tb testing.TB, projects []*project.Project, opt Options) []File {
	tb.Helper()
	var files fileList
	if err := write(&files, projects, opt); err != nil {
		tb.Fatal(err)
	}
	return files.sorted()
}

// buildWith builds the index with a Builder of the given limits, feeding
// it the projects in Key order, with scratch files in a folder that must
// be empty again after Close.
func buildWith(t *testing.T, ts testSite, cfg config) []File {
	t.Helper()
	tmp := t.TempDir()
	var files fileList
	b := newBuilder(&files, ts.opt, tmp, cfg)
	for _, p := range Order(ts.projects, ts.opt) {
		if err := b.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("scratch files left: %v", left)
	}
	return files.sorted()
}

// sameFiles reports the first differences between two indexes.
func sameFiles(t *testing.T, what string, got, want []File) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range min(len(got), len(want)) {
		if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s: file %d is %s (%d bytes), want %s (%d bytes)", what, i,
				got[i].Name, len(got[i].Data), want[i].Name, len(want[i].Data))
			if bad++; bad == 5 {
				return
			}
		}
	}
}

// TestBuilderEqualsReference checks that the Builder writes the bytes of
// the index builder it replaced (legacy_test.go): through WriteEach, and
// through the spooling path with runs and scratch files of every size.
func TestBuilderEqualsReference(t *testing.T) {
	all := sites(t)
	all["synthetic"] = synthSite(2000, 1)
	all["tiny"] = synthSite(3, 2)
	all["empty"] = testSite{}
	if !testing.Short() {
		all["generated"] = genSite(t, 2000)
	}
	configs := map[string]config{
		"one worker, a run per block, tiny parts, no lists decoded": {workers: 1, runBudget: 1, spoolMem: 0, partBytes: 2 << 10, decodeBytes: 0},
		"three workers, 64 KiB runs, 4 KiB parts, 100-byte lists":   {workers: 3, runBudget: 64 << 10, spoolMem: 1 << 20, partBytes: 4 << 10, decodeBytes: 100},
		"defaults, scratch files":                                   defaultConfig(),
		"two workers, 1 MiB runs, no files":                         {workers: 2, runBudget: 1 << 20, spoolMem: -1, partBytes: 64 << 10, decodeBytes: 1 << 20},
	}
	for name, ts := range all {
		want := legacyBuild(ts.projects, ts.opt)
		sameFiles(t, name+", Write", writeFiles(t, ts.projects, ts.opt), want)
		for cname, cfg := range configs {
			sameFiles(t, name+", "+cname, buildWith(t, ts, cfg), want)
		}
	}
}

func TestBuilderOrder(t *testing.T) {
	ts := readSite(t, fixtureSite)
	ps := Order(ts.projects, ts.opt)
	b := NewBuilder(mapWriter{}, ts.opt, t.TempDir())
	defer b.Close()
	if err := b.Add(ps[1]); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ps[0]); err == nil || !strings.Contains(err.Error(), "Key order") {
		t.Errorf("Add out of order: %v, want an error", err)
	}
	if err := b.Add(ps[1]); err != nil { // an equal key is in order
		t.Errorf("Add of an equal key: %v", err)
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(ps[2]); err == nil {
		t.Error("Add after Finish succeeded")
	}
}

// failWriter fails from its n-th file on.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) WriteFile(string, []byte) error {
	if w.n--; w.n < 0 {
		return errFull
	}
	return nil
}

// TestBuilderWriteError checks that a Writer's error stops the build, is
// returned by every later call, and leaves no scratch files.
func TestBuilderWriteError(t *testing.T) {
	ts := synthSite(500, 3)
	for _, n := range []int{0, 30, 200} { // a chunk file, a later one, a shard
		tmp := t.TempDir()
		b := newBuilder(&failWriter{n}, ts.opt, tmp, config{workers: 2, runBudget: 1 << 10, spoolMem: 0, partBytes: 1 << 10, decodeBytes: 1 << 10})
		var err error
		for _, p := range Order(ts.projects, ts.opt) {
			if err = b.Add(p); err != nil {
				break
			}
		}
		if err == nil {
			err = b.Finish()
		}
		if !errors.Is(err, errFull) {
			t.Errorf("after %d files: %v, want %v", n, err, errFull)
		}
		if err := b.Finish(); !errors.Is(err, errFull) && n < 200 {
			t.Errorf("Finish after the error: %v", err)
		}
		if err := b.Close(); err != nil {
			t.Error(err)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("scratch files left: %v", left)
		}
	}
}

func TestIsWordFast(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF+1; r++ {
		if isWordFast(r) != isWord(r) {
			t.Fatalf("isWordFast(%U) = %v", r, isWordFast(r))
		}
	}
}
