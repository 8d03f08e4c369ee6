package store_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestARushMixingRepeatsAndDuplicatesIsDecidedAsOneByOne sends a rush of
// sign-ups for one activity in which some repeat a form already sent,
// some reuse a number already signed up, and some pairs share a form or a
// number with each other. Stored together in batches, each must get the
// answer she would have got alone: one place per number, one row per form,
// places in arrival order, waiting-list positions without gaps.
func TestARushMixingRepeatsAndDuplicatesIsDecidedAsOneByOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "jobaften", ip(10))
	early, err := st.CreateSignup(ctx, signup(a, 0))
	if err != nil {
		t.Fatal(err)
	}
	const n = 240
	sus := make([]domain.Signup, n)
	for i := range n {
		su := signup(a, 1000+i)
		switch {
		case i%20 == 1: // the early form sent again
			su = signup(a, 0)
		case i%20 == 2: // the early person (number and name) on a new form
			su.Phone, su.Name = signup(a, 0).Phone, signup(a, 0).Name
		case i%20 == 4: // the same form as the one before it
			su = sus[i-1]
		case i%20 == 6: // the same person as the one before it, new form
			su.Phone, su.Name = sus[i-1].Phone, sus[i-1].Name
		}
		sus[i] = su
	}
	type answer struct {
		res store.SignupResult
		err error
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := st.CreateSignup(ctx, sus[i])
			answers[i] = answer{res, err}
		}()
	}
	close(start)
	wg.Wait()

	byRef := map[string]int{}
	var placed []domain.Signup
	for i, an := range answers {
		var dup *store.AlreadySignedUpError
		switch {
		case i%20 == 1:
			if an.err != nil || !an.res.Repeated || an.res.Signup.Reference != early.Signup.Reference {
				t.Errorf("%d: early form again: %+v, %v; want the early sign-up, repeated", i, an.res, an.err)
			}
		case i%20 == 2:
			if !errors.As(an.err, &dup) || dup.Reference != early.Signup.Reference {
				t.Errorf("%d: early number again: %v; want told %s", i, an.err, early.Signup.Reference)
			}
		case an.err != nil && errors.As(an.err, &dup):
			if i%20 != 5 && i%20 != 6 {
				t.Errorf("%d: unexpected %v", i, an.err)
			}
		case an.err != nil:
			t.Errorf("%d: %v", i, an.err)
		default:
			if !an.res.Repeated {
				placed = append(placed, an.res.Signup)
			}
			byRef[an.res.Signup.Reference]++
		}
	}
	for i := 4; i < n; i += 20 { // one form sent twice: one row, both told it
		x, y := answers[i-1], answers[i]
		if x.err != nil || y.err != nil || x.res.Signup.Reference != y.res.Signup.Reference || x.res.Repeated == y.res.Repeated {
			t.Errorf("form %d sent twice: %s %v / %s %v", i, x.res.Signup.Reference, x.err, y.res.Signup.Reference, y.err)
		}
	}
	for i := 6; i < n; i += 20 { // one number on two forms: one place, the other told its reference
		x, y := answers[i-1], answers[i]
		var dup *store.AlreadySignedUpError
		switch {
		case x.err == nil && errors.As(y.err, &dup) && dup.Reference == x.res.Signup.Reference:
		case y.err == nil && errors.As(x.err, &dup) && dup.Reference == y.res.Signup.Reference:
		default:
			t.Errorf("number %d on two forms: %v / %v", i, x.err, y.err)
		}
	}
	// 240 arrivals: 12 repeat the early form, 12 reuse its number, 12
	// repeat their neighbour's form and 12 their neighbour's number.
	wantPlaced := n - 4*n/20
	if len(placed) != wantPlaced {
		t.Fatalf("%d new sign-ups, want %d", len(placed), wantPlaced)
	}
	sort.Slice(placed, func(i, j int) bool { return placed[i].Seq < placed[j].Seq })
	confirmed, position := 1, 0 // the early one holds a place
	for k, su := range placed {
		if su.Seq != k+2 {
			t.Fatalf("arrival numbers have a gap: %d at %d", su.Seq, k)
		}
		if su.Status == domain.StatusConfirmed {
			confirmed++
			if position > 0 {
				t.Fatalf("seq %d got a place after the waiting list began", su.Seq)
			}
			continue
		}
		position++
		if su.Position != position {
			t.Fatalf("seq %d told position %d, want %d", su.Seq, su.Position, position)
		}
	}
	if confirmed != 10 {
		t.Fatalf("%d places given for 10", confirmed)
	}
	var rows, batches int
	if err := st.DB().Get(&rows, `SELECT count(*) FROM signups`); err != nil || rows != wantPlaced+1 {
		t.Fatalf("%d rows (%v), want %d", rows, err, wantPlaced+1)
	}
	for ref, k := range byRef {
		if k > 2 {
			t.Fatalf("reference %s told %d times", ref, k)
		}
	}
	// Rows stored in one statement share a transaction id: fewer
	// transactions than sign-ups means the rush was stored in batches.
	if err := st.DB().Get(&batches, `SELECT count(DISTINCT xmin::text) FROM signups`); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d sign-ups stored in %d transactions", rows, batches)
	if batches >= rows {
		t.Errorf("every sign-up had its own transaction (%d for %d): no batching", batches, rows)
	}
	got, err := st.ActivityBySlug(ctx, a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if got.Counts.Confirmed != 10 || got.Counts.Waitlisted != wantPlaced+1-10 {
		t.Fatalf("stored counts %+v", got.Counts)
	}
	var events int
	if err := st.DB().Get(&events, `SELECT count(*) FROM signup_events`); err != nil || events != rows {
		t.Fatalf("%d status events for %d sign-ups (%v)", events, rows, err)
	}
}

