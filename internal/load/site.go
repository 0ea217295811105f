// Package load reads a site — site.toml and every project file under
// content/ — from an fs.FS into the model, with the source position of
// every key, reporting what it cannot read as diagnostics. It is the first
// stage of the pipeline: load → check → plan → render → write.
package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/project"
)

// ConfigFile and ContentDir are where a site keeps its configuration and projects.
const (
	ConfigFile = "site.toml"
	ContentDir = "content"
)

// Site is a loaded site.
type Site struct {
	Config   *config.Site
	Projects []*project.Project // sorted by Path
}

// Read loads the site rooted at fsys. A file that cannot be parsed is left
// out of Projects; its diagnostics say why.
func Read(fsys fs.FS) (*Site, []diag.Diagnostic) {
	cfg, diags := Config(fsys)
	s := &Site{Config: cfg}
	names, ds := ContentFiles(fsys)
	diags = append(diags, ds...)
	for _, name := range names {
		p, ds := File(fsys, name)
		diags = append(diags, ds...)
		if p != nil {
			s.Projects = append(s.Projects, p)
		}
	}
	diag.Sort(diags)
	return s, diags
}

// File reads and loads one project file.
func File(fsys fs.FS, name string) (*project.Project, []diag.Diagnostic) {
	data, err := readFile(fsys, name)
	if err != nil {
		return nil, []diag.Diagnostic{RuleLink.At(name, diag.Pos{Line: 1, Col: 1}, "无法读取：%v [cannot read]", err)}
	}
	return Project(name, data)
}

// readFile reads a file without letting a symlink lead outside fsys.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	if info, err := fs.Lstat(fsys, name); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		target, err := fs.ReadLink(fsys, name)
		if err != nil {
			return nil, err
		}
		resolved := path.Join(path.Dir(name), target)
		if path.IsAbs(target) || !fs.ValidPath(resolved) {
			return nil, fmt.Errorf("符号链接指向站点之外的 %s [symlink points outside the site]", target)
		}
		return readFile(fsys, resolved)
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		// Don't read a huge file just to reject it.
		return make([]byte, MaxFileSize+1), nil
	}
	return fs.ReadFile(fsys, name)
}

// ContentFiles lists the project files under content/, sorted: every .md and
// .toml file, skipping hidden files, editors' temporary files and folders
// whose name starts with "." or "_".
func ContentFiles(fsys fs.FS) ([]string, []diag.Diagnostic) {
	var names []string
	var diags []diag.Diagnostic
	err := fs.WalkDir(fsys, ContentDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && name == ContentDir {
				return fs.SkipDir
			}
			diags = append(diags, RuleLink.At(name, diag.Pos{}, "无法读取：%v [cannot read]", err))
			return nil
		}
		base := path.Base(name)
		if name != ContentDir && Ignored(base) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && IsProjectFile(name) {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		diags = append(diags, RuleLink.At(ContentDir, diag.Pos{}, "无法读取：%v [cannot read]", err))
	}
	slices.Sort(names)
	return names, diags
}

// IsProjectFile reports whether name is a project file by its extension.
func IsProjectFile(name string) bool {
	ext := path.Ext(name)
	return ext == ".md" || ext == ".toml"
}

// Ignored reports whether a file or folder name is one jixiao never reads:
// hidden files, editors' backups and swap files, and names starting with "_".
func Ignored(base string) bool {
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || strings.HasPrefix(base, "#") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") ||
		strings.HasSuffix(base, ".tmp") || strings.HasSuffix(base, ".bak") || base == "4913"
}

// Config reads site.toml; without one, the defaults.
func Config(fsys fs.FS) (*config.Site, []diag.Diagnostic) {
	cfg := config.Default()
	data, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, []diag.Diagnostic{RuleConfig.At(ConfigFile, diag.Pos{Line: 1, Col: 1}, "无法读取 site.toml：%v", err)}
	}
	if enc, line := Sniff(data); enc != UTF8 {
		return cfg, []diag.Diagnostic{encodingDiag(ConfigFile, enc, line)}
	}
	src := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	var syntax map[string]any
	if _, err := toml.Decode(src, &syntax); err != nil {
		return cfg, []diag.Diagnostic{syntaxDiag(ConfigFile, err, 0)}
	}
	md, err := toml.Decode(src, cfg)
	if err != nil {
		pos := diag.Pos{Line: 1, Col: 1}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos = diag.Pos{Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1)}
		}
		return config.Default(), []diag.Diagnostic{RuleConfig.At(ConfigFile, pos, "site.toml 字段类型错误：%v [wrong type]", err)}
	}
	pos := keyPositions(src, 0)
	var diags []diag.Diagnostic
	for _, k := range md.Undecoded() {
		key := k.String()
		at, ok := pos[key]
		if !ok {
			at, ok = pos[withIndex(pos, key)]
		}
		if !ok {
			at = diag.Pos{Line: 1, Col: 1}
		}
		diags = append(diags, RuleConfig.At(ConfigFile, at, "site.toml 中的未知字段 %s [unknown key]", key))
	}
	if !cfg.Framework.Valid() {
		diags = append(diags, RuleConfig.At(ConfigFile, pos["framework"],
			"framework 应为 \"legacy\" 或 \"2021\"，实为 %q [unknown framework]", cfg.Framework))
		cfg.Framework = framework.Any
	}
	if f := cfg.Footer.Operator; f != "government" && f != "other" {
		diags = append(diags, RuleConfig.At(ConfigFile, pos["footer.operator"],
			"footer.operator 应为 \"government\" 或 \"other\"，实为 %q [unknown operator]", f))
		cfg.Footer.Operator = "other"
	}
	return cfg, diags
}

// withIndex finds the first key of pos that is key with array indices
// inserted: MetaData names "departments.slugg", the scan "departments.0.slugg".
func withIndex(pos map[string]diag.Pos, key string) string {
	best, bestLine := "", 0
	for k, p := range pos {
		var parts []string
		for _, s := range strings.Split(k, ".") {
			if _, err := strconv.Atoi(s); err != nil {
				parts = append(parts, s)
			}
		}
		if strings.Join(parts, ".") == key && (best == "" || p.Line < bestLine) {
			best, bestLine = k, p.Line
		}
	}
	return best
}
