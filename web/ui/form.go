package ui

import (
	"strings"
	"unicode/utf8"
)

// IdemField carries the form's idempotency token: one rendered form makes
// at most one sign-up, however often it is submitted.
const IdemField = "_idem"

// SMSField is the tick "send me SMS about this sign-up", on the forms
// while SMS is on. Like IdemField it starts with "_", which no form
// field's key may.
const SMSField = "_sms"

// NoSMS reports whether a form sent while SMS is on said no to SMS: an
// unticked box sends nothing. A form that did not ask (SMS off) did not
// say no.
func NoSMS(smsOn bool, form map[string][]string) bool {
	return smsOn && len(form[SMSField]) == 0
}

// SMSTicked reports whether the SMS tick shows ticked on a form: by
// default, and as she left it when the form comes back with errors.
func SMSTicked(form map[string][]string) bool {
	return form == nil || len(form[SMSField]) > 0
}

// ValidToken accepts tokens of the shape domain.NewToken makes.
func ValidToken(t string) bool {
	if len(t) < 20 || len(t) > 64 || !utf8.ValidString(t) {
		return false
	}
	return strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}
