// Package schema generates the JSON Schema of a project file from the same
// field table the loader uses, so that editors (VS Code with Even Better
// TOML, or any Taplo-based tool) validate and complete while staff type.
// The generated schema is committed as schema/project.schema.json; a test
// keeps the two equal.
package schema

import (
	"bytes"
	"encoding/json"
	"strings"

	"jixiao/internal/framework"
	"jixiao/internal/project"
)

// ID is the schema's identifier.
const ID = "https://jixiao.invalid/schema/project.schema.json"

type object = map[string]any

// Project returns the JSON Schema (draft-07) of a project file's TOML, indented.
func Project() []byte {
	top := properties("")
	for _, t := range project.Tables {
		table := object{
			"type":                 "object",
			"title":                t.Label,
			"additionalProperties": false,
			"properties":           properties(t.Key),
		}
		if t.Array {
			table = object{"type": "array", "title": t.Label, "minItems": 1, "items": table}
			table["items"].(object)["required"] = requiredIn(t.Key)
		}
		top[t.Key] = table
	}
	s := object{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"$id":                  ID,
		"title":                "jixiao 项目文件 (财政项目支出绩效目标表)",
		"type":                 "object",
		"additionalProperties": false,
		"required":             append(requiredIn(""), "indicators"),
		"properties":           top,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		panic(err) // only maps, strings and slices: cannot fail
	}
	return b.Bytes()
}

func properties(table string) object {
	props := object{}
	for _, f := range project.Fields {
		t, key, ok := strings.Cut(f.Key, ".")
		if !ok {
			t, key = "", f.Key
		}
		if t != table {
			continue
		}
		p := typeOf(f)
		p["title"] = f.Label
		p["description"] = f.Doc
		props[key] = p
	}
	return props
}

func requiredIn(table string) []string {
	out := []string{}
	for _, f := range project.Fields {
		t, key, ok := strings.Cut(f.Key, ".")
		if !ok {
			t, key = "", f.Key
		}
		if t == table && f.Required {
			out = append(out, key)
		}
	}
	return out
}

func typeOf(f project.Field) object {
	switch f.Type {
	case project.TypeInt:
		return object{"type": "integer", "minimum": 1900, "maximum": 2200}
	case project.TypeDate:
		return object{"type": "string", "format": "date"}
	case project.TypeBool:
		return object{"type": "boolean"}
	case project.TypeScore:
		return object{"anyOf": []object{
			{"type": "string", "pattern": `^\s*(\d+(\.\d{0,4})?|\.\d{1,4})\s*$`},
			{"type": "number", "minimum": 0},
		}}
	case project.TypeMoney:
		return object{"anyOf": []object{
			{"type": "string", "pattern": `^\s*(\+|-)?(\d+(\.\d{0,4})?|\.\d{1,4})?\s*$`},
			{"type": "number"},
		}}
	}
	switch f.Key {
	case "category":
		return object{"type": "string", "enum": project.Categories}
	case "indicators.level1":
		var names []string
		for _, l := range framework.For(framework.Any) {
			names = append(names, l.Name)
		}
		return object{"type": "string", "examples": names}
	case "indicators.level2":
		var names []string
		for _, l := range framework.For(framework.Any) {
			names = append(names, l.Level2...)
		}
		return object{"type": "string", "examples": names}
	case "evaluation.grade":
		return object{"type": "string", "enum": project.Grades}
	case "indicators.target", "indicators.actual":
		return object{"type": []string{"string", "number"}}
	}
	return object{"type": "string"}
}
