package domain

import (
	"strings"
	"time"
)

// Keys of the referral form's fields. A FieldError from ValidateReferral
// names one of them, so an adapter can put the message on the right input.
const (
	RefTarget     = "target"
	RefFirstName  = "first_name"
	RefPhone      = "phone"
	RefDepartment = "department"
	RefAgeGroup   = "age_group"
	RefLanguage   = "language"
	RefContact    = "contact"
	RefConsent    = "consent"
	RefNote       = "note"
	RefReason     = "reason"
)

// Limits of the referral's free text: a first name, and a note short
// enough that nobody writes a case history into it.
const (
	ReferralNameMax   = 50
	ReferralNoteMax   = 500
	ReferralReasonMax = 300
)

// How staff should make contact with the resident.
const (
	ContactCall        = "call"
	ContactSMS         = "sms"
	ContactViaReferrer = "via_referrer" // through the partner who referred
)

// ContactMethods lists the ways to make contact, in the order offered.
func ContactMethods() []string { return []string{ContactCall, ContactSMS, ContactViaReferrer} }

// AgeGroups are the groups a referral records instead of an exact age:
// enough to count by age group, and all a partner needs to tell.
func AgeGroups() []string { return []string{"0-5", "6-12", "13-17", "18-24", "25-64", "65-plus"} }

// ReferralLanguages are the languages a resident may prefer to be
// contacted in: Danish, English and the plan's largest language groups.
func ReferralLanguages() []string {
	return []string{"da", "en", "ar", "so", "tr", "ur", "fa", "ku", "pl", "other"}
}

// ReferralInput is the referral form as the partner filled it in.
type ReferralInput struct {
	Target     string
	FirstName  string
	Phone      string
	Department string
	AgeGroup   string
	Language   string
	Contact    string
	Consent    bool
	Note       string
}

// ValidateReferral checks a referral form and returns the referral it
// describes (status sent, consent given now), or one error per field in
// form order. The phone number may be left out only when contact goes
// through the referrer. Whether an activity target exists is for the store
// to say.
func ValidateReferral(p *Plan, in ReferralInput, now time.Time) (Referral, []FieldError) {
	var errs []FieldError
	target, ok := ParseTarget(p, in.Target)
	if !ok {
		code := ErrCodeChoice
		if strings.TrimSpace(in.Target) == "" {
			code = ErrCodeRequired
		}
		errs = append(errs, FieldError{Field: RefTarget, Code: code})
	}
	ans, ferrs := referralForm(p, in.Contact != ContactViaReferrer).Validate(in.values(), now)
	errs = append(errs, ferrs...)
	if len(errs) > 0 {
		return Referral{}, errs
	}
	return Referral{
		Target: target, FirstName: ans.String(RefFirstName), Phone: ans.String(RefPhone),
		Department: ans.String(RefDepartment), AgeGroup: ans.String(RefAgeGroup),
		Language: ans.String(RefLanguage), Contact: ans.String(RefContact), Note: ans.String(RefNote),
		ConsentVersion: ReferralConsentVersion, ConsentedAt: now, ConsentBy: referralConsentBy(ans.String(RefAgeGroup)),
		Status: ReferralSent, StatusAt: now, CreatedAt: now,
	}, nil
}

// referralConsentBy: for a child, the consent the partner ticks is the
// guardian's (the box says "the resident, or the parent").
func referralConsentBy(ageGroup string) ConsentBy {
	if MinorAgeGroup(ageGroup) {
		return ConsentByGuardian
	}
	return ConsentByResident
}

func (in ReferralInput) values() map[string][]string {
	v := map[string][]string{
		RefFirstName: {in.FirstName}, RefPhone: {in.Phone}, RefDepartment: {in.Department},
		RefAgeGroup: {in.AgeGroup}, RefLanguage: {in.Language}, RefContact: {in.Contact},
		RefNote: {in.Note},
	}
	if in.Consent {
		v[RefConsent] = []string{"yes"}
	}
	return v
}

// referralForm reuses the sign-up form's field rules (phone normalisation,
// the CPR refusal, lengths counted in characters) for the referral.
func referralForm(p *Plan, phoneRequired bool) Form {
	dept, _ := p.CommonField(KeyDepartment)
	dept.Key = RefDepartment
	return Form{Fields: []Field{
		{Key: RefFirstName, Type: FieldText, Required: true, MaxLen: ReferralNameMax},
		{Key: RefPhone, Type: FieldPhone, Required: phoneRequired},
		dept,
		{Key: RefAgeGroup, Type: FieldChoice, Required: true, Options: options(AgeGroups())},
		{Key: RefLanguage, Type: FieldChoice, Required: true, Options: options(ReferralLanguages())},
		{Key: RefContact, Type: FieldChoice, Required: true, Options: options(ContactMethods())},
		{Key: RefConsent, Type: FieldConsent, Required: true},
		{Key: RefNote, Type: FieldText, MaxLen: ReferralNoteMax},
	}}
}

func options(values []string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v}
	}
	return out
}

// ValidateReason checks the reason staff give for declining: required,
// short, and never a CPR number or a phone number.
func ValidateReason(s string) (string, *FieldError) {
	f := Field{Key: RefReason, Type: FieldText, Required: true, MaxLen: ReferralReasonMax}
	v, fe := f.validate([]string{s}, time.Time{})
	if fe != nil {
		fe.Field = RefReason
		return "", fe
	}
	if LooksLikePhone(v.(string)) {
		return "", &FieldError{Field: RefReason, Code: ErrCodeReasonPhone}
	}
	return v.(string), nil
}

// ErrCodeReasonPhone is the field error for a phone number in a reason.
const ErrCodeReasonPhone = "error.reason.phone"
