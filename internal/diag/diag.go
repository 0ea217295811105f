// Package diag defines the diagnostics that loading and checking produce:
// a Rule is a named value with an ID, a severity and a one-line doc, and a
// Diagnostic is one finding of a rule at a position in a file.
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity of a rule.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText writes "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Rule is one check. Its ID is stable: users grep for it and sites may
// refer to it.
type Rule struct {
	ID       string
	Severity Severity
	Doc      string // one line, Chinese first
}

// Pos is a position in a file; Line and Col count from 1, 0 when unknown.
type Pos struct {
	Line, Col int
}

// Diagnostic is one finding.
type Diagnostic struct {
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// At returns a diagnostic of r at path and pos.
func (r *Rule) At(path string, pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{
		Path:     path,
		Line:     pos.Line,
		Col:      pos.Col,
		Severity: r.Severity,
		Rule:     r.ID,
		Message:  fmt.Sprintf(format, args...),
	}
}

// String formats d as path:line:col: severity ID: message.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s %s: %s", d.Path, d.Line, d.Col, d.Severity, d.Rule, d.Message)
}

// Sort orders diagnostics by path, line, column, then rule.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns the number of errors and warnings in ds.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}
