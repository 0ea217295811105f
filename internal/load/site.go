// Package load reads a site — site.toml and every project file under
// content/ — from an fs.FS into the model, with the source position of
// every key, reporting what it cannot read as diagnostics. It is the first
// stage of the pipeline: load → check → plan → render → write.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"jixiao/internal/config"
	"jixiao/internal/diag"
	"jixiao/internal/framework"
	"jixiao/internal/parallel"
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
	return ReadEach(fsys, nil)
}

// ReadEach loads the site as Read does, and calls each, if not nil, on
// every project as soon as it is loaded, on the goroutine that loaded it
// (so on several at once), with the site's configuration; the diagnostics
// it returns join the loader's. A build checks each project there and
// lets go of what only the checks needed while the next ones load.
func ReadEach(fsys fs.FS, each func(*config.Site, *project.Project) []diag.Diagnostic) (*Site, []diag.Diagnostic) {
	cfg, diags := Config(fsys)
	s := &Site{Config: cfg}
	files, ds := contentFiles(fsys)
	diags = append(diags, ds...)
	projects := make([]*project.Project, len(files))
	pds := make([][]diag.Diagnostic, len(files))
	parallel.For(len(files), func(i int) {
		projects[i], pds[i] = file(fsys, files[i].name, files[i].typ)
		if p := projects[i]; p != nil && each != nil {
			pds[i] = append(pds[i], each(cfg, p)...)
		}
	})
	for i, p := range projects {
		diags = append(diags, pds[i]...)
		if p != nil {
			s.Projects = append(s.Projects, p)
		}
	}
	diag.Sort(diags)
	return s, diags
}

// File reads and loads one project file.
func File(fsys fs.FS, name string) (*project.Project, []diag.Diagnostic) {
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		return nil, cannotRead(name, err)
	}
	return file(fsys, name, info.Mode().Type())
}

// file is File for a file whose type (from a directory listing) is known.
func file(fsys fs.FS, name string, typ fs.FileMode) (*project.Project, []diag.Diagnostic) {
	data, err := readFile(fsys, name, typ)
	if err != nil {
		return nil, cannotRead(name, err)
	}
	return Project(name, data)
}

func cannotRead(name string, err error) []diag.Diagnostic {
	return []diag.Diagnostic{RuleLink.At(name, diag.Pos{Line: 1, Col: 1}, "无法读取：%v [cannot read]", err)}
}

// readFile reads a file of type typ without letting a symlink lead
// outside fsys. A plain file is opened once: a site of many thousand
// projects is read in one open, one stat and one read each.
func readFile(fsys fs.FS, name string, typ fs.FileMode) ([]byte, error) {
	if typ&fs.ModeSymlink != 0 {
		target, err := fs.ReadLink(fsys, name)
		if err != nil {
			return nil, err
		}
		resolved := path.Join(path.Dir(name), target)
		if path.IsAbs(target) || !fs.ValidPath(resolved) {
			return nil, fmt.Errorf("符号链接指向站点之外的 %s [symlink points outside the site]", target)
		}
		info, err := fs.Lstat(fsys, resolved)
		if err != nil {
			return nil, err
		}
		return readFile(fsys, resolved, info.Mode().Type())
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s 是文件夹 [is a folder]", name)
	}
	if info.Size() > MaxFileSize {
		// Don't read a huge file just to reject it.
		return make([]byte, MaxFileSize+1), nil
	}
	// The size is a hint: the file may change while it is read.
	b := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := b.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ContentFiles lists the project files under content/, sorted: every .md and
// .toml file, skipping hidden files, editors' temporary files and folders
// whose name starts with "." or "_".
func ContentFiles(fsys fs.FS) ([]string, []diag.Diagnostic) {
	files, diags := contentFiles(fsys)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names, diags
}

// contentFile is a project file as listed: its name and type.
type contentFile struct {
	name string
	typ  fs.FileMode
}

func contentFiles(fsys fs.FS) ([]contentFile, []diag.Diagnostic) {
	var files []contentFile
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
			files = append(files, contentFile{name, d.Type()})
		}
		return nil
	})
	if err != nil {
		diags = append(diags, RuleLink.At(ContentDir, diag.Pos{}, "无法读取：%v [cannot read]", err))
	}
	slices.SortFunc(files, func(a, b contentFile) int { return strings.Compare(a.name, b.name) })
	return files, diags
}

// IsProjectFile reports whether name is a project file by its extension.
func IsProjectFile(name string) bool {
	ext := path.Ext(name)
	return ext == ".md" || ext == ".toml"
}

// Ignored reports whether a file or folder name under content/ is one
// jixiao never reads: Temporary names, and names starting with "_"
// (drafts and notes kept beside the projects).
func Ignored(base string) bool {
	return Temporary(base) || strings.HasPrefix(base, "_")
}

// Temporary reports whether a file or folder name is hidden or one that
// editors write beside the file being edited: hidden files and folders
// (".git", vim's ".a.md.swp"), backups ("a.md~", "a.md.bak"), vim's test
// file "4913", emacs's "#a.md#", and the temporary files of atomic saves
// ("a.md.tmp", JetBrains' "a.md___jb_tmp___" and "a.md___jb_old___").
// jixiao reads none of them, and the dev server does not rebuild for them.
func Temporary(base string) bool {
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") || strings.HasSuffix(base, "~") ||
		base == "4913" || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") ||
		strings.HasSuffix(base, ".tmp") || strings.HasSuffix(base, ".bak") ||
		strings.HasSuffix(base, "___jb_tmp___") || strings.HasSuffix(base, "___jb_old___")
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
	pos := keyPositions(src, 0, interner{})
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
