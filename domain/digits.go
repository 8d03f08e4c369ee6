package domain

import "strings"

// NormaliseDigits turns Arabic-Indic (٠-٩) and Persian (۰-۹) digits, and
// full-width digits, into ASCII 0-9, so residents can type numbers with
// the keyboard their phone has.
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
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
