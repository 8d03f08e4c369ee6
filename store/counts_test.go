package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestActivityCountsNeverDriftFromTheSignups: the counts the capacity
// rule reads are kept by triggers; after sign-ups in a rush,
// cancellations, promotions and staff's own changes they still equal a
// plain count of the rows.
func TestActivityCountsNeverDriftFromTheSignups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", ip(5))
	var wg sync.WaitGroup
	tokens := make([]string, 40)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := st.CreateSignup(ctx, signup(a, i))
			if err != nil {
				t.Error(err)
				return
			}
			tokens[i] = res.Signup.CancelToken
		}()
	}
	wg.Wait()
	check := func(when string) {
		t.Helper()
		var kept, real domain.Counts
		if err := st.DB().Get(&kept, `SELECT confirmed_count AS confirmed, waitlisted_count AS waitlisted
			FROM activities WHERE id = $1`, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DB().Get(&real, `SELECT count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
			count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted FROM signups WHERE activity_id = $1`, a.ID); err != nil {
			t.Fatal(err)
		}
		if kept != real {
			t.Fatalf("%s: kept counts %+v, rows say %+v", when, kept, real)
		}
	}
	check("after 40 sign-ups for 5 places")
	for _, tok := range tokens[:10] {
		if _, err := st.CancelSignup(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	check("after 10 cancellations and their promotions")
	var waiting int64
	if err := st.DB().Get(&waiting, `SELECT id FROM signups WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY seq LIMIT 1`, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: waiting, To: domain.StatusConfirmed,
		Reason: "kommer fra samme familie"}); err != nil {
		t.Fatal(err)
	}
	check("after staff confirmed one beyond capacity")
	got, err := st.ActivityByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Counts.Confirmed != 6 {
		t.Fatalf("activity shows %d confirmed, want 6", got.Counts.Confirmed)
	}
}
