package importer

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"jixiao/internal/project"
)

// FileName returns the name of a project's file: the budget year and the
// first 8 hex digits of the SHA-1 of its name, "2023-1f0c7a9e.md". It is
// ASCII (names are Chinese, and a file name should survive any zip tool
// or web server), and stable: importing the same table again, from any
// file and at any position, names the same file, so it is not written
// twice. A table without a name falls back to its index in the input,
// counted from 1: "2023-table-02.md".
func FileName(p *project.Project, index int) string {
	if p.Name == "" {
		return fmt.Sprintf("%04d-table-%02d.md", p.Year, index+1)
	}
	sum := sha1.Sum([]byte(p.Name))
	return fmt.Sprintf("%04d-%x.md", p.Year, sum[:4])
}

// Write saves each project as a .md file in dir, named by FileName,
// creating dir if needed, and returns the paths written. Unless force is
// set it writes nothing at all when any of the files exists. Each file is
// written to a temporary file and renamed into place, all of them only
// after every one was encoded and written, so a failure leaves no
// half-written file behind.
func Write(dir string, ps []*project.Project, force bool) ([]string, error) {
	paths := make([]string, len(ps))
	data := make([][]byte, len(ps))
	index := make(map[string]int)
	for i, p := range ps {
		name := FileName(p, i)
		if j, dup := index[name]; dup {
			return nil, fmt.Errorf("第 %d 和第 %d 个项目都会写入 %s（名称与年度相同）[projects %d and %d would both write %s]",
				j+1, i+1, name, j+1, i+1, name)
		}
		index[name] = i
		paths[i] = filepath.Join(dir, name)
		if !force {
			if _, err := os.Lstat(paths[i]); err == nil {
				return nil, fmt.Errorf("%s 已存在，未写入任何文件；要覆盖请加 --force [%s exists; nothing written]", paths[i], paths[i])
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("import: %w", err)
			}
		}
		var b bytes.Buffer
		if err := project.Encode(&b, p); err != nil {
			return nil, fmt.Errorf("import %s: %w", paths[i], err)
		}
		data[i] = b.Bytes()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	temps := make([]string, 0, len(ps))
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp) // those not renamed
		}
	}()
	for i := range ps {
		tmp, err := writeTemp(dir, data[i])
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", paths[i], err)
		}
		temps = append(temps, tmp)
	}
	for i, tmp := range temps {
		if err := os.Rename(tmp, paths[i]); err != nil {
			temps = temps[i:]
			return paths[:i], fmt.Errorf("import %s: %w", paths[i], err)
		}
	}
	temps = nil
	return paths, nil
}

// writeTemp writes data to a new hidden file in dir, which the loader
// ignores should it be left behind.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".import-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
