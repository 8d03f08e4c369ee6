package domain

import (
	"errors"
	"testing"
)

func TestReasonsMayNotHoldAPhoneNumber(t *testing.T) {
	for _, c := range []struct {
		text  string
		phone bool
	}{
		{"Ring på 31415926 efter kl. 15", true},
		{"ring 31 41 59 26", true},
		{"mobil +45 31 41 59 26", true},
		{"tlf. 3141-5926", true},
		{"(+45) 31.41.59.26", true},
		{"nummer ٣١٤١٥٩٢٦", true}, // Arabic-Indic digits
		{"0045 31415926", true},
		{"Holdet er fuldt", false},
		{"Start 12.03.2026, 2 pladser tilbage", false},
		{"født 1987, 3 børn", false},
		{"uge 47 2026", false},
		{"mødet 12.03.2026 14.00 blev aflyst", false},
		{"1234567", false},
	} {
		if got := LooksLikePhone(c.text); got != c.phone {
			t.Errorf("LooksLikePhone(%q) = %v, want %v", c.text, got, c.phone)
		}
	}
	r := Referral{Status: ReferralAccepted}
	if _, err := r.Apply(StatusChange{To: ReferralDeclined, Reason: "ring 31 41 59 26"}, Actor{}, r.StatusAt); !errors.Is(err, ErrReasonPhone) || !errors.Is(err, ErrReasonCPR) {
		t.Errorf("a decline with a phone number gave %v", err)
	}
	if rule := CheckStatusChange(StatusConfirmed, StatusCancelled, nil, 0, "ring 31 41 59 26"); rule == nil || rule.Code != ErrCodeStaffPhone {
		t.Errorf("a status change with a phone number gave %v", rule)
	}
	if _, fe := ValidateReason("ring 31 41 59 26"); fe == nil || fe.Code != ErrCodeReasonPhone {
		t.Errorf("ValidateReason with a phone number gave %v", fe)
	}
}

func TestADeclineTellsTheCategoryOtherUnlessOneIsChosen(t *testing.T) {
	r := Referral{Status: ReferralAccepted}
	got, err := r.Apply(StatusChange{To: ReferralDeclined, Reason: "Holdet er fuldt"}, Actor{}, r.StatusAt)
	if err != nil || got.DeclineCategory != DeclineOther {
		t.Fatalf("decline without a category: %v, %q", err, got.DeclineCategory)
	}
	got, err = r.Apply(StatusChange{To: ReferralDeclined, Reason: "x", Category: DeclineNoPlaces}, Actor{}, r.StatusAt)
	if err != nil || got.DeclineCategory != DeclineNoPlaces {
		t.Fatalf("decline with a category: %v, %q", err, got.DeclineCategory)
	}
	if _, err := r.Apply(StatusChange{To: ReferralDeclined, Reason: "x", Category: "rude"}, Actor{}, r.StatusAt); !errors.Is(err, ErrDeclineCategory) {
		t.Fatalf("an unknown category gave %v", err)
	}
}
