package decimal

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"28.86", "28.86", nil},
		{"0", "0", nil},
		{"0.02", "0.02", nil},
		{"12.0100", "12.01", nil},
		{"-3", "-3", nil},
		{"+0.0001", "0.0001", nil},
		{".5", "0.5", nil},
		{"5.", "5", nil},
		{"007", "7", nil},
		{"1.00000", "1", nil},
		{"0.00001", "", ErrPrecision},
		{"12.34567", "", ErrPrecision},
		{"", "", ErrSyntax},
		{".", "", ErrSyntax},
		{"-", "", ErrSyntax},
		{"1e3", "", ErrSyntax},
		{"12. 01", "", ErrSyntax},
		{"28.86万", "", ErrSyntax},
		{"1,000", "", ErrSyntax},
		{"99999999999999", "", ErrRange},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && got.String() != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSumIsExact(t *testing.T) {
	// 0.1 + 0.2 is the classic float failure; a thousand cents must sum to 10.
	var sum Decimal
	cent := must(t, "0.01")
	for range 1000 {
		sum = sum.Add(cent)
	}
	if sum.Cmp(FromInt(10)) != 0 {
		t.Fatalf("1000 × 0.01 = %s, want 10", sum)
	}
	if got := must(t, "0.1").Add(must(t, "0.2")); got.String() != "0.3" {
		t.Fatalf("0.1 + 0.2 = %s", got)
	}
	seed := []string{"0.02", "28.86", "21.33", "12.01"}
	var total Decimal
	for _, s := range seed {
		total = total.Add(must(t, s))
	}
	if total.String() != "62.22" {
		t.Fatalf("seed total = %s, want 62.22", total)
	}
}

func TestFromFloat(t *testing.T) {
	for f, want := range map[float64]string{28.86: "28.86", 0.1: "0.1", 12.01: "12.01", 100: "100", 1e-4: "0.0001"} {
		got, err := FromFloat(f)
		if err != nil || got.String() != want {
			t.Errorf("FromFloat(%v) = %s, %v; want %s", f, got, err, want)
		}
	}
	if _, err := FromFloat(0.123456); !errors.Is(err, ErrPrecision) {
		t.Errorf("FromFloat(0.123456) error = %v, want ErrPrecision", err)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		in            string
		fixed, groupd string
	}{
		{"0.125", "0.13", "0.13"},
		{"0.1249", "0.12", "0.12"},
		{"-0.125", "-0.13", "-0.13"},
		{"1234567.5", "1234567.50", "1,234,567.50"},
		{"0", "0.00", "0.00"},
		{"999.995", "1000.00", "1,000.00"},
	}
	for _, tt := range tests {
		d := must(t, tt.in)
		if got := d.Fixed(2); got != tt.fixed {
			t.Errorf("Fixed(2) of %s = %s, want %s", tt.in, got, tt.fixed)
		}
		if got := d.Grouped(2); got != tt.groupd {
			t.Errorf("Grouped(2) of %s = %s, want %s", tt.in, got, tt.groupd)
		}
	}
}

func TestDiv(t *testing.T) {
	tests := []struct {
		in     string
		n      int64
		places int
		want   string
	}{
		{"191", 2, 2, "95.5"},        // an average of 95.5 and 95.5
		{"100", 3, 2, "33.33"},       // 33.333…
		{"200", 3, 2, "66.67"},       // 66.666…
		{"100", 3, 4, "33.3333"},     //
		{"0.0001", 2, 4, "0.0001"},   // 0.00005: half, away from zero
		{"-0.0001", 2, 4, "-0.0001"}, //
		{"0.0001", 3, 4, "0"},        // 0.0000333…
		{"0.0005", 4, 4, "0.0001"},   // 0.000125
		{"0.4999", 4, 2, "0.12"},     // 0.124975: once, not 0.1250 → 0.13
		{"0.5", 4, 2, "0.13"},        // 0.125
		{"-0.5", 4, 2, "-0.13"},      //
		{"0.5", -4, 2, "-0.13"},      //
		{"1", 3, 0, "0"},             //
		{"2", 3, 0, "1"},             //
		{"285.5", 3, 2, "95.17"},     // 95.1666…
		{"0", 7, 2, "0"},             //
		{"1000000000000", 1, 4, "1000000000000"},
	}
	for _, tt := range tests {
		got := must(t, tt.in).DivRound(tt.n, tt.places)
		if got.String() != tt.want {
			t.Errorf("%s / %d to %d places = %s, want %s", tt.in, tt.n, tt.places, got, tt.want)
		}
	}
	if got := must(t, "100").Div(3); got.String() != "33.3333" {
		t.Errorf("Div(3) of 100 = %s, want 33.3333", got)
	}
	if got := must(t, "1").Div(math.MinInt64); !got.IsZero() {
		t.Errorf("1 / MinInt64 = %s, want 0", got)
	}
}

// TestDivAgainstRationals compares DivRound with the same division done on
// exact rationals and rounded half away from zero.
func TestDivAgainstRationals(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		v := r.Int64N(2_000_000_000) - 1_000_000_000
		if r.IntN(4) == 0 {
			v = r.Int64N(200) - 100
		}
		n := r.Int64N(50) + 1
		if r.IntN(2) == 0 {
			n = -n
		}
		places := r.IntN(Places + 1)
		got := Decimal{v}.DivRound(n, places)

		// v/(n·10⁴) rounded to places decimals, in units of 10⁻⁴.
		q := new(big.Rat).SetFrac(big.NewInt(v), big.NewInt(n))
		step := new(big.Rat).SetInt64(int64(math.Pow10(Places - places)))
		q.Quo(q, step) // in units of the last place kept
		neg := q.Sign() < 0
		q.Abs(q)
		q.Add(q, big.NewRat(1, 2))
		whole := new(big.Int).Quo(q.Num(), q.Denom()) // floor(|q| + ½)
		want := whole.Int64() * int64(math.Pow10(Places-places))
		if neg {
			want = -want
		}
		if got.v != want {
			t.Fatalf("%d/%d to %d places = %d ten-thousandths, want %d", v, n, places, got.v, want)
		}
	}
}

func must(t *testing.T, s string) Decimal {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"28.86", "0", "-0.0001", ".5", "1e3", "99999999999999", "12.34567", "+", "０.５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		// What parses prints back as a number that parses to the same value.
		e, err := Parse(d.String())
		if err != nil || e != d {
			t.Fatalf("Parse(%q) = %s, which reparses as %s, %v", s, d, e, err)
		}
		if sum := d.Add(d).Sub(d); sum != d {
			t.Fatalf("%s + %s - %s = %s", d, d, d, sum)
		}
	})
}
