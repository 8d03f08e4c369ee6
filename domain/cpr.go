package domain

import "regexp"

// cprPattern matches a CPR-shaped number: ddmmyy, an optional dash or
// space, then four digits, not inside a longer run of digits.
var cprPattern = regexp.MustCompile(`(^|[^0-9])(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}[- ]?[0-9]{4}([^0-9]|$)`)

// LooksLikeCPR reports whether free text contains something shaped like a
// Danish CPR number. We never store those: the plan must not hold them.
func LooksLikeCPR(s string) bool {
	return cprPattern.MatchString(NormaliseDigits(s))
}
