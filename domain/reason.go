package domain

import (
	"errors"
	"fmt"
	"regexp"
)

// A reason staff write is kept sealed, erased with the person, and never
// passed on; still, a CPR number or a phone number has no place in it, as
// either names someone outright. Both are refused, and staff are asked to
// write it again without.

// phoneRun is a run of digits as phone numbers are written: an optional
// + or 00, then digits in groups split by single spaces, dashes, dots or
// parentheses.
var phoneRun = regexp.MustCompile(`\+?[0-9(][0-9()]*(?:[ .\-]?[0-9()]+)*`)

// dateLike is a date written with separators (12.03.2026, 1-2-2026),
// which has as many digits as a phone number but names no one.
var dateLike = regexp.MustCompile(`(0?[1-9]|[12][0-9]|3[01])[./-](0?[1-9]|1[0-2])[./-](19|20)[0-9]{2}`)

// phoneDigits is the fewest digits counted as a phone number: Danish
// numbers have eight.
const phoneDigits = 8

// LooksLikePhone reports whether free text holds something shaped like a
// phone number: eight or more digits in one run, however grouped, that is
// not a date.
func LooksLikePhone(s string) bool {
	s = dateLike.ReplaceAllString(NormaliseDigits(s), "|")
	for _, run := range phoneRun.FindAllString(s, -1) {
		n := 0
		for _, r := range run {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		if n >= phoneDigits {
			return true
		}
	}
	return false
}

// ErrReasonPhone: a reason may not hold a phone number. It is also an
// ErrReasonCPR, so callers that explain the one explain the other too.
var ErrReasonPhone = fmt.Errorf("%w (nor a phone number)", ErrReasonCPR)

// checkReason refuses a reason that names someone by number.
func checkReason(reason string) error {
	switch {
	case LooksLikeCPR(reason):
		return ErrReasonCPR
	case LooksLikePhone(reason):
		return ErrReasonPhone
	}
	return nil
}

// DeclineCategory is what a partner is told about why a referral was
// declined: one of a few fixed answers, never the reason staff wrote.
type DeclineCategory string

// The decline categories.
const (
	DeclineNoPlaces   DeclineCategory = "no_places"
	DeclineNotForThem DeclineCategory = "not_for_them"
	DeclineElsewhere  DeclineCategory = "elsewhere"
	DeclineNotWanted  DeclineCategory = "not_wanted"
	DeclineOther      DeclineCategory = "other"
)

// DeclineCategories lists them in the order staff pick from them.
func DeclineCategories() []DeclineCategory {
	return []DeclineCategory{DeclineNoPlaces, DeclineNotForThem, DeclineElsewhere, DeclineNotWanted, DeclineOther}
}

// Valid reports whether c is one of the categories.
func (c DeclineCategory) Valid() bool {
	for _, x := range DeclineCategories() {
		if c == x {
			return true
		}
	}
	return false
}

// ErrDeclineCategory: the decline category given is not one of them.
var ErrDeclineCategory = errors.New("referral: unknown decline category")
