package build_test

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestResultsWithoutEvaluation: actual values without an [evaluation]
// table show the results columns and the indicators met, and nothing of
// the evaluation's fields; a project whose results cannot be judged shows
// no count of them.
func TestResultsWithoutEvaluation(t *testing.T) {
	fsys := smallSite()
	src := string(fsys["content/2023/a.md"].Data)
	src = strings.Replace(src, `target = "≥24次"`, "target = \"≥24次\"\nactual = \"20次\"\ndeviation = \"场地改造，停办两个月。\"", 1)
	fsys["content/2023/a.md"] = &fstest.MapFile{Data: []byte(src)}
	words := strings.Replace(src, `actual = "20次"`, `actual = "基本完成"`, 1)
	words = strings.Replace(words, `target = "≥24次"`, `target = "完成"`, 1)
	words = strings.Replace(words, `name = "新中心运营费"`, `name = "另一个项目"`, 1)
	fsys["content/2023/b.md"] = &fstest.MapFile{Data: []byte(words)}
	out, _ := buildMemory(t, fsys)

	a := string(out["2023/a/index.html"])
	for _, want := range []string{
		`<th id="i-actual">实际完成值</th>`,
		`<td class="mark unmet" headers="i-met i0 i0-0 i0-0-n"><span aria-hidden="true">✗ </span>未完成</td>`,
		`<td class="mark unknown"`, // the rows without an actual
		`场地改造，停办两个月。`,
		`<div><dt>指标完成</dt><dd>0/1 <small>项</small></dd></div>`,
		`共 3 项指标，其中 2 项无法判定是否完成，未计入。`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("project page lacks %s", want)
		}
	}
	for _, bad := range []string{"自评年度", "自评总分", "自评等级", "自评结论"} {
		if strings.Contains(a, bad) {
			t.Errorf("project page without [evaluation] shows %s", bad)
		}
	}

	b := string(out["2023/b/index.html"])
	if !strings.Contains(b, `<td class="mark unknown"`) || strings.Contains(b, `<dl class="stats">`) {
		t.Errorf("project with results none of which can be judged: want marks of 无法判定 and no figures")
	}

	// The index pages count the one judged indicator and show no average,
	// since no project has a 自评总分; so no score chart either.
	home := string(out["index.html"])
	if !strings.Contains(home, `<div><dt>指标完成</dt><dd>0/1 <small>项</small></dd></div>`) {
		t.Errorf("home page lacks the indicators met")
	}
	if strings.Contains(home, "平均自评得分（") || strings.Contains(home, "score-chart") {
		t.Errorf("home page shows an average score with no project scored")
	}
}
