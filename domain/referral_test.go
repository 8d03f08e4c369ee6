package domain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestReferralTransitions(t *testing.T) {
	allowed := map[ReferralStatus][]ReferralStatus{
		ReferralSent:          {ReferralAccepted, ReferralDeclined, ReferralWithdrawn},
		ReferralAccepted:      {ReferralContacted, ReferralCouldNotReach, ReferralDeclined, ReferralWithdrawn},
		ReferralContacted:     {ReferralEnrolled, ReferralWaitlisted, ReferralDeclined, ReferralWithdrawn},
		ReferralWaitlisted:    {ReferralEnrolled, ReferralDeclined, ReferralWithdrawn},
		ReferralCouldNotReach: {ReferralContacted, ReferralDeclined, ReferralWithdrawn},
		ReferralEnrolled:      nil,
		ReferralDeclined:      nil,
		ReferralWithdrawn:     nil,
	}
	// Every pair of statuses: allowed exactly when the table says so.
	for _, from := range ReferralStatuses() {
		for _, to := range ReferralStatuses() {
			want := false
			for _, a := range allowed[from] {
				want = want || a == to
			}
			if got := from.CanBecome(to); got != want {
				t.Errorf("%s -> %s allowed = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestEveryOpenReferralCanBeWithdrawnOrDeclined(t *testing.T) {
	for _, s := range ReferralStatuses() {
		if s.Final() {
			if len(s.Next()) != 0 {
				t.Errorf("final status %s has next statuses %v", s, s.Next())
			}
			continue
		}
		if !s.CanBecome(ReferralWithdrawn) || !s.CanBecome(ReferralDeclined) {
			t.Errorf("open status %s cannot be withdrawn or declined", s)
		}
	}
}

func TestApplyStatusChange(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	by := Actor{Kind: ActorSlack, ID: "U1"}
	sid := int64(7)
	activity := Referral{Target: Target{ActivityID: 3}, Status: ReferralContacted}
	offer := Referral{Target: Target{OfferKey: "foraeldrevejledning"}, Status: ReferralContacted}
	cases := []struct {
		name   string
		r      Referral
		change StatusChange
		err    error
	}{
		{"accept a sent referral", Referral{Status: ReferralSent}, StatusChange{To: ReferralAccepted}, nil},
		{"skip straight to enrolled", Referral{Status: ReferralSent}, StatusChange{To: ReferralEnrolled, SignupID: &sid}, ErrTransition},
		{"decline without reason", activity, StatusChange{To: ReferralDeclined, Reason: "  "}, ErrReasonRequired},
		{"decline with reason", activity, StatusChange{To: ReferralDeclined, Reason: "Outside the target group"}, nil},
		{"enrol in activity without sign-up", activity, StatusChange{To: ReferralEnrolled}, ErrSignupRequired},
		{"enrol in activity with sign-up", activity, StatusChange{To: ReferralEnrolled, SignupID: &sid}, nil},
		{"enrol in counselling needs no sign-up", offer, StatusChange{To: ReferralEnrolled}, nil},
		{"nothing after enrolled", Referral{Status: ReferralEnrolled}, StatusChange{To: ReferralWithdrawn}, ErrTransition},
		{"same status twice", Referral{Status: ReferralAccepted}, StatusChange{To: ReferralAccepted}, ErrTransition},
		{"reach later", Referral{Status: ReferralCouldNotReach}, StatusChange{To: ReferralContacted}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.r.Apply(c.change, by, now)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if err != nil {
				if got.Status != c.r.Status {
					t.Fatalf("refused change still moved status to %s", got.Status)
				}
				return
			}
			if got.Status != c.change.To || got.StatusBy != by || !got.StatusAt.Equal(now) {
				t.Fatalf("after change: %+v", got)
			}
		})
	}
}

func TestTargetRoundTrip(t *testing.T) {
	for _, s := range []string{"activity:12", "offer:foraeldrevejledning"} {
		tg, ok := ParseTarget(testPlan(), s)
		if !ok || tg.String() != s {
			t.Errorf("ParseTarget(%q) = %+v, %v", s, tg, ok)
		}
	}
	for _, s := range []string{"", "activity:", "activity:x", "activity:-1", "offer:nope", "12"} {
		if _, ok := ParseTarget(testPlan(), s); ok {
			t.Errorf("ParseTarget(%q) accepted", s)
		}
	}
}

func validReferralInput() ReferralInput {
	return ReferralInput{
		Target: "activity:4", FirstName: "Amina", Phone: "٢٢ ٣٣ ٤٤ ٥٥", Department: "fsb-01-29",
		AgeGroup: "13-17", Language: "ar", Contact: ContactCall, Consent: true, Note: "Prefers afternoons",
	}
}

func TestValidateReferral(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		edit  func(*ReferralInput)
		field string
		code  string
	}{
		{"valid", func(*ReferralInput) {}, "", ""},
		{"no target", func(in *ReferralInput) { in.Target = "" }, RefTarget, ErrCodeRequired},
		{"unknown offer", func(in *ReferralInput) { in.Target = "offer:astrology" }, RefTarget, ErrCodeChoice},
		{"no first name", func(in *ReferralInput) { in.FirstName = " " }, RefFirstName, ErrCodeRequired},
		{"long first name", func(in *ReferralInput) { in.FirstName = strings.Repeat("æ", ReferralNameMax+1) }, RefFirstName, ErrCodeTooLong},
		{"bad phone", func(in *ReferralInput) { in.Phone = "1234" }, RefPhone, ErrCodePhone},
		{"phone needed when staff call", func(in *ReferralInput) { in.Phone = "" }, RefPhone, ErrCodeRequired},
		{"no phone through the referrer", func(in *ReferralInput) { in.Phone = ""; in.Contact = ContactViaReferrer }, "", ""},
		{"unknown department", func(in *ReferralInput) { in.Department = "fsb-99" }, RefDepartment, ErrCodeChoice},
		{"department elsewhere", func(in *ReferralInput) { in.Department = DepartmentOther }, "", ""},
		{"unknown age group", func(in *ReferralInput) { in.AgeGroup = "7" }, RefAgeGroup, ErrCodeChoice},
		{"no language", func(in *ReferralInput) { in.Language = "" }, RefLanguage, ErrCodeRequired},
		{"unknown contact", func(in *ReferralInput) { in.Contact = "pigeon" }, RefContact, ErrCodeChoice},
		{"no consent", func(in *ReferralInput) { in.Consent = false }, RefConsent, ErrCodeConsent},
		{"cpr in note", func(in *ReferralInput) { in.Note = "cpr 010203-1234" }, RefNote, ErrCodeCPR},
		{"note too long", func(in *ReferralInput) { in.Note = strings.Repeat("a", ReferralNoteMax+1) }, RefNote, ErrCodeTooLong},
		{"note at the limit", func(in *ReferralInput) { in.Note = strings.Repeat("ø", ReferralNoteMax) }, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := validReferralInput()
			c.edit(&in)
			r, errs := ValidateReferral(testPlan(), in, now)
			if c.code == "" {
				if len(errs) != 0 {
					t.Fatalf("errors %+v", errs)
				}
				if r.Status != ReferralSent || !r.ConsentedAt.Equal(now) || r.ConsentVersion == "" {
					t.Fatalf("referral %+v", r)
				}
				return
			}
			if len(errs) != 1 || errs[0].Field != c.field || errs[0].Code != c.code {
				t.Fatalf("errors = %+v, want one %s on %s", errs, c.code, c.field)
			}
		})
	}
}

func TestValidateReferralNormalisesThePhone(t *testing.T) {
	r, errs := ValidateReferral(testPlan(), validReferralInput(), time.Now())
	if len(errs) != 0 || r.Phone != "+4522334455" || r.Target.ActivityID != 4 {
		t.Fatalf("referral %+v, errors %+v", r, errs)
	}
}

func TestValidateReason(t *testing.T) {
	if got, fe := ValidateReason("  Moved away  "); fe != nil || got != "Moved away" {
		t.Fatalf("ValidateReason = %q, %+v", got, fe)
	}
	for in, code := range map[string]string{"": ErrCodeRequired, "010203-1234": ErrCodeCPR, strings.Repeat("x", 301): ErrCodeTooLong} {
		if _, fe := ValidateReason(in); fe == nil || fe.Code != code || fe.Field != RefReason {
			t.Errorf("ValidateReason(%.20q) = %+v, want %s", in, fe, code)
		}
	}
}

func TestReferralCode(t *testing.T) {
	if got := (Referral{Number: 1042}).Code(); got != "H-1042" {
		t.Fatalf("Code = %q", got)
	}
}
