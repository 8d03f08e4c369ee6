package domain

import "time"

// ConsentBy says who agreed to the plan keeping a person's data.
type ConsentBy string

// Who may consent: the person herself, her guardian (for a child), or a
// staff member who read the consent text aloud to her and recorded her
// yes (the staff member's id is kept with it).
const (
	ConsentByResident ConsentBy = "resident"
	ConsentByGuardian ConsentBy = "guardian"
	ConsentByStaff    ConsentBy = "staff"
)

// Consent is the record of one person's consent: which version of the
// consent text, in which language, who said yes, and when.
type Consent struct {
	Version string
	Lang    string
	By      ConsentBy
	StaffID int64 // for ConsentByStaff: who recorded it
	At      time.Time
}

// Consent is the sign-up's consent record. A sign-up staff filled in was
// consented to aloud, in the language the text was read in; one with the
// guardian's box ticked, by the guardian; any other, by the resident.
func (s Signup) Consent() Consent {
	c := Consent{Version: s.ConsentVersion, Lang: s.ConsentLang, By: s.ConsentBy, At: s.ConsentedAt}
	if c.By == "" {
		c.Lang, c.By = s.Lang, ConsentByResident
		switch {
		case s.AssistedBy != 0:
			c.By, c.Lang = ConsentByStaff, s.ConsentReadIn
		case s.Answers[KeyGuardianConsent] == true:
			c.By = ConsentByGuardian
		}
	}
	if c.By == ConsentByStaff {
		c.StaffID = s.AssistedBy
	}
	return c
}

// MinorAgeGroup reports whether a referral's age group is under 18, so
// a guardian's consent is what the partner recorded.
func MinorAgeGroup(g string) bool { return g == "0-5" || g == "6-12" || g == "13-17" }

// ConsentMessage is one consent text in locales/ and the version its
// wording belongs to.
type ConsentMessage struct {
	ID       string // message id, e.g. consent.signup.text
	Version  string
	Langs    []string // nil: every language residents read
	Referral bool     // agreed to in a referral, not a sign-up
}

// ConsentMessages are the consent texts people agree to: on the sign-up
// form (the resident's and the guardian's), and the box a partner ticks in
// Slack. The service records each one's wording per version and language
// when it starts, and refuses to start when a wording changed under an
// unchanged version.
func ConsentMessages() []ConsentMessage {
	return []ConsentMessage{
		{ID: "consent.signup.text", Version: ConsentVersion},
		{ID: "field.consent.label", Version: ConsentVersion},
		{ID: "consent.guardian.text", Version: ConsentVersion},
		{ID: "field.guardian_consent.label", Version: ConsentVersion},
		{ID: "slack.field.consent.option", Version: ReferralConsentVersion, Langs: []string{"da", "en"}, Referral: true},
	}
}

// ConsentMessageIDs are the ids of the consent texts of a referral, or
// of a sign-up.
func ConsentMessageIDs(referral bool) []string {
	var out []string
	for _, m := range ConsentMessages() {
		if m.Referral == referral {
			out = append(out, m.ID)
		}
	}
	return out
}
