package domain

import (
	"slices"
	"testing"
	"time"
)

// youthActivity is a course for 13 to 20-year-olds whose form asks for the
// birth year and the guardian's part.
func youthActivity(guardianBelow *int) Activity {
	f := func(k string) Field { fd, _ := CommonField(k); return fd }
	return Activity{MinAge: ip(13), MaxAge: ip(20), GuardianBelowAge: guardianBelow, Form: Form{Fields: []Field{
		f(KeyName), f(KeyPhone), f(KeyBirthYear), f(KeyGuardianName), f(KeyGuardianPhone), f(KeyGuardianConsent), f(KeyConsent)}}}
}

func TestGuardianConsentIsAskedBelowTheActivitysAgeLimit(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	base := map[string][]string{"name": {"Testperson"}, "phone": {"22334455"}, "consent": {"yes"}}
	guardian := map[string][]string{"guardian_name": {"Testforælder"}, "guardian_phone": {"22334466"}, "guardian_consent": {"yes"}}
	with := func(year string, g bool) map[string][]string {
		in := map[string][]string{"birth_year": {year}}
		for k, v := range base {
			in[k] = v
		}
		if g {
			for k, v := range guardian {
				in[k] = v
			}
		}
		return in
	}
	cases := []struct {
		name      string
		limit     *int
		in        map[string][]string
		errFields []string
		kept      bool // guardian answers kept
	}{
		{"a 14-year-old with a guardian", nil, with("2012", true), nil, true},
		{"a 14-year-old without one", nil, with("2012", false), []string{KeyGuardianName, KeyGuardianPhone, KeyGuardianConsent}, false},
		{"a 19-year-old needs none, and none is kept", nil, with("2007", true), nil, false},
		{"turning 18 this year still counts as 17", nil, with("2008", false), []string{KeyGuardianName, KeyGuardianPhone, KeyGuardianConsent}, false},
		{"an activity's own limit of 15: a 16-year-old needs none", ip(15), with("2010", false), nil, false},
		{"an activity's own limit of 15: a 14-year-old needs one", ip(15), with("2012", false), []string{KeyGuardianName, KeyGuardianPhone, KeyGuardianConsent}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ans, errs := youthActivity(c.limit).ValidateSignup(testPlan(), c.in, now)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			slices.Sort(got)
			want := slices.Clone(c.errFields)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("errors on %v, want %v", got, want)
			}
			if _, kept := ans[KeyGuardianName]; len(errs) == 0 && kept != c.kept {
				t.Fatalf("guardian name kept = %v, want %v", kept, c.kept)
			}
		})
	}
	// Without an age on the form, the form's own required marks decide.
	noAge := youthActivity(nil)
	noAge.Form.Fields = slices.DeleteFunc(noAge.Form.Fields, func(f Field) bool { return f.Key == KeyBirthYear })
	if _, errs := noAge.ValidateSignup(testPlan(), base, now); len(errs) != 3 {
		t.Fatalf("a form without an age and no guardian answers: %v", errs)
	}
}

func TestConsentRecordSaysWhoAgreed(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	self := NewSignup(Activity{ID: 1}, Answers{KeyName: "A", KeyPhone: "+4522334455", KeyConsent: true}, "so", "k", at)
	if c := self.Consent(); c.By != ConsentByResident || c.Lang != "so" || c.Version != ConsentVersion || !c.At.Equal(at) {
		t.Fatalf("own sign-up: %+v", c)
	}
	child := NewSignup(Activity{ID: 1}, Answers{KeyName: "B", KeyGuardianConsent: true}, "ar", "k", at)
	if c := child.Consent(); c.By != ConsentByGuardian || c.Lang != "ar" {
		t.Fatalf("a child's sign-up: %+v", c)
	}
	helped := self
	helped.AssistedBy, helped.ConsentReadIn = 7, "tr"
	if c := helped.Consent(); c.By != ConsentByStaff || c.StaffID != 7 || c.Lang != "tr" {
		t.Fatalf("assisted sign-up: %+v", c)
	}
	ref, errs := ValidateReferral(testPlan(), ReferralInput{Target: "offer:beboerraadgivning", FirstName: "C", Phone: "22334455",
		Department: "aab-33", AgeGroup: "13-17", Language: "ar", Contact: ContactCall, Consent: true}, at)
	if len(errs) > 0 || ref.ConsentBy != ConsentByGuardian {
		t.Fatalf("a referral of a 15-year-old: %+v %v", ref.ConsentBy, errs)
	}
}

func TestErasureFallsDueDaysAfterTheActivityEnds(t *testing.T) {
	start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	lastEnd := time.Date(2027, 5, 10, 17, 0, 0, 0, time.UTC)
	end := EndOf(start, lastEnd)
	if !end.Equal(lastEnd) || !EndOf(start, time.Time{}).Equal(start.AddDate(0, 0, 1)) || !EndOf(time.Time{}, time.Time{}).IsZero() {
		t.Fatal("EndOf does not pick the last session, then the start day")
	}
	cases := []struct {
		now  time.Time
		days int
		due  bool
	}{
		{lastEnd.AddDate(0, 0, 364), 365, false},
		{lastEnd.AddDate(0, 0, 365), 365, true},
		{lastEnd.AddDate(0, 0, 31), 30, true},
		{lastEnd.AddDate(0, 0, 29), 30, false},
	}
	for _, c := range cases {
		if got := ErasureDue(end, c.days, c.now); got != c.due {
			t.Errorf("%d days, at %v: due = %v", c.days, c.now, got)
		}
	}
	if ErasureDue(time.Time{}, 1, lastEnd.AddDate(10, 0, 0)) {
		t.Error("an activity with no date expired")
	}
	if !ReferralEnd(lastEnd, lastEnd.AddDate(0, 1, 0)).Equal(lastEnd.AddDate(0, 1, 0)) {
		t.Error("a referral changed after the activity ended is kept from its change")
	}
	if ValidRetention(0) || ValidRetention(MaxRetentionDays+1) || !ValidRetention(30) {
		t.Error("retention bounds")
	}
}

func TestSignupSearchFindsByNamePhoneOrReference(t *testing.T) {
	su := Signup{Name: "Testperson Ølstykke", Phone: "+4520000002", Reference: "K7M2QX"}
	for q, want := range map[string]bool{
		"": true, "ølstykke": true, "TESTPERSON": true, "20 00 00 02": true, "+45 2000 0002": true,
		"0002": true, "k7m2qx": true, "K7M 2QX": true, "%": false, "nobody": false, "003": false,
	} {
		if got := NewSignupSearch(q).Matches(su); got != want {
			t.Errorf("search %q matches = %v, want %v", q, got, want)
		}
	}
}

func TestCPRIsRefusedInStaffTexts(t *testing.T) {
	a := editable()
	a.Texts.Summary["da"] = "Ring til 010203-1234"
	a.Form.Fields[3].Options[0].Label["da"] = "Tagensbo 0102031234"
	var got []string
	for _, e := range a.CheckEdit(testPlan()) {
		got = append(got, e.Field+":"+e.Code)
	}
	want := []string{"text-summary-da:" + ErrCodeStaffCPR, "field-3:" + ErrCodeStaffCPR}
	if !slices.Equal(got, want) {
		t.Fatalf("errors %v, want %v", got, want)
	}
	if errs := CheckStaffAccount("a@example.dk", "Kim 010203-1234", RoleStaff); len(errs) != 1 || errs[0].Code != ErrCodeStaffCPR {
		t.Fatalf("a CPR number as a staff name: %v", errs)
	}
}
