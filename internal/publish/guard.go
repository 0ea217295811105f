package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Resolve returns path made absolute and clean, with the symlinks of its
// longest existing prefix resolved; the rest, which does not exist yet, is
// joined on as written.
func Resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// Protect names the folders that an output folder must keep clear of.
type Protect struct {
	// Keep are folders the output may be neither nor contain: the site.
	Keep []string
	// Inputs are folders the output may not be, contain, or lie in:
	// content/, layouts/, static/ — a build would then read its own output.
	Inputs []string
}

// Refuse reports an error when target (resolved) would replace or delete
// a protected folder: when it is one, contains one, or lies in an input,
// and when it is the file system's root or contains the home folder.
func Refuse(target string, p Protect) error {
	t, err := Resolve(target)
	if err != nil {
		return err
	}
	for i, dir := range append(p.Inputs, p.Keep...) {
		rp, err := Resolve(dir)
		if err != nil {
			return err
		}
		if within(rp, t) {
			return fmt.Errorf("拒绝输出到 %s：它是或包含 %s，构建会删除其中的文件 "+
				"[refusing to write to %s: it is or contains %s]", target, rp, target, rp)
		}
		if i < len(p.Inputs) && within(t, rp) {
			return fmt.Errorf("拒绝输出到 %s：它位于 %s 之中，下次构建会把输出当作输入 "+
				"[refusing to write to %s: it lies within %s]", target, rp, target, rp)
		}
	}
	if t == filepath.Dir(t) {
		return fmt.Errorf("拒绝输出到根目录 %s [refusing to write to the root folder]", t)
	}
	if home, err := os.UserHomeDir(); err == nil {
		if rh, err := Resolve(home); err == nil && within(rh, t) {
			return fmt.Errorf("拒绝输出到 %s：它包含主目录 [refusing to write to a folder that contains the home folder]", target)
		}
	}
	return nil
}

// within reports whether path is dir or lies inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false
	}
	return rel == "." || rel != ".." && !filepath.IsAbs(rel) && !startsWithDotDot(rel)
}

func startsWithDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:2] == ".." && os.IsPathSeparator(rel[2])
}
