package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestFindPersonHasEveryRecordAndErasureLeavesNone: everything held under
// one phone number (her sign-ups, her child's sign-up with her as the
// guardian, her referrals, attendance and consent) is found; erasing her
// leaves none of it, passes her place on, and audits each record.
func TestFindPersonHasEveryRecordAndErasureLeavesNone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	if err := st.RecordConsentTexts(ctx, []store.ConsentText{{MessageID: "consent.signup.text", Version: domain.ConsentVersion,
		Lang: "so", Text: "Waan ogolaaday."}}); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, st, "mamamove", ip(1))
	own := personSignup(t, st, a, "k1")
	waiting := signUp(t, st, a, 1)[0]
	youth := newActivity(t, st, "hjaelpetraener", nil)
	child, err := st.CreateSignup(ctx, domain.Signup{ActivityID: youth.ID, IdempotencyKey: "k2", Name: "Testbarn",
		Phone: "+4540404040", Answers: domain.Answers{"name": "Testbarn", "guardian_phone": secretPhone, "guardian_consent": true},
		Lang: "so", ConsentVersion: domain.ConsentVersion, ConsentedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	full, _ := st.ActivityByID(ctx, a.ID)
	marker := store.Actor{StaffID: newStaff(t, st, "rollcall@example.dk", domain.RoleStaff).ID}
	if _, err := st.SetAttendance(ctx, a.ID, full.Sessions[0].ID, own.ID, true, marker); err != nil {
		t.Fatal(err)
	}
	ref := personReferral(t, st, domain.Target{OfferKey: "beboerraadgivning"}, "view:V1")

	p, err := st.FindPerson(ctx, secretPhone)
	if err != nil || len(p.Signups) != 2 || len(p.Referrals) != 1 {
		t.Fatalf("found %d sign-ups, %d referrals, %v", len(p.Signups), len(p.Referrals), err)
	}
	mine := p.Signups[0]
	if mine.ID != own.ID || mine.Note != secretNote || len(mine.Attendance) != 1 || !mine.Attendance[0].Present ||
		mine.ConsentTexts["consent.signup.text"] != "Waan ogolaaday." || mine.Activity.Slug != "mamamove" {
		t.Fatalf("her own sign-up: %+v", mine)
	}
	if p.Signups[1].ID != child.Signup.ID || p.Signups[1].Consent().By != domain.ConsentByGuardian {
		t.Fatalf("her child's sign-up: %+v", p.Signups[1])
	}
	if p.Referrals[0].Note != secretNote || len(p.Referrals[0].Events) != 1 {
		t.Fatalf("her referral: %+v", p.Referrals[0])
	}
	if len(p.Audit) == 0 {
		t.Fatal("no audit lines about her")
	}

	staffer := store.Actor{Addr: "10.0.0.9"}
	res, err := st.ErasePerson(ctx, secretPhone, staffer, now)
	if err != nil || len(res.Signups) != 2 || len(res.Referrals) != 1 {
		t.Fatalf("erasure: %+v, %v", res, err)
	}
	if again, err := st.FindPerson(ctx, secretPhone); err != nil || !again.Empty() {
		t.Fatalf("after erasure her phone still finds %+v, %v", again, err)
	}
	if _, err := st.ErasePerson(ctx, secretPhone, staffer, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("erasing nobody: %v", err)
	}
	gone, _ := st.StaffSignupByID(ctx, own.ID)
	if gone.Name != "" || gone.Note != "" || gone.Status != domain.StatusCancelled || gone.Attended != 1 {
		t.Fatalf("her erased sign-up: %+v", gone)
	}
	if next, _ := st.StaffSignupByID(ctx, waiting.ID); next.Status != domain.StatusConfirmed {
		t.Fatalf("her place did not go to the next in line: %s", next.Status)
	}
	for _, subject := range []string{store.SignupSubject(own.ID), store.SignupSubject(child.Signup.ID), store.ReferralSubject(ref.ID)} {
		if n := len(auditLines(t, st, domain.AuditPersonErase, subject)); n != 1 {
			t.Errorf("%s: %d erasure audit lines", subject, n)
		}
	}
}

func TestResidentCancelsAndErasesHerOwnSignup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", ip(1))
	su := personSignup(t, st, a, "k1")
	next := signUp(t, st, a, 1)[0]
	res, err := st.EraseOwnSignup(ctx, su.CancelToken, time.Now())
	if err != nil || len(res.Signups) != 1 {
		t.Fatalf("erase own: %+v, %v", res, err)
	}
	got, err := st.SignupByToken(ctx, su.CancelToken)
	if err != nil || got.Status != domain.StatusCancelled || got.Name != "" || got.Phone != "" || got.ErasedAt.IsZero() {
		t.Fatalf("after erasing: %+v, %v", got, err)
	}
	if p, _ := st.StaffSignupByID(ctx, next.ID); p.Status != domain.StatusConfirmed {
		t.Fatal("her place did not go to the waiting list")
	}
	if lines := auditLines(t, st, domain.AuditResidentErase, store.SignupSubject(su.ID)); len(lines) != 1 || lines[0].StaffID != 0 {
		t.Fatalf("audit %+v", lines)
	}
	if _, err := st.EraseOwnSignup(ctx, "no-such-token", time.Now()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown link: %v", err)
	}
}

func TestPersonRefHidesThePhoneAndExpires(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	now := time.Now()
	ref, err := st.PersonRef(secretPhone, now)
	if err != nil || ref == "" || containsAny(ref, secretBits) {
		t.Fatalf("ref %q, %v", ref, err)
	}
	if phone, err := st.PersonPhone(ref, now.Add(time.Hour)); err != nil || phone != secretPhone {
		t.Fatalf("open: %q, %v", phone, err)
	}
	if _, err := st.PersonPhone(ref, now.Add(domain.SessionTTL+time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an old reference still works: %v", err)
	}
	if _, err := st.PersonPhone("tk1:bogus", now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a made-up reference: %v", err)
	}
}

func containsAny(s string, bits []string) bool {
	for _, b := range bits {
		if strings.Contains(s, b) {
			return true
		}
	}
	return false
}
