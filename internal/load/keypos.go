package load

import (
	"strconv"
	"strings"

	"jixiao/internal/diag"
)

// keyPositions finds the line and column of every key in a TOML document,
// by key path: "name", "funds.total", "indicators.0.target". BurntSushi/toml
// reports positions only for syntax errors; checks need them for every key.
// The scan is deliberately simple — tables, arrays of tables, dotted keys,
// multi-line strings and arrays — and only runs on documents that parsed.
// line0 is added to every line number (the front matter's offset in its
// file); in gives the key paths memory of their own.
func keyPositions(src string, line0 int, in interner) map[string]diag.Pos {
	pos := make(map[string]diag.Pos)
	arrays := make(map[string]int) // array-of-tables path → count so far
	prefix := ""
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimLeft(line, " \t")
		col := len(line) - len(trim) + 1
		at := diag.Pos{Line: line0 + i + 1, Col: col}
		switch {
		case trim == "" || trim[0] == '#':
			continue
		case strings.HasPrefix(trim, "[["):
			name := tableName(trim[2:], "]]")
			n := arrays[name]
			arrays[name] = n + 1
			prefix = name + "." + strconv.Itoa(n)
			if _, ok := pos[name]; !ok {
				pos[in.own(name)] = at
			}
			pos[in.own(prefix)] = at
			continue
		case trim[0] == '[':
			prefix = tableName(trim[1:], "]")
			pos[in.own(prefix)] = at
			continue
		}
		key, rest, ok := splitKey(trim)
		if !ok {
			continue
		}
		full := key
		if prefix != "" {
			full = prefix + "." + key
		}
		if _, seen := pos[full]; !seen {
			pos[in.own(full)] = at // key paths repeat from file to file
		}
		i += continuation(rest, lines[i+1:])
	}
	return pos
}

func tableName(s, close string) string {
	name, _, _ := strings.Cut(s, close)
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = unquote(strings.TrimSpace(p))
	}
	return strings.Join(parts, ".")
}

// splitKey splits `a.b = value` into "a.b" and "value".
func splitKey(s string) (key, rest string, ok bool) {
	var parts []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return "", "", false
		}
		var part string
		if s[0] == '"' || s[0] == '\'' {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return "", "", false
			}
			part, s = s[1:end+1], s[end+2:]
		} else {
			n := 0
			for n < len(s) && (isBare(s[n])) {
				n++
			}
			if n == 0 {
				return "", "", false
			}
			part, s = s[:n], s[n:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return "", "", false
		}
		switch s[0] {
		case '.':
			s = s[1:]
		case '=':
			return strings.Join(parts, "."), strings.TrimSpace(s[1:]), true
		default:
			return "", "", false
		}
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// continuation returns how many of the following lines belong to a value
// that starts with rest: the body of a multi-line string or array.
func continuation(rest string, next []string) int {
	for _, delim := range []string{`"""`, `'''`} {
		if strings.HasPrefix(rest, delim) {
			if strings.Contains(rest[3:], delim) {
				return 0
			}
			for j, l := range next {
				if strings.Contains(l, delim) {
					return j + 1
				}
			}
			return len(next)
		}
	}
	if strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "{") {
		depth := bracketDepth(rest)
		for j := 0; depth > 0 && j < len(next); j++ {
			depth += bracketDepth(next[j])
			if depth <= 0 {
				return j + 1
			}
		}
	}
	return 0
}

// bracketDepth counts opening minus closing brackets outside strings.
func bracketDepth(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return d
		case c == '[' || c == '{':
			d++
		case c == ']' || c == '}':
			d--
		}
	}
	return d
}
