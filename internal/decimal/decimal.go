// Package decimal provides Decimal, the exact fixed-point number that carries
// every amount of money (in 万元) and every indicator number in jixiao.
//
// A Decimal holds up to four decimal places, the precision of the form.
// Nothing in jixiao adds money as floating point: amounts are parsed from
// their written digits and summed as integers.
package decimal

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Places is the number of decimal places a Decimal keeps.
const Places = 4

const scale = 10000

// Decimal is a fixed-point number with four decimal places.
// The zero value is 0.
type Decimal struct{ v int64 }

var (
	// ErrSyntax reports text that is not a decimal number.
	ErrSyntax = errors.New("not a decimal number")
	// ErrPrecision reports a number with more than four decimal places.
	ErrPrecision = errors.New("more than 4 decimal places")
	// ErrRange reports a number too large to hold.
	ErrRange = errors.New("number out of range")
)

// maxInt is the largest integer part accepted: far beyond any budget,
// small enough that sums of millions of amounts cannot overflow.
const maxInt = 1_000_000_000_000

// Parse reads a decimal number such as "28.86", "-3", "+0.0001" or ".5".
// It accepts no exponent, no grouping and no spaces: callers that read
// published text normalise it first.
func Parse(s string) (Decimal, error) {
	t := s
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	ip, fp, _ := strings.Cut(t, ".")
	if ip == "" && fp == "" || !digits(ip) || !digits(fp) {
		return Decimal{}, fmt.Errorf("%q: %w", s, ErrSyntax)
	}
	if len(strings.TrimRight(fp, "0")) > Places {
		return Decimal{}, fmt.Errorf("%q: %w", s, ErrPrecision)
	}
	ip = strings.TrimLeft(ip, "0")
	if len(ip) > 13 {
		return Decimal{}, fmt.Errorf("%q: %w", s, ErrRange)
	}
	var n int64
	for _, c := range ip {
		n = n*10 + int64(c-'0')
	}
	if n > maxInt {
		return Decimal{}, fmt.Errorf("%q: %w", s, ErrRange)
	}
	fp = (fp + "0000")[:Places]
	f, _ := strconv.ParseInt(fp, 10, 64)
	v := n*scale + f
	if neg {
		v = -v
	}
	return Decimal{v}, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FromInt returns the Decimal equal to n.
func FromInt(n int64) Decimal { return Decimal{n * scale} }

// FromUnits returns the Decimal whose Units are n.
func FromUnits(n int64) Decimal { return Decimal{n} }

// FromFloat converts a float64 that was read from a TOML file (28.86) into
// the decimal it was written as, using the shortest representation that
// round-trips. It never does arithmetic on the float.
func FromFloat(f float64) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, fmt.Errorf("%v: %w", f, ErrSyntax)
	}
	return Parse(strconv.FormatFloat(f, 'f', -1, 64))
}

// Add returns d+e.
func (d Decimal) Add(e Decimal) Decimal { return Decimal{d.v + e.v} }

// Sub returns d-e.
func (d Decimal) Sub(e Decimal) Decimal { return Decimal{d.v - e.v} }

// Div returns d/n rounded half away from zero to four decimals, the
// precision of a Decimal. It panics when n is 0, as integer division does.
func (d Decimal) Div(n int64) Decimal { return d.DivRound(n, Places) }

// DivRound returns d/n rounded half away from zero to places decimals
// (0 ≤ places ≤ 4), rounding once: an average of scores shown with two
// decimals is the exact quotient rounded, never a rounded quotient rounded
// again. It panics when n is 0.
func (d Decimal) DivRound(n int64, places int) Decimal {
	places = min(max(places, 0), Places)
	if n == 0 {
		panic("decimal: division by zero")
	}
	// Work on magnitudes as uint64, which holds |n| even for the smallest int64.
	a, un := abs(d.v), abs(n)
	neg := (d.v < 0) != (n < 0)
	// a/n = q + r/n in ten-thousandths; the result is q/unit rounded, unit
	// being the ten-thousandths in one unit of the last place kept.
	q, r := a/un, a%un
	unit := uint64(1)
	for range Places - places {
		unit *= 10
	}
	whole, part := q/unit, q%unit
	// Round up when part + r/n ≥ unit/2. As r/n < 1, that is part ≥ unit/2,
	// or, for an odd unit (unit = 1), part = (unit-1)/2 with r/n ≥ 1/2.
	if 2*part >= unit || 2*part+1 == unit && r >= un-r {
		whole++
	}
	v := int64(whole * unit)
	if neg {
		v = -v
	}
	return Decimal{v}
}

func abs(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// Cmp compares d and e: -1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int {
	switch {
	case d.v < e.v:
		return -1
	case d.v > e.v:
		return 1
	}
	return 0
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.v == 0 }

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int { return d.Cmp(Decimal{}) }

// String formats d with as few decimals as it needs: "28.86", "0", "12.0001".
func (d Decimal) String() string {
	s := d.fixed(Places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Fixed formats d rounded half away from zero to n decimals (0 ≤ n ≤ 4):
// Fixed(2) of 0.125 is "0.13".
func (d Decimal) Fixed(n int) string {
	if n < 0 {
		n = 0
	}
	if n > Places {
		n = Places
	}
	unit := int64(1)
	for i := n; i < Places; i++ {
		unit *= 10
	}
	v := d.v
	if unit > 1 {
		half := unit / 2
		if v >= 0 {
			v = (v + half) / unit * unit
		} else {
			v = -((-v + half) / unit * unit)
		}
	}
	return Decimal{v}.fixed(n)
}

func (d Decimal) fixed(n int) string {
	v := d.v
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	ip, fp := v/scale, v%scale
	if n == 0 {
		return sign + strconv.FormatInt(ip, 10)
	}
	f := fmt.Sprintf("%04d", fp)[:n]
	return sign + strconv.FormatInt(ip, 10) + "." + f
}

// Grouped formats d like Fixed but groups the integer part in thousands:
// "12,345.60".
func (d Decimal) Grouped(n int) string {
	s := d.Fixed(n)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	ip, fp, dot := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if dot {
		b.WriteString("." + fp)
	}
	return sign + b.String()
}

// Float returns an approximation of d for drawing charts. Never add the
// results: sum Decimals instead.
func (d Decimal) Float() float64 { return float64(d.v) / scale }

// Units returns d in ten-thousandths, for stable machine formats.
func (d Decimal) Units() int64 { return d.v }

// MarshalText implements encoding.TextMarshaler as String.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler as Parse.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
