package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite schema/project.schema.json")

const committed = "../../schema/project.schema.json"

// TestCommitted keeps the schema in the repository equal to the generated one.
func TestCommitted(t *testing.T) {
	got := Project()
	if *update {
		if err := os.WriteFile(committed, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./internal/schema -update", committed)
	}
}

func TestShape(t *testing.T) {
	var s struct {
		Required   []string `json:"required"`
		Properties map[string]struct {
			Type  any `json:"type"`
			Items struct {
				Required   []string       `json:"required"`
				Properties map[string]any `json:"properties"`
			} `json:"items"`
			Properties map[string]any `json:"properties"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(Project(), &s); err != nil {
		t.Fatal(err)
	}
	want := []string{"name", "year", "department", "unit", "category", "indicators"}
	if len(s.Required) != len(want) {
		t.Fatalf("required = %v, want %v", s.Required, want)
	}
	for i := range want {
		if s.Required[i] != want[i] {
			t.Fatalf("required = %v, want %v", s.Required, want)
		}
	}
	if len(s.Properties["funds"].Properties) != 7 {
		t.Errorf("funds has %d properties, want 7", len(s.Properties["funds"].Properties))
	}
	ind := s.Properties["indicators"]
	if ind.Type != "array" || len(ind.Items.Properties) != 9 || len(ind.Items.Required) != 3 {
		t.Errorf("indicators = %+v", ind)
	}
}
