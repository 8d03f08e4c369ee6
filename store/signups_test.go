package store_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func ip(i int) *int { return &i }

func newActivity(t testing.TB, st *store.Store, slug string, capacity *int) domain.Activity {
	t.Helper()
	a := domain.Activity{
		Slug: slug, Area: domain.AreaEducation, Capacity: capacity, Open: true,
		Texts:    domain.Texts{Title: domain.Text{"da": "Eksamenstræning"}},
		StartsOn: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
		Sessions: []domain.Session{{StartsAt: time.Date(2027, 2, 1, 15, 0, 0, 0, time.UTC), Minutes: 90}},
		Form:     domain.Form{Fields: []domain.Field{{Key: "name", Type: domain.FieldText, Required: true}}},
	}
	id, err := st.CreateActivity(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	a.ID = id
	return a
}

func signup(a domain.Activity, i int) domain.Signup {
	return domain.Signup{
		ActivityID: a.ID, IdempotencyKey: fmt.Sprintf("idem-%s-%d", a.Slug, i),
		Name: fmt.Sprintf("Testperson %d", i), Phone: fmt.Sprintf("+45%08d", 20000000+i),
		Answers: domain.Answers{"name": "x"}, Lang: "da",
		ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now(),
	}
}

func TestSignupBeyondCapacityGoesToWaitlistUnderConcurrency(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	a := newActivity(t, st, "eksamenstraening-dansk", ip(15))
	const n = 200
	results := make([]domain.Signup, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := st.CreateSignup(context.Background(), signup(a, i))
			if err != nil {
				t.Errorf("signup %d: %v", i, err)
				return
			}
			results[i] = res.Signup
		}()
	}
	close(start)
	wg.Wait()
	var confirmed, waitlisted []domain.Signup
	for _, r := range results {
		switch r.Status {
		case domain.StatusConfirmed:
			confirmed = append(confirmed, r)
		case domain.StatusWaitlisted:
			waitlisted = append(waitlisted, r)
		}
	}
	if len(confirmed) != 15 || len(waitlisted) != 185 {
		t.Fatalf("confirmed %d, waitlisted %d; want 15 and 185", len(confirmed), len(waitlisted))
	}
	// Arrival order: every confirmed arrived before every waitlisted, and
	// the positions told are 1..185 in arrival order.
	sort.Slice(waitlisted, func(i, j int) bool { return waitlisted[i].Seq < waitlisted[j].Seq })
	for i, w := range waitlisted {
		if w.Position != i+1 {
			t.Fatalf("waitlisted seq %d told position %d, want %d", w.Seq, w.Position, i+1)
		}
		if w.Seq <= 15 {
			t.Fatalf("waitlisted sign-up has arrival number %d, within the first 15", w.Seq)
		}
	}
	got, err := st.ActivityBySlug(context.Background(), a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if got.Counts.Confirmed != 15 || got.Counts.Waitlisted != 185 {
		t.Fatalf("stored counts %+v", got.Counts)
	}
}

func TestCancellationPromotesFirstWaitlisted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "familieoplevelsesklubben", ip(2))
	var all []domain.Signup
	for i := range 4 {
		res, err := st.CreateSignup(ctx, signup(a, i))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, res.Signup)
	}
	if all[2].Status != domain.StatusWaitlisted || all[2].Position != 1 || all[3].Position != 2 {
		t.Fatalf("before cancel: %+v %+v", all[2], all[3])
	}
	res, err := st.CancelSignup(ctx, all[0].CancelToken)
	if err != nil {
		t.Fatal(err)
	}
	if res.Signup.Status != domain.StatusCancelled {
		t.Fatalf("cancelled sign-up has status %s", res.Signup.Status)
	}
	if len(res.Promoted) != 1 || res.Promoted[0].Reference != all[2].Reference || res.Promoted[0].Status != domain.StatusConfirmed {
		t.Fatalf("promoted %+v, want the first waitlisted %s", res.Promoted, all[2].Reference)
	}
	last, err := st.SignupByToken(ctx, all[3].CancelToken)
	if err != nil {
		t.Fatal(err)
	}
	if last.Position != 1 {
		t.Fatalf("second waitlisted now at position %d, want 1", last.Position)
	}
	// Cancelling again, or cancelling a waitlisted sign-up, promotes nobody.
	if res, err := st.CancelSignup(ctx, all[0].CancelToken); err != nil || len(res.Promoted) != 0 {
		t.Fatalf("second cancel: %+v, %v", res, err)
	}
	if res, err := st.CancelSignup(ctx, all[3].CancelToken); err != nil || len(res.Promoted) != 0 {
		t.Fatalf("cancel waitlisted: %+v, %v", res, err)
	}
	if _, err := st.CancelSignup(ctx, "no-such-token"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown token: %v", err)
	}
}

func TestDoubleSubmissionMakesOneRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", ip(20))
	su := signup(a, 1)
	var wg sync.WaitGroup
	results := make([]store.SignupResult, 5)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := st.CreateSignup(ctx, su)
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	repeats := 0
	for _, r := range results {
		if r.Signup.Reference != results[0].Signup.Reference {
			t.Fatalf("double submission gave two references: %s and %s", r.Signup.Reference, results[0].Signup.Reference)
		}
		if r.Repeated {
			repeats++
		}
	}
	if repeats != 4 {
		t.Fatalf("%d of 5 submissions were marked repeated, want 4", repeats)
	}
	var rows int
	if err := st.DB().Get(&rows, `SELECT count(*) FROM signups`); err != nil || rows != 1 {
		t.Fatalf("rows = %d, %v", rows, err)
	}
}

func TestSamePhoneTwiceIsToldHerReference(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "valgambassador", nil)
	first, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	again := signup(a, 1)
	again.IdempotencyKey = "a-new-form"
	_, err = st.CreateSignup(ctx, again)
	var dup *store.AlreadySignedUpError
	if !errors.As(err, &dup) || dup.Reference != first.Signup.Reference {
		t.Fatalf("second sign-up: %v, want AlreadySignedUpError with %s", err, first.Signup.Reference)
	}
	// After cancelling she may sign up again.
	if _, err := st.CancelSignup(ctx, first.Signup.CancelToken); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSignup(ctx, again); err != nil {
		t.Fatalf("sign-up after cancel: %v", err)
	}
}

func TestClosedActivityRefusesSignups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "hjaelpetraener", nil)
	if err := st.SetSignupOpen(ctx, a.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSignup(ctx, signup(a, 1)); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("sign-up on closed activity: %v", err)
	}
}
