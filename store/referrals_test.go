package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func newReferral(activityID int64, key string) domain.Referral {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	return domain.Referral{
		Target: domain.Target{ActivityID: activityID}, FirstName: "Amina", Phone: "+4522334455",
		Department: "fsb-01-29", AgeGroup: "13-17", Language: "ar", Contact: domain.ContactCall,
		ConsentVersion: domain.ReferralConsentVersion, ConsentedAt: now,
		Referrer: domain.Referrer{TeamID: "T1", UserID: "U1", OrgKey: "buf-tagensbo"},
		Status:   domain.ReferralSent, StatusBy: domain.Actor{Kind: domain.ActorSlack, ID: "U1"},
		StatusAt: now, CreatedAt: now, DedupeKey: key, SlackViewID: "V1", SlackViewHash: "h1",
	}
}

// announceOne queues one channel message naming the referral's number.
func announceOne(r domain.Referral) ([]store.OutboxMessage, error) {
	payload, _ := json.Marshal(map[string]string{"channel": "C1", "text": r.Code() + " " + string(r.Status)})
	return []store.OutboxMessage{{
		Key: fmt.Sprintf("ref:%d:%s", r.ID, r.Status), Method: "chat.postMessage", OrderKey: "C1",
		Paced: true, Payload: payload, ReferralID: r.ID, RecordTS: r.Status == domain.ReferralSent,
	}}, nil
}

func TestRepeatedReferralSubmissionMakesOneReferralAndOneMessage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "foraeldre-for-forandring", nil)
	var wg sync.WaitGroup
	results := make([]store.ReferralResult, 5)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := st.CreateReferral(ctx, newReferral(a.ID, "view:V1"), announceOne)
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	repeats := 0
	for _, r := range results {
		if r.Referral.Number != results[0].Referral.Number || r.Referral.Number < 1001 {
			t.Fatalf("numbers %d and %d", r.Referral.Number, results[0].Referral.Number)
		}
		if r.Repeated {
			repeats++
		}
	}
	if repeats != 4 {
		t.Fatalf("%d of 5 marked repeated, want 4", repeats)
	}
	counts, err := st.OutboxCounts(ctx)
	if err != nil || counts["pending"] != 1 {
		t.Fatalf("outbox %v, %v; want one pending message", counts, err)
	}
	var events int
	if err := st.DB().Get(&events, `SELECT count(*) FROM referral_events`); err != nil || events != 1 {
		t.Fatalf("events = %d, %v", events, err)
	}
}

func TestReferralToUnknownActivityIsNotFound(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	_, err := st.CreateReferral(context.Background(), newReferral(9999, "view:V9"), nil)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestReferralToCounsellingOfferNeedsNoActivity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	r := newReferral(0, "view:V2")
	r.Target = domain.Target{OfferKey: "beboerraadgivning"}
	res, err := st.CreateReferral(ctx, r, nil)
	if err != nil || res.Referral.Target.OfferKey != "beboerraadgivning" || res.Referral.Target.IsActivity() {
		t.Fatalf("create: %+v, %v", res, err)
	}
	got, err := st.ReferralByID(ctx, res.Referral.ID)
	if err != nil || got.FirstName != "Amina" || got.Referrer.OrgKey != "buf-tagensbo" || got.StatusBy.ID != "U1" {
		t.Fatalf("loaded %+v, %v", got, err)
	}
}

func TestStatusChangesKeepWhoChangedWhatAndLinkTheSignup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "foraeldre-for-forandring", nil)
	su, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.CreateReferral(ctx, newReferral(a.ID, "view:V3"), nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Referral.ID
	staff := domain.Actor{Kind: domain.ActorSlack, ID: "U_STAFF"}
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	step := func(to domain.ReferralStatus, ref string) (domain.Referral, error) {
		return st.ChangeReferralStatus(ctx, id, store.StatusUpdate{
			Change: domain.StatusChange{To: to}, SignupRef: ref, By: staff, At: at}, announceOne)
	}
	for _, to := range []domain.ReferralStatus{domain.ReferralAccepted, domain.ReferralContacted} {
		if _, err := step(to, ""); err != nil {
			t.Fatalf("to %s: %v", to, err)
		}
	}
	if _, err := step(domain.ReferralAccepted, ""); !errors.Is(err, domain.ErrTransition) {
		t.Fatalf("backwards: %v, want ErrTransition", err)
	}
	if _, err := step(domain.ReferralEnrolled, ""); !errors.Is(err, domain.ErrSignupRequired) {
		t.Fatalf("enrol without sign-up: %v", err)
	}
	if _, err := step(domain.ReferralEnrolled, "ZZZZZZ"); !errors.Is(err, domain.ErrSignupNotFound) {
		t.Fatalf("enrol with unknown reference: %v", err)
	}
	other := newActivity(t, st, "mamamove", nil)
	elsewhere, err := st.CreateSignup(ctx, signup(other, 2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := step(domain.ReferralEnrolled, elsewhere.Signup.Reference); !errors.Is(err, domain.ErrSignupNotFound) {
		t.Fatalf("enrol with another activity's sign-up: %v", err)
	}
	got, err := step(domain.ReferralEnrolled, " "+su.Signup.Reference+" ")
	if err != nil || got.SignupID == nil || *got.SignupID != su.Signup.ID || got.Status != domain.ReferralEnrolled {
		t.Fatalf("enrol: %+v, %v", got, err)
	}
	events, err := st.ReferralEvents(ctx, id)
	if err != nil || len(events) != 4 {
		t.Fatalf("events %+v, %v", events, err)
	}
	last := events[3]
	if last.From != domain.ReferralContacted || last.To != domain.ReferralEnrolled || last.Actor != staff ||
		!last.At.Equal(at) || last.SignupID == nil || *last.SignupID != su.Signup.ID {
		t.Fatalf("last event %+v", last)
	}
	counts, _ := st.OutboxCounts(ctx)
	if counts["pending"] != 3 {
		t.Fatalf("outbox %v, want a message per accepted change", counts)
	}
}

func TestReferralsByReferrerNewestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", nil)
	for i := range 3 {
		r := newReferral(a.ID, fmt.Sprintf("view:V%d", i))
		r.CreatedAt = r.CreatedAt.Add(time.Duration(i) * time.Hour)
		if _, err := st.CreateReferral(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := st.ReferralsByReferrer(ctx, "T1", "U1", 2)
	if err != nil || len(mine) != 2 || mine[0].Number < mine[1].Number {
		t.Fatalf("mine = %+v, %v", mine, err)
	}
	if none, err := st.ReferralsByReferrer(ctx, "T1", "U_OTHER", 20); err != nil || len(none) != 0 {
		t.Fatalf("someone else's: %+v, %v", none, err)
	}
}

func TestSlackUserOrganisationAndLocale(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if _, err := st.SlackUser(ctx, "T1", "U1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	if err := st.SetSlackUserOrg(ctx, "T1", "U1", "sof-familiehuset"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSlackUserLocale(ctx, "T1", "U1", "en-GB"); err != nil {
		t.Fatal(err)
	}
	// Staff correct the organisation; the locale stays.
	if err := st.SetSlackUserOrg(ctx, "T1", "U1", "red-barnet"); err != nil {
		t.Fatal(err)
	}
	u, err := st.SlackUser(ctx, "T1", "U1")
	if err != nil || u.OrgKey != "red-barnet" || u.Locale != "en-GB" {
		t.Fatalf("user %+v, %v", u, err)
	}
}
