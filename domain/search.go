package domain

import "strings"

// SignupSearch is what staff typed to find someone among an activity's
// sign-ups: part of a name, a reference, a phone number typed any way, or
// four or more of its digits. Names and phones are sealed in storage, so
// the search runs on the opened sign-ups, not in SQL.
type SignupSearch struct {
	text      string // lower case, trimmed
	reference string
	phone     string // E.164, when the text is a whole phone number
	digits    string // four or more digits, when the text is only digits
}

// NewSignupSearch reads a search; the empty search matches everyone.
func NewSignupSearch(query string) SignupSearch {
	q := strings.TrimSpace(query)
	s := SignupSearch{text: strings.ToLower(q), reference: CleanReference(q)}
	s.phone, _ = NormalisePhone(q)
	if nq := NormaliseDigits(q); strings.Trim(nq, "0123456789 +-") == "" {
		if d := strings.Map(keepDigit, nq); len(d) >= 4 {
			s.digits = d
		}
	}
	return s
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// Empty reports a search that matches everyone.
func (s SignupSearch) Empty() bool { return s.text == "" }

// Matches reports whether the sign-up is one the search finds.
func (s SignupSearch) Matches(su Signup) bool {
	switch {
	case s.Empty():
		return true
	case strings.Contains(strings.ToLower(su.Name), s.text), su.Reference == s.reference:
		return true
	case s.phone != "" && su.Phone == s.phone:
		return true
	}
	return s.digits != "" && strings.Contains(su.Phone, s.digits)
}
