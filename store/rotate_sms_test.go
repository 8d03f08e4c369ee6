package store_test

import (
	"context"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// A resident who wrote STOP, and wrote staff a question, before a key
// rotation: once the old key is retired she is still opted out, and
// staff still read her question beside her sign-up. Both are kept by her
// number's hash alone, so the rotation carries them over from her
// sign-up's number.
func TestKeyRotationKeepsOptOutsAndRepliesForStaff(t *testing.T) {
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
	phone := signup(a, 1).Phone
	if _, err := before.RecordInbound(ctx, "gw-1", phone, "Hvornår starter det?", store.InboundForStaff); err != nil {
		t.Fatal(err)
	}
	if err := before.OptOut(ctx, phone); err != nil {
		t.Fatal(err)
	}
	rot, err := open(newKey, oldKey).RotateKeys(ctx, 500)
	if err != nil {
		t.Fatal(err)
	}
	if rot.SMS != 1 {
		t.Errorf("rotation re-sealed %d SMS texts, want her one reply", rot.SMS)
	}
	after := open(newKey) // the old key is retired
	if out, err := after.OptedOut(ctx, phone); err != nil || !out {
		t.Errorf("after the rotation her STOP is forgotten (opted out %v, %v)", out, err)
	}
	replies, err := after.RepliesForStaff(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(replies) != 1 || replies[0].Text != "Hvornår starter det?" || replies[0].SignupID != res.Signup.ID {
		t.Errorf("staff see %+v, want her question beside sign-up %d", replies, res.Signup.ID)
	}
}
