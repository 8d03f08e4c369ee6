package ui

import (
	"strings"
	"unicode/utf8"
)

// IdemField carries the form's idempotency token: one rendered form makes
// at most one sign-up, however often it is submitted.
const IdemField = "_idem"

// ValidToken accepts tokens of the shape domain.NewToken makes.
func ValidToken(t string) bool {
	if len(t) < 20 || len(t) > 64 || !utf8.ValidString(t) {
		return false
	}
	return strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}
