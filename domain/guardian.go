package domain

import (
	"slices"
	"time"
)

// DefaultGuardianAge is the age below which a guardian must consent when
// an activity sets no limit of its own: the age of majority.
const DefaultGuardianAge = 18

// guardianKeys are the common fields a guardian fills in.
var guardianKeys = []string{KeyGuardianName, KeyGuardianPhone, KeyGuardianConsent}

// GuardianAge is the age below which this activity needs a guardian's
// consent.
func (a Activity) GuardianAge() int {
	if a.GuardianBelowAge != nil {
		return *a.GuardianBelowAge
	}
	return DefaultGuardianAge
}

// isGuardianField reports the form's guardian fields (name, phone, consent).
func isGuardianField(fd Field) bool {
	return slices.Contains(guardianKeys, fd.Use) || slices.Contains(guardianKeys, fd.Key)
}

// needsGuardian says whether the answers show a person under the
// activity's guardian age (yes), over it (no), or give no age (unknown:
// the form's own required marks decide). A birth year gives the age only
// to within a year, so it counts as the younger of the two.
func (a Activity) needsGuardian(ans Answers, now time.Time) (need, known bool) {
	age, ok := AgeOf(ans, now)
	if !ok {
		return false, false
	}
	if _, exact := ans.Int(KeyAge); !exact {
		age--
	}
	return age < a.GuardianAge(), true
}

// ValidateSignup checks a sign-up form for plan p: the fields (the
// department found from a street and house number when one was given),
// the activity's age range, and the guardian's part. When the answers show a child under the
// activity's guardian age, the guardian's name, phone and consent are
// required, whatever the form marks; when they show someone older, the
// guardian fields are not needed and what was typed in them is dropped,
// so nothing is kept that the sign-up does not need.
func (a Activity) ValidateSignup(p *Plan, in map[string][]string, now time.Time) (Answers, []FieldError) {
	form := p.Form(a.Form)
	in, addrErrs := p.withDepartmentFromAddress(form, in)
	ans, errs := form.Validate(in, now)
	errs = append(addrErrs, slices.DeleteFunc(errs, func(e FieldError) bool {
		return slices.ContainsFunc(addrErrs, func(x FieldError) bool { return x.Field == e.Field })
	})...)
	errs = append(errs, a.CheckAge(ans, now)...)
	need, known := a.needsGuardian(ans, now)
	if !known {
		return ans, errs
	}
	for _, fd := range a.Form.Fields {
		if !isGuardianField(fd) {
			continue
		}
		if !need {
			delete(ans, fd.Key)
			errs = slices.DeleteFunc(errs, func(e FieldError) bool { return e.Field == fd.Key })
			continue
		}
		if v, ok := ans[fd.Key]; (!ok || v == false) && !hasError(errs, fd.Key) {
			code := ErrCodeRequired
			if fd.Type == FieldConsent {
				code = ErrCodeConsent
			}
			errs = append(errs, FieldError{Field: fd.Key, Code: code})
		}
	}
	return ans, errs
}

func hasError(errs []FieldError, field string) bool {
	return slices.ContainsFunc(errs, func(e FieldError) bool { return e.Field == field })
}

// walkInForm is what staff ask someone who turns up at a session without
// a place: her name and phone, and her consent once it has been read aloud.
func walkInForm() Form {
	var f Form
	for _, k := range []string{KeyName, KeyPhone, KeyConsent} {
		fd, _ := CommonField(k)
		f.Fields = append(f.Fields, fd)
	}
	return f
}

// ValidateWalkIn checks a walk-in added from the roll call. Only name,
// phone and the consent read aloud are asked at the door; the activity's
// other questions (department, age, …) are left unanswered, so neither
// the age range nor the guardian rule can be checked for her.
func ValidateWalkIn(in map[string][]string, now time.Time) (Answers, []FieldError) {
	return walkInForm().Validate(in, now)
}
