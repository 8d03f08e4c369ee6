package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// offerSetup is an activity with one place, SMS on, and four sign-ups:
// the first holds the place, the others wait in line.
func offerSetup(t *testing.T, sms bool) (*store.Store, domain.Activity, []domain.Signup) {
	t.Helper()
	st := storetest.New(t)
	if err := st.SetSMSEnabled(context.Background(), sms); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, st, "familieoplevelsesklubben", ip(1))
	var all []domain.Signup
	for i := range 4 {
		su := signup(a, i)
		su.Phone = fmt.Sprintf("+45%08d", 22330000+i) // mobiles: only they get offers
		res, err := st.CreateSignup(context.Background(), su)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Signup)
	}
	return st, a, all
}

func reload(t *testing.T, st *store.Store, su domain.Signup) domain.Signup {
	t.Helper()
	got, err := st.SignupByToken(context.Background(), su.CancelToken)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// outboxOf counts the messages of a kind queued for a sign-up and not
// called off.
func outboxOf(t *testing.T, st *store.Store, kind string, su domain.Signup) int {
	t.Helper()
	var n int
	if err := st.DB().Get(&n, `SELECT count(*) FROM outbox WHERE kind = $1 AND signup_id = $2 AND state <> 'cancelled'`, kind, su.ID); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFreedPlaceIsOfferedAndHeldWhenSMSIsOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, a, all := offerSetup(t, true)
	res, err := st.CancelSignup(ctx, all[0].CancelToken)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Promoted) != 0 {
		t.Fatalf("the place was given, not offered: %+v", res.Promoted)
	}
	first := reload(t, st, all[1])
	if first.Status != domain.StatusWaitlisted || !first.OfferOpen(time.Now()) {
		t.Fatalf("first in line: %s, offer until %v; want an open offer", first.Status, first.OfferExpiresAt)
	}
	if d := time.Until(first.OfferExpiresAt); d < 47*time.Hour || d > 48*time.Hour+time.Minute {
		t.Errorf("offer runs %v, want the activity's 48 hours", d)
	}
	if n := outboxOf(t, st, "offer", first); n != 1 {
		t.Fatalf("offer SMS queued %d times, want once", n)
	}
	if n := outboxOf(t, st, "offer", all[2]); n != 0 {
		t.Fatal("the second in line got an offer too")
	}
	// The held place is not given to a new sign-up, nor offered again.
	late, err := st.CreateSignup(ctx, signup(a, 9))
	if err != nil || late.Signup.Status != domain.StatusWaitlisted {
		t.Fatalf("a new sign-up while the place is held: %+v, %v", late.Signup, err)
	}
	if _, err := st.CancelSignup(ctx, all[3].CancelToken); err != nil {
		t.Fatal(err)
	}
	if second := reload(t, st, all[2]); !second.OfferExpiresAt.IsZero() {
		t.Fatal("a cancellation on the waiting list offered the held place again")
	}
	// Accepting gives her the place, and no second SMS.
	got, err := st.AcceptOffer(ctx, all[1].CancelToken)
	if err != nil || got.Status != domain.StatusConfirmed || got.OfferOutcome != domain.OfferAccepted {
		t.Fatalf("accept: %s %s, %v", got.Status, got.OfferOutcome, err)
	}
	if n := outboxOf(t, st, "promoted", got); n != 0 {
		t.Errorf("accepting queued %d 'promoted' messages", n)
	}
	act, err := st.ActivityBySlug(ctx, a.Slug)
	if err != nil || act.Counts.Confirmed != 1 {
		t.Fatalf("after accepting: %+v, %v; want 1 confirmed", act.Counts, err)
	}
	// Accepting again changes nothing.
	if again, err := st.AcceptOffer(ctx, all[1].CancelToken); err != nil || again.Status != domain.StatusConfirmed {
		t.Fatalf("accept twice: %s, %v", again.Status, err)
	}
}

func TestDeclinedOfferPassesToTheNextInLine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _, all := offerSetup(t, true)
	if _, err := st.CancelSignup(ctx, all[0].CancelToken); err != nil {
		t.Fatal(err)
	}
	res, err := st.DeclineOffer(ctx, all[1].CancelToken)
	if err != nil || res.Signup.Status != domain.StatusCancelled || res.Signup.OfferOutcome != domain.OfferDeclined {
		t.Fatalf("decline: %+v, %v", res.Signup, err)
	}
	next := reload(t, st, all[2])
	if !next.OfferOpen(time.Now()) || outboxOf(t, st, "offer", next) != 1 {
		t.Fatalf("next in line: offer until %v, %d offer SMS; want one open offer", next.OfferExpiresAt, outboxOf(t, st, "offer", next))
	}
	// Declining again, or accepting after declining, changes nothing.
	if res, err := st.DeclineOffer(ctx, all[1].CancelToken); err != nil || len(res.Promoted) != 0 {
		t.Fatalf("decline twice: %+v, %v", res, err)
	}
	if got, _ := st.AcceptOffer(ctx, all[1].CancelToken); got.Status != domain.StatusCancelled {
		t.Fatalf("accept after declining: %s", got.Status)
	}
	if third := reload(t, st, all[3]); !third.OfferExpiresAt.IsZero() {
		t.Fatal("declining twice offered a second place")
	}
}

