package sms

import "github.com/nyaruka/phonenumbers"

// Mobile reports whether an E.164 number (as domain.NormalisePhone makes
// them) can take an SMS: a mobile number, or one of the countries (such as
// Denmark) whose fixed and mobile numbers share one range. Toll-free,
// premium-rate and other service numbers are not.
func Mobile(e164 string) bool {
	n, err := phonenumbers.Parse(e164, "DK")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return false
	}
	switch phonenumbers.GetNumberType(n) {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
		return true
	}
	return false
}
