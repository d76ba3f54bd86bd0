// Package prose holds the text helpers the extraction packages share: white space, names, words, truncation.
package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"
)

// CollapseSpace trims s and folds every run of white space into one space.
// It splits where strings.Fields does, and returns s itself when there is
// nothing to fold (the common case: no allocation).
func CollapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	word := -1
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		switch {
		case !space && word < 0:
			word = i
		case space && word >= 0:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[word:i])
			word = -1
		}
		i += size
	}
	if word >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[word:])
	}
	return b.String()
}

// isCollapsed reports whether s has no white space but single ASCII spaces
// between words.
func isCollapsed(s string) bool {
	prevSpace := true // a space first would be leading
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		if space && (prevSpace || s[i] != ' ') {
			return false
		}
		prevSpace = space
		i += size
	}
	return !prevSpace || s == ""
}

// spaceAt reports whether the character at s[i] is white space as
// strings.Fields sees it (unicode.IsSpace), and its width.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v', 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), n
}

// NormName is the form names (a company, a site, a title) are compared
// in: lower-case letters and digits only, as data.CompanyKey gives them.
func NormName(s string) string { return data.CompanyKey(s) }

func FirstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut < n/2 {
		cut = n
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// ASCIILower lower-cases ASCII letters only, so byte offsets stay valid.
func ASCIILower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Words splits s into lower-case alphanumeric words.
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func IsLetterByte(b byte) bool { return (b >= 'a' && b <= 'z') || b >= 0x80 }
