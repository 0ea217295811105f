// Package jixiao holds the built-in layouts and static files of a jixiao
// site, embedded in the binary. A site's own layouts/ and static/ override
// the files of the same name (see internal/render).
package jixiao

import "embed"

// Builtin holds layouts/ (the html/template files every page is rendered
// through) and static/ (the stylesheet, the script and the icon).
//
//go:embed layouts static
var Builtin embed.FS
