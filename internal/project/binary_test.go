package project_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"jixiao/internal/decimal"
	"jixiao/internal/load"
	"jixiao/internal/project"
	"jixiao/internal/value"
)

// projectFiles loads every project file of the example site and of
// testdata/, those in the txtar archives of bad inputs and checks
// included, that loads at all: what a bad file could not read is left
// zero, which the encoding must keep too.
func projectFiles(t *testing.T) map[string]*project.Project {
	t.Helper()
	loaded := map[string]*project.Project{}
	add := func(key, name string, data []byte) {
		if ext := path.Ext(name); ext != ".md" && ext != ".toml" || !strings.HasPrefix(name, "content/") {
			return
		}
		if p, _ := load.Project(name, data); p != nil {
			loaded[key] = p
		}
	}
	for _, root := range []string{"../../content", "../../testdata"} {
		err := fs.WalkDir(os.DirFS(root), ".", func(name string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			file := path.Join(root, name)
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			if path.Ext(name) != ".txtar" {
				add(file, "content/"+name, data)
				return nil
			}
			for _, f := range txtar.Parse(data).Files {
				add(file+":"+f.Name, f.Name, f.Data)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(loaded) < 50 {
		t.Fatalf("loaded %d project files, want the example site's and testdata's", len(loaded))
	}
	return loaded
}

// TestBinaryRoundTrip: every project file decodes to the project it was
// encoded from, but for what the encoding leaves out.
func TestBinaryRoundTrip(t *testing.T) {
	for name, p := range projectFiles(t) {
		b, err := p.AppendBinary([]byte("prefix"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(b[:6]) != "prefix" {
			t.Fatalf("%s: AppendBinary did not append", name)
		}
		var got project.Project
		if err := got.UnmarshalBinary(b[6:]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, content := *p, *p.Content
		content.Pos, content.Unread = nil, nil
		want.Content = &content
		if !reflect.DeepEqual(&got, &want) {
			t.Errorf("%s: decoded\n%+v\nwant\n%+v", name, got, want)
		}
	}
}

// TestBinaryKeepsNil: nil and empty slices, absent and zero pointers, and
// values at the ends of their ranges come back as they went.
func TestBinaryKeepsNil(t *testing.T) {
	f, tr := false, true
	zero, most := decimal.FromUnits(0), decimal.FromUnits(math.MinInt64)
	for _, p := range []*project.Project{
		{Content: &project.Content{}},
		{Content: &project.Content{Indicators: []project.Indicator{}, Body: []byte{}}},
		{Year: math.MinInt, Content: &project.Content{BodyLine: math.MaxInt},
			Funds: project.Funds{Total: most, Other: decimal.FromUnits(math.MaxInt64)},
			Start: project.Date{Year: 9999, Month: 12, Day: 31}},
		{Content: &project.Content{Indicators: []project.Indicator{{Met: &f}, {Met: &tr, Weight: &zero, Score: &most}}}},
		{Evaluation: &project.Evaluation{}, Content: &project.Content{}},
		{Evaluation: &project.Evaluation{Year: 2024, TotalScore: &zero, Grade: "优", Summary: "完成"}, Content: &project.Content{}},
	} {
		b, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		var got project.Project
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		if !reflect.DeepEqual(&got, p) {
			t.Errorf("decoded %+v, want %+v", got, *p)
		}
	}
}

// TestBinaryRefusesBadBytes: a slim project is not encoded (RequireFull
// says why), and every truncation or extension of an encoding is refused
// without a panic.
func TestBinaryRefusesBadBytes(t *testing.T) {
	var p *project.Project
	for _, q := range projectFiles(t) {
		if p == nil || len(q.Indicators) > len(p.Indicators) {
			p = q
		}
	}
	b, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		var got project.Project
		if err := got.UnmarshalBinary(b[:n]); err == nil {
			t.Errorf("the first %d of %d bytes decoded", n, len(b))
		}
	}
	var got project.Project
	if err := got.UnmarshalBinary(append(b, 0)); err == nil {
		t.Error("an encoding with a byte more decoded")
	}
	late := *p
	late.End = project.Date{Year: 10000, Month: 1, Day: 1} // not a date NewDate makes
	if b, err := late.AppendBinary(nil); err != nil || got.UnmarshalBinary(b) == nil {
		t.Errorf("a date past 9999 decoded (encoding error %v)", err)
	}
	if err := p.RequireFull(); err != nil {
		t.Errorf("RequireFull of a whole project: %v", err)
	}
	slim := *p
	slim.Slim()
	if _, err := slim.AppendBinary(nil); !errors.Is(err, project.ErrSlim) {
		t.Errorf("a slim project encoded: error %v", err)
	}
	if err := slim.RequireFull(); !errors.Is(err, project.ErrSlim) || !strings.HasPrefix(err.Error(), p.Path+": ") {
		t.Errorf("RequireFull of a slim project: %v, want ErrSlim after %s", err, p.Path)
	}
}

// TestBinaryEveryField sets every exported field of a project, down to its
// indicators, evaluation and values, to something other than zero, and
// gets it back: a field added to the model but not to the encoding fails
// here, whether or not a content file sets it.
func TestBinaryEveryField(t *testing.T) {
	var p project.Project
	fill(reflect.ValueOf(&p).Elem(), "p")
	p.Pos, p.Unread = nil, nil // for the checks only: not encoded
	b, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got project.Project
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, &p) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, p)
	}
}

// fill sets every exported field reachable from v to a value that is not
// zero and differs from field to field, made from path.
func fill(v reflect.Value, path string) {
	n := len(path)
	switch v.Type() {
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(decimal.FromUnits(int64(n) * 12345)))
		return
	case reflect.TypeFor[value.Kind]():
		v.SetInt(int64(value.Invalid))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(path)
	case reflect.Int:
		v.SetInt(int64(n))
	case reflect.Int16, reflect.Int8: // a Date's, which must be one
		v.SetInt(int64(n%12 + 1))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Uint8:
		v.SetUint(uint64(n))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type())) // Pos and Unread, cleared by the caller
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				fill(v.Field(i), path+"."+f.Name)
			}
		}
	default:
		panic("fill: no value for " + v.Type().String() + " at " + path)
	}
}

// FuzzUnmarshalBinary: no bytes make the decoder panic, and what decodes
// encodes to bytes that decode to the same project.
func FuzzUnmarshalBinary(f *testing.F) {
	var p project.Project
	fill(reflect.ValueOf(&p).Elem(), "p")
	p.Pos, p.Unread = nil, nil
	for _, q := range []*project.Project{&p, {Content: &project.Content{}}, {Content: &project.Content{Indicators: []project.Indicator{{}}, Body: []byte{}}}} {
		b, err := q.AppendBinary(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var q project.Project
		if q.UnmarshalBinary(data) != nil {
			return
		}
		b, err := q.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		var r project.Project
		if err := r.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(&r, &q) {
			t.Errorf("%x decoded to %+v, which encoded and decoded again is %+v, %v", data, q, r, err)
		}
	})
}
