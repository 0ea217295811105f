package project_test

import (
	"testing"

	"jixiao/internal/diag"
	"jixiao/internal/project"
)

func TestKeepPositions(t *testing.T) {
	p := &project.Project{Pos: map[string]diag.Pos{
		"name":         {Line: 3, Col: 1},
		"code":         {Line: 4, Col: 1},
		"indicators.0": {Line: 20, Col: 1},
		"indicators":   {Line: 20, Col: 1},
	}}
	line1 := diag.Pos{Line: 1, Col: 1}
	p.KeepPositions("name", "code", "department")
	for key, want := range map[string]diag.Pos{
		"name":                {Line: 3, Col: 1},
		"code":                {Line: 4, Col: 1},
		"department":          line1, // never written
		"indicators.0.target": line1, // let go of
	} {
		if got := p.At(key); got != want {
			t.Errorf("after KeepPositions, At(%q) = %v, want %v", key, got, want)
		}
	}
	if p.Pos != nil {
		t.Error("KeepPositions kept the map")
	}

	p.KeepPositions("code") // from what was kept
	if got, want := p.At("code"), (diag.Pos{Line: 4, Col: 1}); got != want {
		t.Errorf("kept twice, At(code) = %v, want %v", got, want)
	}
	if got := p.At("name"); got != line1 {
		t.Errorf("At(name) = %v after it was let go of, want line 1", got)
	}
	p.KeepPositions()
	if got := p.At("code"); got != line1 {
		t.Errorf("At(code) = %v after KeepPositions(), want line 1", got)
	}
}
