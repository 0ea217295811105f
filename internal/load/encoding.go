package load

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding names what a file that is not UTF-8 most likely is.
type Encoding string

const (
	UTF8    Encoding = "UTF-8"
	UTF16   Encoding = "UTF-16"
	GBK     Encoding = "GBK"
	Binary  Encoding = "binary"
	Unknown Encoding = "unknown"
)

// Sniff tells what encoding data is in, and for anything but UTF-8 the
// 1-based line of the first byte that is not UTF-8.
func Sniff(data []byte) (Encoding, int) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return UTF16, 1
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		if looksUTF16(data) {
			return UTF16, 1
		}
		return Binary, 1 + bytes.Count(data[:i], []byte("\n"))
	}
	if utf8.Valid(data) {
		return UTF8, 0
	}
	bad := 0
	for bad < len(data) {
		r, n := utf8.DecodeRune(data[bad:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		bad += n
	}
	line := 1 + bytes.Count(data[:bad], []byte("\n"))
	if decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil && mostlyText(decoded) {
		return GBK, line
	}
	if mostlyText(data) {
		return Unknown, line
	}
	return Binary, line
}

// looksUTF16 reports whether every other byte of an ASCII-heavy text is 0.
func looksUTF16(data []byte) bool {
	if len(data) < 4 {
		return false
	}
	zeros := 0
	for i := 1; i < len(data); i += 2 {
		if data[i] == 0 {
			zeros++
		}
	}
	return zeros*3 > len(data)/2
}

// mostlyText reports whether b decodes as UTF-8 to printable text: a file
// of Chinese in GBK decodes this way; random bytes do not.
func mostlyText(b []byte) bool {
	good, total := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		total++
		if r != utf8.RuneError && (unicode.IsPrint(r) || unicode.IsSpace(r)) {
			good++
		}
	}
	return total > 0 && good*100 >= total*97
}

// ToUTF8 converts GBK (GB18030) text to UTF-8.
func ToUTF8(data []byte, enc Encoding) ([]byte, error) {
	if enc != GBK {
		return data, nil
	}
	return simplifiedchinese.GB18030.NewDecoder().Bytes(data)
}