// expireNow moves every outstanding offer's deadline into the past.
func expireNow(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.DB().Exec(`UPDATE signups SET offer_expires_at = now() - interval '1 minute'
		WHERE status = 'waitlisted' AND offer_expires_at IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
}

func TestExpiredOfferPassesOnExactlyOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, a, all := offerSetup(t, true)
	if _, err := st.CancelSignup(ctx, all[0].CancelToken); err != nil {
		t.Fatal(err)
	}
	expireNow(t, st)
	if got, _ := st.AcceptOffer(ctx, all[1].CancelToken); got.Status != domain.StatusWaitlisted || !got.OfferRanOut(time.Now()) {
		t.Fatalf("accepting after the deadline: %s; want no place and the offer run out", got.Status)
	}
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := st.ExpireOffers(ctx, time.Now())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range counts {
		total += n
	}
	if total != 1 {
		t.Fatalf("%d offers passed on by 8 runs, want 1", total)
	}
	ran := reload(t, st, all[1])
	if ran.Status != domain.StatusCancelled || !ran.OfferRanOut(time.Now()) {
		t.Fatalf("the first in line after expiry: %s %s; want cancelled, ran out", ran.Status, ran.OfferOutcome)
	}
	next := reload(t, st, all[2])
	if !next.OfferOpen(time.Now()) || outboxOf(t, st, "offer", next) != 1 {
		t.Fatalf("next in line: offer until %v, %d offer SMS; want exactly one", next.OfferExpiresAt, outboxOf(t, st, "offer", next))
	}
	if third := reload(t, st, all[3]); !third.OfferExpiresAt.IsZero() {
		t.Fatal("the third in line got an offer as well")
	}
	act, _ := st.ActivityBySlug(ctx, a.Slug)
	if act.Counts.Confirmed != 0 || act.Counts.Waitlisted != 2 {
		t.Errorf("counts after expiry: %+v", act.Counts)
	}
}

func TestStaffCanPlaceSomeoneDirectlyWhileAnOfferIsOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, a, all := offerSetup(t, true)
	s := newStaff(t, st, "offer@example.dk", domain.RoleStaff)
	if _, err := st.CancelSignup(ctx, all[0].CancelToken); err != nil {
		t.Fatal(err)
	}
	res, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: all[3].ID, To: domain.StatusConfirmed,
		Reason: "Kommer med sin søster", By: store.Actor{StaffID: s.ID}})
	if err != nil || res.Signup.Status != domain.StatusConfirmed {
		t.Fatalf("staff placing directly: %+v, %v", res, err)
	}
	if first := reload(t, st, all[1]); !first.OfferOpen(time.Now()) {
		t.Fatal("staff's placement took the offer away")
	}
	// Staff confirming the one holding the offer ends it: the place is
	// hers, and it is not held twice.
	if _, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: all[1].ID, To: domain.StatusConfirmed,
		Reason: "Ringede og sagde ja", By: store.Actor{StaffID: s.ID}}); err != nil {
		t.Fatal(err)
	}
	var offered int
	if err := st.DB().Get(&offered, `SELECT offered_count FROM activities WHERE id = $1`, a.ID); err != nil || offered != 0 {
		t.Fatalf("places held by offers: %d, %v; want 0", offered, err)
	}
}

func TestWithoutSMSOrAMobileTheFreedPlaceIsGivenDirectly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("SMS off", func(t *testing.T) {
		t.Parallel()
		st, _, all := offerSetup(t, false)
		res, err := st.CancelSignup(ctx, all[0].CancelToken)
		if err != nil || len(res.Promoted) != 1 || res.Promoted[0].ID != all[1].ID || res.Promoted[0].Status != domain.StatusConfirmed {
			t.Fatalf("promoted %+v, %v; want the first in line given the place", res.Promoted, err)
		}
		if !res.Promoted[0].OfferExpiresAt.IsZero() || outboxOf(t, st, "offer", all[1]) != 0 {
			t.Fatal("an offer was made while SMS is off")
		}
	})
	t.Run("not a mobile", func(t *testing.T) {
		t.Parallel()
		st := storetest.New(t)
		if err := st.SetSMSEnabled(ctx, true); err != nil {
			t.Fatal(err)
		}
		a := newActivity(t, st, "familieoplevelsesklubben", ip(1))
		var all []domain.Signup
		for i, phone := range []string{"+4522330000", "+4580123456"} { // the second a freephone number, no mobile
			su := signup(a, i)
			su.Phone = phone
			res, err := st.CreateSignup(ctx, su)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, res.Signup)
		}
		res, err := st.CancelSignup(ctx, all[0].CancelToken)
		if err != nil || len(res.Promoted) != 1 || res.Promoted[0].ID != all[1].ID {
			t.Fatalf("promoted %+v, %v; want the one without a mobile given the place", res.Promoted, err)
		}
	})
	t.Run("said no to SMS about this sign-up", func(t *testing.T) {
		t.Parallel()
		st, _, all := offerSetup(t, true)
		if _, err := st.DB().Exec(`UPDATE signups SET sms_ok = false WHERE id = $1`, all[1].ID); err != nil {
			t.Fatal(err)
		}
		res, err := st.CancelSignup(ctx, all[0].CancelToken)
		if err != nil || len(res.Promoted) != 1 || res.Promoted[0].ID != all[1].ID {
			t.Fatalf("promoted %+v, %v; want the first in line given the place", res.Promoted, err)
		}
	})
	t.Run("opted out", func(t *testing.T) {
		t.Parallel()
		st, _, all := offerSetup(t, true)
		if err := st.OptOut(ctx, all[1].Phone); err != nil {
			t.Fatal(err)
		}
		res, err := st.CancelSignup(ctx, all[0].CancelToken)
		if err != nil || len(res.Promoted) != 1 || res.Promoted[0].ID != all[1].ID {
			t.Fatalf("promoted %+v, %v; want the opted-out first in line given the place", res.Promoted, err)
		}
		if next := reload(t, st, all[2]); !next.OfferExpiresAt.IsZero() {
			t.Fatal("the second in line got an offer for a place already given")
		}
	})
}
