package domain

import (
	"slices"
	"testing"
)

// TestPrivacyNoticeListsEveryCommonField: a field added to the forms is a
// field the notice must name, so this fails until it is listed.
func TestPrivacyNoticeListsEveryCommonField(t *testing.T) {
	listed := PrivacyFieldKeys()
	for key, f := range commonFields() {
		if f.Type == FieldConsent {
			continue // recorded as the consent itself
		}
		if !slices.Contains(listed, key) {
			t.Errorf("common field %q is not in PrivacyFieldKeys", key)
		}
	}
	if !slices.Contains(listed, KeyEmail) {
		t.Error("e-mail is not listed")
	}
}

func TestPrivacyFactsNeedAContact(t *testing.T) {
	ok := PrivacyFacts{Controller: "Planen", Contact: "kontakt@example.dk", RetentionDays: 365}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]PrivacyFacts{
		"no contact":    {Controller: "Planen", RetentionDays: 365},
		"no controller": {Contact: "kontakt@example.dk", RetentionDays: 365},
		"over a year":   {Controller: "Planen", Contact: "kontakt@example.dk", RetentionDays: 366},
	} {
		if f.Check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
