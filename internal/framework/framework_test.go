package framework

import "testing"

func TestLevel1(t *testing.T) {
	tab := For(Legacy)
	tests := []struct {
		name  string
		match Match
		std   string
	}{
		{"产出指标", Standard, "产出指标"},
		{"效果指标", Alias, "效益指标"},
		{"决策", Evaluation, ""},
		{"过程指标", Evaluation, ""},
		{"产出指挥", Unknown, "产出指标"},
		{"完全不同的名字", Unknown, ""},
		{"成本指标", Unknown, "产出指标"},
	}
	for _, tt := range tests {
		r := tab.Level1(tt.name)
		if r.Match != tt.match || r.Std != tt.std {
			t.Errorf("Level1(%q) = %+v, want {%v %q}", tt.name, r, tt.match, tt.std)
		}
	}
	if r := For(V2021).Level1("成本指标"); r.Match != Standard {
		t.Errorf("2021: 成本指标 is a level 1, got %+v", r)
	}
}

func TestLevel2ByEdition(t *testing.T) {
	tests := []struct {
		ed             Edition
		level1, level2 string
		match          Match
	}{
		{Legacy, "产出指标", "成本指标", Standard},
		{V2021, "产出指标", "成本指标", Unknown},
		{Any, "产出指标", "成本指标", Standard},
		{Legacy, "效益指标", "可持续影响指标", Standard},
		{V2021, "效益指标", "可持续影响指标", Unknown},
		{V2021, "成本指标", "经济成本指标", Standard},
		{Legacy, "效益指标", "环境效益指标", Alias},
		{Legacy, "满意度指标", "社会公众或服务对象满意度指标", Alias},
		{Legacy, "产出指标", "进度指标", Alias},
	}
	for _, tt := range tests {
		if r := For(tt.ed).Level2(tt.level1, tt.level2); r.Match != tt.match {
			t.Errorf("%q: Level2(%q, %q) = %+v, want %v", tt.ed, tt.level1, tt.level2, r, tt.match)
		}
	}
}

func TestExtendDoesNotShare(t *testing.T) {
	base := For(Legacy)
	ext := base.Extend("效益指标", "示范效益指标").Extend("创新指标", "新技术应用")
	if base.Level2("效益指标", "示范效益指标").Match == Standard {
		t.Fatal("Extend changed the table it was called on")
	}
	if ext.Level2("效益指标", "示范效益指标").Match != Standard || ext.Level1("创新指标").Match != Standard {
		t.Fatal("extension not applied")
	}
	if For(Legacy).Level2("效益指标", "示范效益指标").Match == Standard {
		t.Fatal("Extend changed the package's table")
	}
}

func TestClean(t *testing.T) {
	if got := Clean("服务对象 满意度指标\n"); got != "服务对象满意度指标" {
		t.Errorf("Clean = %q", got)
	}
	if got := Clean("效益\u3000指标"); got != "效益指标" {
		t.Errorf("Clean of an ideographic space = %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"效果指标", "效益指标", 1}, {"", "abc", 3}, {"产出指标", "产出指标", 0}, {"kitten", "sitting", 3}} {
		if got := Distance(tt.a, tt.b); got != tt.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}
