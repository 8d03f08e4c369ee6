package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// smsStore is a store with SMS on, as tilmeld serve sets it.
func smsStore(t *testing.T) *store.Store {
	t.Helper()
	st := storetest.New(t)
	if err := st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	return st
}

// signUpSMS stores sign-up i of a, with or without her yes to SMS.
func signUpSMS(t *testing.T, st *store.Store, a domain.Activity, i int, smsOK bool) domain.Signup {
	t.Helper()
	su := signup(a, i)
	su.NoSMS = !smsOK
	res, err := st.CreateSignup(context.Background(), su)
	if err != nil {
		t.Fatal(err)
	}
	return res.Signup
}

// smsQueued lists the kinds of SMS queued about a sign-up.
func smsQueued(t *testing.T, st *store.Store, signupID int64) []string {
	t.Helper()
	var kinds []string
	if err := st.DB().Select(&kinds, `SELECT kind FROM outbox WHERE channel = 'sms' AND signup_id = $1 ORDER BY id`, signupID); err != nil {
		t.Fatal(err)
	}
	return kinds
}

func TestSignupThatSaidNoToSMSGetsNoMessageOfAnyKind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := smsStore(t)
	a := newActivity(t, st, "svoemning-for-kvinder", ip(2))
	yes := signUpSMS(t, st, a, 1, true)     // a place
	no := signUpSMS(t, st, a, 2, false)     // a place
	waitNo := signUpSMS(t, st, a, 3, false) // first in line
	waitYes := signUpSMS(t, st, a, 4, true) // second in line
	if got, _ := st.SignupByID(ctx, no.ID); !got.NoSMS {
		t.Fatal("the stored sign-up forgot she said no to SMS")
	}
	if got, _ := st.SignupByID(ctx, yes.ID); got.NoSMS {
		t.Fatal("a sign-up that said yes is stored as no")
	}

	// Reminders: the session is the day after tomorrow from "now".
	now := a.Sessions[0].StartsAt.Add(-30 * time.Hour)
	if _, err := st.QueueReminders(ctx, now, 48*time.Hour, time.UTC); err != nil {
		t.Fatal(err)
	}
	// Her link again, after "already signed up".
	if sent, err := st.QueueLinkSMS(ctx, no.Reference, now); err != nil || sent {
		t.Fatalf("link again for a sign-up that said no: queued %v, %v", sent, err)
	}
	if sent, err := st.QueueLinkSMS(ctx, yes.Reference, now); err != nil || !sent {
		t.Fatalf("link again for a sign-up that said yes: queued %v, %v", sent, err)
	}
	// A place from the waiting list: the first in line said no, the
	// second yes.
	if _, err := st.CancelSignup(ctx, yes.CancelToken); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CancelSignup(ctx, waitNo.CancelToken); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.SignupByID(ctx, waitYes.ID); got.Status != domain.StatusConfirmed {
		t.Fatalf("second in line is %s after two cancellations, want confirmed", got.Status)
	}
	for _, c := range []struct {
		who  string
		id   int64
		want []string
	}{
		{"said yes, had a place", yes.ID, []string{"confirmation", "reminder", "link"}},
		{"said no, had a place", no.ID, nil},
		{"said no, got a place from the waiting list", waitNo.ID, nil},
		{"said yes, got a place from the waiting list", waitYes.ID, []string{"confirmation", "promoted"}},
	} {
		if got := smsQueued(t, st, c.id); !slices.Equal(got, c.want) {
			t.Errorf("%s: SMS queued %v, want %v", c.who, got, c.want)
		}
	}
}

func TestTickingYesLiftsHerNumbersOptOutAndNoLeavesIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := smsStore(t)
	a := newActivity(t, st, "lektiecafe", nil)
	b := newActivity(t, st, "cykelskole", nil)
	c := newActivity(t, st, "syklub", nil)
	first := signUpSMS(t, st, a, 7, true)
	if err := st.OptOut(ctx, first.Phone); err != nil { // she answered STOP
		t.Fatal(err)
	}
	no := signUpSMS(t, st, b, 7, false)
	if out, err := st.OptedOut(ctx, no.Phone); err != nil || !out {
		t.Fatalf("a sign-up that said no lifted her opt-out: opted out %v, %v", out, err)
	}
	yes := signUpSMS(t, st, c, 7, true)
	if out, err := st.OptedOut(ctx, yes.Phone); err != nil || out {
		t.Fatalf("a sign-up that said yes left her opted out: %v, %v", out, err)
	}
	if got := smsQueued(t, st, yes.ID); !slices.Equal(got, []string{"confirmation"}) {
		t.Errorf("after saying yes again: SMS queued %v, want her confirmation", got)
	}
}

func TestUntickingOneSignupLeavesHerOtherSignupsTheirSMS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := smsStore(t)
	a := newActivity(t, st, "mor-barn-gymnastik", nil)
	b := newActivity(t, st, "dansk-for-begyndere", nil)
	yes := signUpSMS(t, st, a, 9, true)
	no := signUpSMS(t, st, b, 9, false)
	if yes.Phone != no.Phone {
		t.Fatal("test fixture: one number for both sign-ups")
	}
	if out, err := st.OptedOut(ctx, no.Phone); err != nil || out {
		t.Fatalf("saying no on one sign-up opted her whole number out: %v, %v", out, err)
	}
	now := a.Sessions[0].StartsAt.Add(-30 * time.Hour)
	if _, err := st.QueueReminders(ctx, now, 48*time.Hour, time.UTC); err != nil {
		t.Fatal(err)
	}
	if sent, err := st.QueueLinkSMS(ctx, yes.Reference, now); err != nil || !sent {
		t.Fatalf("her link again for the sign-up that said yes: %v, %v", sent, err)
	}
	if got := smsQueued(t, st, yes.ID); !slices.Equal(got, []string{"confirmation", "reminder", "link"}) {
		t.Errorf("the sign-up that said yes: SMS queued %v", got)
	}
	if got := smsQueued(t, st, no.ID); len(got) != 0 {
		t.Errorf("the sign-up that said no: SMS queued %v", got)
	}
}
