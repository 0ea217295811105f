package project

import (
	"encoding/binary"
	"errors"
	"math"

	"jixiao/internal/decimal"
	"jixiao/internal/value"
)

// binaryVersion starts every encoding, so that bytes of another layout
// are refused rather than misread.
const binaryVersion = 1

// AppendBinary appends to b a compact encoding of p, which UnmarshalBinary
// reads back. It holds everything a page, the data files and the search
// index use, but not the key positions nor the keys left unread, which
// only the checks use. A build encodes each project once it is checked,
// keeps it slim (Slim) and decodes it for its page and again for the
// search index, which costs a fraction of reading the file again. The encoding is for the process
// that made it, not for storage: its layout may change with any version.
// A slim project cannot be encoded.
func (p *Project) AppendBinary(b []byte) ([]byte, error) {
	if err := p.RequireFull(); err != nil {
		return b, err
	}
	e := encoder{b: append(b, binaryVersion)}
	for _, s := range []string{p.Path, p.Slug, p.Name, p.Code, p.Department, p.Unit, p.Category} {
		e.string(s)
	}
	e.int(p.Year)
	e.date(p.Start)
	e.date(p.End)
	for _, a := range p.Funds.Amounts() {
		e.decimal(*a.Amount)
	}
	e.string(p.Goals.Overall)
	e.string(p.Goals.Annual)
	e.length(len(p.Indicators), p.Indicators == nil)
	for i := range p.Indicators {
		in := &p.Indicators[i]
		e.string(in.Level1)
		e.string(in.Level2)
		e.string(in.Name)
		e.value(in.Target)
		e.value(in.Actual)
		e.bool(in.Met)
		e.decimalPtr(in.Weight)
		e.decimalPtr(in.Score)
		e.string(in.Deviation)
	}
	e.flag(p.Evaluation != nil)
	if ev := p.Evaluation; ev != nil {
		e.int(ev.Year)
		e.decimalPtr(ev.TotalScore)
		e.string(ev.Grade)
		e.string(ev.Summary)
	}
	e.length(len(p.Body), p.Body == nil)
	e.b = append(e.b, p.Body...)
	e.int(p.BodyLine)
	return e.b, nil
}

// UnmarshalBinary sets p to the project AppendBinary encoded in data.
// Its strings are copies: they do not keep data alive.
func (p *Project) UnmarshalBinary(data []byte) error {
	if len(data) == 0 || data[0] != binaryVersion {
		return errBinary
	}
	d := decoder{b: data[1:]}
	q := Project{Content: &Content{}}
	for _, s := range []*string{&q.Path, &q.Slug, &q.Name, &q.Code, &q.Department, &q.Unit, &q.Category} {
		*s = d.string()
	}
	q.Year = d.int()
	q.Start = d.date()
	q.End = d.date()
	for _, a := range q.Funds.Amounts() {
		*a.Amount = d.decimal()
	}
	q.Goals.Overall = d.string()
	q.Goals.Annual = d.string()
	if n, isNil := d.length(minIndicator); !isNil {
		q.Indicators = make([]Indicator, n)
	}
	for i := range q.Indicators {
		in := &q.Indicators[i]
		in.Level1 = d.string()
		in.Level2 = d.string()
		in.Name = d.string()
		in.Target = d.value()
		in.Actual = d.value()
		in.Met = d.bool()
		in.Weight = d.decimalPtr()
		in.Score = d.decimalPtr()
		in.Deviation = d.string()
	}
	if d.flag() {
		q.Evaluation = &Evaluation{Year: d.int(), TotalScore: d.decimalPtr(), Grade: d.string(), Summary: d.string()}
	}
	if n, isNil := d.length(1); !isNil {
		q.Body = append([]byte{}, d.bytes(n)...)
	}
	q.BodyLine = d.int()
	if d.err != nil || len(d.b) > 0 {
		return errBinary
	}
	*p = q
	return nil
}

var errBinary = errors.New("project: not an encoding of a project")

// encoder appends uvarints, zigzag varints and length-prefixed strings.
type encoder struct{ b []byte }

func (e *encoder) uint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) int(n int)     { e.b = binary.AppendVarint(e.b, int64(n)) }
func (e *encoder) string(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// length writes n, or that the slice is nil.
func (e *encoder) length(n int, isNil bool) {
	if isNil {
		e.uint(0)
		return
	}
	e.uint(uint64(n) + 1)
}

func (e *encoder) flag(f bool) {
	if f {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) date(d Date) {
	e.int(int(d.Year))
	e.int(int(d.Month))
	e.int(int(d.Day))
}

func (e *encoder) decimal(d decimal.Decimal) { e.b = binary.AppendVarint(e.b, d.Units()) }

func (e *encoder) decimalPtr(d *decimal.Decimal) {
	e.flag(d != nil)
	if d != nil {
		e.decimal(*d)
	}
}

// bool writes a *bool: absent, false or true.
func (e *encoder) bool(b *bool) {
	switch {
	case b == nil:
		e.b = append(e.b, 0)
	case !*b:
		e.b = append(e.b, 1)
	default:
		e.b = append(e.b, 2)
	}
}

func (e *encoder) value(v value.Value) {
	e.string(v.Raw)
	e.int(int(v.Kind))
	e.string(v.Cmp)
	e.decimal(v.Number)
	e.string(v.Unit)
}

// decoder reads what encoder wrote. The first malformed read sets err;
// later reads return zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err, d.b = errBinary, nil }

func (d *decoder) uint() uint64  { return next(d, binary.Uvarint) }
func (d *decoder) varint() int64 { return next(d, binary.Varint) }

// next reads a number with read, binary.Uvarint or binary.Varint.
func next[T uint64 | int64](d *decoder, read func([]byte) (T, int)) T {
	n, k := read(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) int() int {
	n := d.varint()
	if n < math.MinInt || n > math.MaxInt {
		d.fail()
		return 0
	}
	return int(n)
}

// bytes returns the next n bytes, not copied.
func (d *decoder) bytes(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.fail()
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) string() string {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	return string(d.bytes(int(n)))
}

// length returns a slice's length, and whether it was nil. Each element
// takes size bytes at least, so a length that the bytes left cannot hold
// is refused before anything is allocated for it.
func (d *decoder) length(size int) (n int, isNil bool) {
	u := d.uint()
	switch {
	case u == 0:
		return 0, true
	case u-1 > uint64(len(d.b)/size):
		d.fail()
		return 0, true
	}
	return int(u - 1), false
}

// minIndicator is the fewest bytes an encoded Indicator takes: a byte for
// each string, number and flag.
const minIndicator = 3 + 2*5 + 4

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) flag() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

func (d *decoder) date() Date {
	date, ok := NewDate(d.int(), d.int(), d.int())
	if !ok {
		d.fail()
	}
	return date
}

func (d *decoder) decimal() decimal.Decimal { return decimal.FromUnits(d.varint()) }

func (d *decoder) decimalPtr() *decimal.Decimal {
	if !d.flag() {
		return nil
	}
	v := d.decimal()
	return &v
}

func (d *decoder) bool() *bool {
	switch d.byte() {
	case 0:
		return nil
	case 1:
		f := false
		return &f
	case 2:
		t := true
		return &t
	}
	d.fail()
	return nil
}

func (d *decoder) value() value.Value {
	v := value.Value{Raw: d.string(), Kind: value.Kind(d.int()), Cmp: d.string(), Number: d.decimal(), Unit: d.string()}
	if v.Kind < value.Empty || v.Kind > value.Invalid {
		d.fail()
		return value.Value{}
	}
	return v
}
