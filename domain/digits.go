package domain

import "strings"

// NormaliseDigits turns Arabic-Indic (٠-٩), Persian (۰-۹) and full-width
// (０-９) digits into ASCII 0-9, so residents can type numbers with the
// keyboard their phone has. It also drops the invisible direction marks
// that right-to-left keyboards type and that phone numbers copied from a
// chat app carry (WhatsApp wraps them in U+202A…U+202C): they are never
// part of a number, and left in they would make "٢٢ ٣٣ ٤٤ ٥٥" unreadable.
// Every numeric answer (numbers, birth years, phones, dates) passes here.
func NormaliseDigits(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '٠' && r <= '٩':
			r = '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			r = '0' + (r - '۰')
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case isDirectionMark(r):
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isDirectionMark reports the Unicode bidirectional formatting characters:
// LRM, RLM, ALM, the embeddings and overrides, and the isolates.
func isDirectionMark(r rune) bool {
	return r == '\u200e' || r == '\u200f' || r == '\u061c' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
