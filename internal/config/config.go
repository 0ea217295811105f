// Package config is a site's configuration, read from site.toml: its title
// and address, the indicator framework it follows, the slugs of its
// departments and units, and the footer a Chinese government site must show.
package config

import (
	"crypto/sha1"
	"encoding/hex"

	"jixiao/internal/framework"
)

// Site is site.toml.
type Site struct {
	Title       string            `toml:"title"`
	Description string            `toml:"description"`
	BaseURL     string            `toml:"base_url"`
	Language    string            `toml:"language"`
	Framework   framework.Edition `toml:"framework"`
	Departments []Named           `toml:"departments"`
	Units       []Named           `toml:"units"`
	Indicators  []Extension       `toml:"indicators"`
	Grades      []Band            `toml:"grades"`
	Footer      Footer            `toml:"footer"`
}

// Named gives a department or unit its URL slug.
type Named struct {
	Name string `toml:"name"`
	Slug string `toml:"slug"`
}

// Extension adds 二级指标 names (and perhaps a new 一级指标) to the framework.
type Extension struct {
	Level1 string   `toml:"level1"`
	Level2 []string `toml:"level2"`
}

// Band is a score band of the self-evaluation: a total score of at least
// Min earns Grade. Bands are optional; without them grades are not checked.
type Band struct {
	Grade string  `toml:"grade"`
	Min   float64 `toml:"min"` // compared with exact scores as an integer-or-4-decimal number
}

// Footer is what the footer shows; each item only when set.
type Footer struct {
	Operator  string `toml:"operator"`   // "government" or "other"
	Sponsor   string `toml:"sponsor"`    // 主办单位
	Organizer string `toml:"organizer"`  // 承办单位
	Contact   string `toml:"contact"`    // 联系方式
	ICP       string `toml:"icp"`        // ICP 备案号
	Police    string `toml:"police"`     // 公安机关备案号
	PoliceURL string `toml:"police_url"` // link of the 公安机关备案号, if any
	SiteCode  string `toml:"site_code"`  // 网站标识码, government operators only
}

// Government reports whether the site is run by a government body, which
// alone may show the 网站标识码 and the 党政机关网站 mark.
func (f Footer) Government() bool { return f.Operator == "government" }

// Default returns the configuration used for keys site.toml leaves out.
func Default() *Site {
	return &Site{Title: "财政项目支出绩效目标公开", Language: "zh-CN", BaseURL: "/", Footer: Footer{Operator: "other"}}
}

// Table returns the indicator framework of the site, with its extensions.
func (s *Site) Table() framework.Table {
	t := framework.For(s.Framework)
	for _, e := range s.Indicators {
		t = t.Extend(e.Level1, e.Level2...)
	}
	return t
}

// DepartmentSlug returns the slug of a department: the one site.toml gives,
// or a stable fallback derived from the name. ok is false for the fallback.
func (s *Site) DepartmentSlug(name string) (slug string, ok bool) {
	return lookup(s.Departments, name, "d")
}

// UnitSlug likewise for an implementing unit.
func (s *Site) UnitSlug(name string) (slug string, ok bool) {
	return lookup(s.Units, name, "u")
}

func lookup(list []Named, name, kind string) (string, bool) {
	for _, n := range list {
		if n.Name == name && n.Slug != "" {
			return n.Slug, true
		}
	}
	return Fallback(kind, name), false
}

// Fallback is the slug of a name site.toml gives none for: kind, a dash and
// the first 10 hex digits of the name's SHA-1, stable across builds.
func Fallback(kind, name string) string {
	h := sha1.Sum([]byte(name))
	return kind + "-" + hex.EncodeToString(h[:5])
}
