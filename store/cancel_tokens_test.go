package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// asBeforeMigration010 gives a sign-up a random cancel token stored as
// migration 010 left such tokens (its SHA-256 in hex) and returns it.
func asBeforeMigration010(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	b := make([]byte, 16)
	rand.Read(b)
	old := "pre010-" + hex.EncodeToString(b)
	if _, err := st.DB().Exec(`UPDATE signups SET cancel_token = encode(sha256(convert_to($1, 'UTF8')), 'hex')
		WHERE id = $2`, old, id); err != nil {
		t.Fatal(err)
	}
	return old
}

func aliasesOf(t *testing.T, st *store.Store, id int64) int {
	t.Helper()
	var n int
	if err := st.DB().Get(&n, `SELECT count(*) FROM cancel_aliases WHERE signup_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSignupFromBeforeHashedTokensGetsADerivableTokenAndKeepsHerOldLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", ip(1))
	first, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.CreateSignup(ctx, signup(a, 2)) // waitlisted, derivable all along
	if err != nil {
		t.Fatal(err)
	}
	old := asBeforeMigration010(t, st, first.Signup.ID)
	if su, err := st.SignupByToken(ctx, old); err != nil || su.CancelToken != "" {
		t.Fatalf("before: token %q, %v; want her sign-up with no token the service can show", su.CancelToken, err)
	}
	n, err := st.RehashCancelTokens(ctx, 1) // batches of one: the loop must go round
	if err != nil || n != 1 {
		t.Fatalf("derived %d tokens, %v; want her one", n, err)
	}
	if n, err := st.RehashCancelTokens(ctx, 500); err != nil || n != 0 {
		t.Fatalf("a second start derived %d more, %v; want none", n, err)
	}
	su, err := st.SignupByToken(ctx, old)
	if err != nil || su.ID != first.Signup.ID || su.CancelToken == "" || su.CancelToken == old {
		t.Fatalf("her old link: sign-up %d, token %q, %v; want hers with a new derived token", su.ID, su.CancelToken, err)
	}
	if again, err := st.SignupByToken(ctx, su.CancelToken); err != nil || again.ID != su.ID {
		t.Fatalf("her new link: sign-up %d, %v", again.ID, err)
	}
	res, err := st.CancelSignup(ctx, old)
	if err != nil || res.Signup.Status != domain.StatusCancelled {
		t.Fatalf("cancel by her old link: %+v, %v", res.Signup, err)
	}
	if len(res.Promoted) != 1 || res.Promoted[0].ID != second.Signup.ID {
		t.Errorf("her freed place went to %+v, want the next in line", res.Promoted)
	}
}

func TestCancelTokensDerivedUnderAnOldKeyWorkOnceItIsRetired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	oldKey, _ := crypt.ParseKey(crypt.GenerateKey())
	newKey, _ := crypt.ParseKey(crypt.GenerateKey())
	open := func(current *crypt.Key, old ...*crypt.Key) *store.Store {
		st, err := store.Open(ctx, dbURL, store.WithKeys(crypt.NewKeyring(current, old...)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	before := open(oldKey)
	if err := before.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, before, "mamamove", nil)
	res, err := before.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	pre, err := before.CreateSignup(ctx, signup(a, 2))
	if err != nil {
		t.Fatal(err)
	}
	preOld := asBeforeMigration010(t, before, pre.Signup.ID)
	rot, err := open(newKey, oldKey).RotateKeys(ctx, 500)
	if err != nil || rot.Tokens != 2 {
		t.Fatalf("rotation: %+v, %v; want both tokens derived under the new key", rot, err)
	}
	after := open(newKey) // the old key is retired
	for old, id := range map[string]int64{res.Signup.CancelToken: res.Signup.ID, preOld: pre.Signup.ID} {
		su, err := after.SignupByToken(ctx, old)
		if err != nil || su.ID != id || su.CancelToken == "" {
			t.Fatalf("old link of sign-up %d: sign-up %d, token %q, %v", id, su.ID, su.CancelToken, err)
		}
		if c, err := after.CancelSignup(ctx, old); err != nil || c.Signup.Status != domain.StatusCancelled {
			t.Errorf("cancel sign-up %d by her old link: %v, %v", id, c.Signup.Status, err)
		}
	}
}

func TestTwoInstancesStartingTogetherDeriveEachTokenOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	var sts [2]*store.Store
	for i := range sts {
		st, err := store.Open(ctx, dbURL, storetest.WithKeys())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		sts[i] = st
	}
	if err := sts[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, sts[0], "mamamove", nil)
	olds := map[string]int64{}
	for i := range 60 {
		res, err := sts[0].CreateSignup(ctx, signup(a, i))
		if err != nil {
			t.Fatal(err)
		}
		olds[asBeforeMigration010(t, sts[0], res.Signup.ID)] = res.Signup.ID
	}
	var wg sync.WaitGroup
	var counts [2]int
	for i, st := range sts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := st.RehashCancelTokens(ctx, 7)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if n, err := sts[0].RehashCancelTokens(ctx, 500); err != nil || counts[0]+counts[1]+n != 60 {
		t.Fatalf("derived %d + %d, then %d more (%v); want 60 in all", counts[0], counts[1], n, err)
	}
	for old, id := range olds {
		su, err := sts[1].SignupByToken(ctx, old)
		if err != nil || su.ID != id || su.CancelToken == "" || aliasesOf(t, sts[1], id) != 1 {
			t.Fatalf("sign-up %d: found %d, token %q, %d aliases, %v", id, su.ID, su.CancelToken, aliasesOf(t, sts[1], id), err)
		}
	}
}

func TestErasingHerSignupForgetsHerOldLinksToo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", nil)
	res, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	old := asBeforeMigration010(t, st, res.Signup.ID)
	if _, err := st.RehashCancelTokens(ctx, 500); err != nil {
		t.Fatal(err)
	}
	if aliasesOf(t, st, res.Signup.ID) != 1 {
		t.Fatal("her old link was not kept")
	}
	if _, err := st.EraseOwnSignup(ctx, old, time.Now()); err != nil {
		t.Fatalf("erase by her old link: %v", err)
	}
	if n := aliasesOf(t, st, res.Signup.ID); n != 0 {
		t.Errorf("erasure left %d of her old links", n)
	}
	if _, err := st.SignupByToken(ctx, old); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("her old link after erasure: %v, want not found", err)
	}
}

func TestOfferCanBeAnsweredByHerOldLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if err := st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, st, "mamamove", ip(1))
	first, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	su := signup(a, 2)
	su.Phone = "+4522334499" // a mobile: she gets an offer
	second, err := st.CreateSignup(ctx, su)
	if err != nil {
		t.Fatal(err)
	}
	old := asBeforeMigration010(t, st, second.Signup.ID)
	if _, err := st.RehashCancelTokens(ctx, 500); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CancelSignup(ctx, first.Signup.CancelToken); err != nil {
		t.Fatal(err)
	}
	if su, err := st.SignupByToken(ctx, old); err != nil || su.OfferExpiresAt.IsZero() {
		t.Fatalf("her old link: %+v, %v; want her page with the offer", su, err)
	}
	got, err := st.AcceptOffer(ctx, old)
	if err != nil || got.Status != domain.StatusConfirmed || got.OfferOutcome != domain.OfferAccepted {
		t.Fatalf("accept by her old link: %v (%v), %v; want the place", got.Status, got.OfferOutcome, err)
	}
}

// Both ways to a sign-up from a link's hash,
// her current token and an older one, read an index, never a whole table.
func TestCancelLinkLookupsUseTheirIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	for name, q := range store.CancelLinkQueries {
		tx, err := st.DB().BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var plan []byte
		if _, err = tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err == nil {
			err = tx.GetContext(ctx, &plan, `EXPLAIN (FORMAT JSON) `+q, "0123abcd")
		}
		tx.Rollback()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if seq := seqScans(t, plan); len(seq) > 0 {
			t.Errorf("%s reads all of %v:\n%s", name, seq, plan)
		}
	}
}