// TestSignupLooksUpHerNumberWithoutReadingTheActivity: a look-up of her
// number, or of her place on the waiting list when she sends her form
// again, that read all the activity's sign-ups made every sign-up slower
// than the last (1 ms per thousand), for everyone in the rush; a plan made
// while the table was empty once did just that. Here the first sign-ups
// go to an empty table on one connection, the activity's waiting list
// then gets 20,000 sign-ups, and the next sign-ups, new ones and repeated
// forms, must not read them.
func TestSignupLooksUpHerNumberWithoutReadingTheActivity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	db := st.DB()
	db.SetMaxOpenConns(1) // one connection: the one whose plans are cached
	a := newActivity(t, st, "eksamenstraening-matematik", ip(4))
	for i := range 12 {
		for range 2 { // each form sent twice, so repeats are planned too
			if _, err := st.CreateSignup(ctx, signup(a, i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.Exec(`INSERT INTO signups (activity_id, seq, reference, cancel_token, idempotency_key, status,
		name, phone, answers, lang, consent_version, consented_at, phone_hash)
		SELECT $1, 1000 + g, 'B' || g, 'bulk-token-' || g, 'bulk-idem-' || g, 'waitlisted', '', '', '', 'da', 'v', now(),
		       sha256(g::text::bytea)
		FROM generate_series(1, 20000) g`, a.ID); err != nil {
		t.Fatal(err)
	}
	read := func() int64 {
		t.Helper()
		var n int64
		// This connection's counters reach the shared ones once it is idle.
		if _, err := db.Exec(`SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		if err := db.Get(&n, `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
			FROM pg_stat_user_tables WHERE relname = 'signups'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := read()
	for i := range 5 {
		if _, err := st.CreateSignup(ctx, signup(a, 100+i)); err != nil {
			t.Fatal(err)
		}
		again, err := st.CreateSignup(ctx, signup(a, 6+i)) // an early form, on the waiting list, sent again
		if err != nil {
			t.Fatal(err)
		}
		if !again.Repeated || again.Signup.Position != 3+i {
			t.Fatalf("form %d sent again: repeated %v at position %d, want repeated at %d", 6+i, again.Repeated, again.Signup.Position, 3+i)
		}
	}
	if n := read() - before; n > 1000 {
		t.Fatalf("5 sign-ups and 5 repeated forms read %d rows of signups: the look-ups read the activity's 20,000 sign-ups", n)
	}
}
