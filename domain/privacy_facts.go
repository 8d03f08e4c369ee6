package domain

import (
	"errors"
	"fmt"
)

// PrivacyFacts are what the privacy notice and the consent text both
// state about personal data. Both are rendered from one value, through
// Statements, so the notice cannot promise one thing and the consent box
// another.
type PrivacyFacts struct {
	Controller    string // the data controller
	Contact       string // where to ask about one's data: e-mail or phone
	RetentionDays int    // days after an activity ends that its data is kept
}

// ProcessorSlack is the processor partners refer residents through: the
// referral form is a Slack modal, so the first name, number and note a
// partner types pass through Slack.
const ProcessorSlack = "Slack"

// PrivacyFieldKeys are the common fields a sign-up form can ask for, in
// the order the notice lists them. Every common field but the consent
// boxes is here (a test holds that); each is named by the message
// privacy.field.<key>. An activity's own questions are named as such.
func PrivacyFieldKeys() []string {
	return []string{KeyName, KeyPhone, KeyEmail, KeyDepartment, KeyAge, KeyBirthYear, KeyGuardianName, KeyGuardianPhone}
}

// Check refuses facts the notice could not state: no controller, no
// contact, or a retention beyond the year the consent text promises.
func (f PrivacyFacts) Check() error {
	var errs []error
	if f.Controller == "" {
		errs = append(errs, errors.New("the privacy notice needs a data controller (TILMELD_PRIVACY_CONTROLLER or the plan's name)"))
	}
	if f.Contact == "" {
		errs = append(errs, errors.New("the privacy notice needs a contact (TILMELD_PRIVACY_CONTACT or the plan's contact)"))
	}
	if !ValidRetention(f.RetentionDays) {
		errs = append(errs, fmt.Errorf("retention of %d days: it must be from 1 to %d", f.RetentionDays, MaxRetentionDays))
	}
	return errors.Join(errs...)
}

// PrivacyStatement is one fact as a message id and the values it names.
// Fields, the list of field names, is filled in by whoever renders it,
// in the reader's language.
type PrivacyStatement struct {
	ID   string
	Data map[string]any
}

// Statements are the facts in the order both texts state them: what the
// forms ask for, the legal basis, the processor and transfer, how long,
// and whom to ask.
func (f PrivacyFacts) Statements() []PrivacyStatement {
	return []PrivacyStatement{
		{ID: "privacy.fact.fields"},
		{ID: "privacy.fact.basis"},
		{ID: "privacy.fact.slack", Data: map[string]any{"Processor": ProcessorSlack}},
		{ID: "privacy.fact.retention", Data: map[string]any{"Days": f.RetentionDays, "Count": f.RetentionDays}},
		{ID: "privacy.fact.contact", Data: map[string]any{"Controller": f.Controller, "Contact": f.Contact}},
	}
}
