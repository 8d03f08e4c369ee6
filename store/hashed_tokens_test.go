package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func TestOnlyHashesOfCancelLinksAndFormKeysAreStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "jobaften", ip(10))
	su := signup(a, 1)
	res, err := st.CreateSignup(ctx, su)
	if err != nil || res.Signup.CancelToken == "" {
		t.Fatalf("sign-up: %+v, %v", res, err)
	}
	token := res.Signup.CancelToken
	var row struct {
		Cancel string `db:"cancel_token"`
		Key    string `db:"idempotency_key"`
	}
	if err := st.DB().Get(&row, `SELECT cancel_token, idempotency_key FROM signups`); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(token))
	if row.Cancel != hex.EncodeToString(sum[:]) || row.Key == su.IdempotencyKey {
		t.Fatalf("stored %+v: want the token's SHA-256, and not the form's key", row)
	}
	again, err := st.CreateSignup(ctx, su)
	if err != nil || !again.Repeated || again.Signup.CancelToken != token {
		t.Fatalf("the form sent again: %+v, %v; want the same link %s", again, err, token)
	}
	if got, err := st.SignupByToken(ctx, token); err != nil || got.Reference != res.Signup.Reference {
		t.Fatalf("the link: %+v, %v", got, err)
	}
	if _, err := st.SignupByToken(ctx, row.Cancel); err == nil {
		t.Fatal("the stored hash works as a link")
	}
}

func TestMigration010KeepsOldLinksWorking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.NewDatabase(t), storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.MigrateWithout(ctx, 10); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, st, "jobaften", ip(10))
	res, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	// A sign-up as stored before 010: its token and form key in plain text.
	const old = "gammel-privat-token-0123456789"
	if _, err := st.DB().Exec(`UPDATE signups SET cancel_token = $1, idempotency_key = 'gammel-formular-noegle'`, old); err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migration 010 on old data: %v", err)
	}
	var plain int
	if err := st.DB().Get(&plain, `SELECT count(*) FROM signups WHERE cancel_token = $1 OR idempotency_key = 'gammel-formular-noegle'`, old); err != nil || plain != 0 {
		t.Fatalf("%d rows still hold a plain token or key (%v)", plain, err)
	}
	if c, err := st.CancelSignup(ctx, old); err != nil || c.Signup.Reference != res.Signup.Reference {
		t.Fatalf("the old link after 010: %+v, %v", c, err)
	}
}

// An SMS short link opens her cancel page, so a database copy must not
// hold it either: only its hash is stored, the service derives the same
// code each time it writes to her, and the hash itself opens nothing.
func TestOnlyTheHashOfAnSMSShortLinkIsStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "jobaften", ip(10))
	res, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	code, err := st.ShortCode(ctx, res.Signup.ID)
	if err != nil || len(code) != store.ShortCodeLen {
		t.Fatalf("short code %q, %v", code, err)
	}
	var stored string
	if err := st.DB().Get(&stored, `SELECT short_code FROM signups WHERE id = $1`, res.Signup.ID); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(code))
	if stored != hex.EncodeToString(sum[:]) {
		t.Fatalf("stored %q for code %q: want the code's SHA-256", stored, code)
	}
	if again, err := st.ShortCode(ctx, res.Signup.ID); err != nil || again != code {
		t.Fatalf("the next SMS's code: %q, %v; want %q again", again, err, code)
	}
	if got, err := st.SignupByShortCode(ctx, code); err != nil || got.Reference != res.Signup.Reference {
		t.Fatalf("the short link: %+v, %v", got, err)
	}
	if _, err := st.SignupByShortCode(ctx, stored); err == nil {
		t.Fatal("the stored hash works as a short link")
	}
}

// A short code drawn before migration 021 is stored as its hash and keeps
// working; the next SMS gives her a derived code.
func TestMigration021KeepsOldShortLinksWorking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "jobaften", ip(10))
	res, err := st.CreateSignup(ctx, signup(a, 1))
	if err != nil {
		t.Fatal(err)
	}
	// What 021 does to a code drawn before it.
	if _, err := st.DB().Exec(`UPDATE signups SET short_code = encode(sha256(convert_to('abcd2345', 'UTF8')), 'hex'), short_code_n = NULL WHERE id = $1`, res.Signup.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := st.SignupByShortCode(ctx, "abcd2345"); err != nil || got.Reference != res.Signup.Reference {
		t.Fatalf("the old short link: %+v, %v", got, err)
	}
	code, err := st.ShortCode(ctx, res.Signup.ID)
	if err != nil || code == "abcd2345" || len(code) != store.ShortCodeLen {
		t.Fatalf("the next SMS's code: %q, %v", code, err)
	}
	if got, err := st.SignupByShortCode(ctx, code); err != nil || got.Reference != res.Signup.Reference {
		t.Fatalf("the new short link: %+v, %v", got, err)
	}
}
