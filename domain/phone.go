package domain

import (
	"errors"
	"strings"
)

// ErrPhone means the text is not a phone number we can reach.
var ErrPhone = errors.New("not a valid phone number")

// NormalisePhone turns what a resident typed into E.164 (+4512345678).
// Danish numbers may come with or without +45/0045 and with spaces;
// foreign numbers must carry their country code (+CC or 00CC).
func NormalisePhone(s string) (string, error) {
	s = NormaliseDigits(strings.TrimSpace(s))
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", ErrPhone
		}
	}
	n := b.String()
	if strings.HasPrefix(n, "00") {
		n = "+" + n[2:]
	}
	if !strings.HasPrefix(n, "+") {
		// A bare number is Danish: eight digits, never starting with 0 or 1.
		if len(n) == 8 && n[0] >= '2' {
			return "+45" + n, nil
		}
		return "", ErrPhone
	}
	digits := n[1:]
	if strings.HasPrefix(digits, "45") {
		if len(digits) == 10 && digits[2] >= '2' {
			return n, nil
		}
		return "", ErrPhone
	}
	// E.164: a country code not starting with 0, at most 15 digits in all.
	if len(digits) < 8 || len(digits) > 15 || digits[0] == '0' {
		return "", ErrPhone
	}
	return n, nil
}
