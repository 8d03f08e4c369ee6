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
