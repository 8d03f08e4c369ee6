package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/jmoiron/sqlx"
)

// Reasons staff wrote about the test person, which name her situation.
const (
	signupReason   = "Flyttet til krisecenter"
	referralReason = "Sagsbehandler mener hun er for syg"
)

// rowsHolding lists every text or JSON column, in every table, that has
// a value containing s: the whole database, not the columns we expect.
func rowsHolding(t *testing.T, db *sqlx.DB, s string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	if err := db.Select(&cols, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, c := range cols {
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q::text LIKE '%%' || $1 || '%%'`, c.Table, c.Column)
		if err := db.Get(&n, q, s); err != nil {
			t.Fatalf("%s.%s: %v", c.Table, c.Column, err)
		}
		if n > 0 {
			found = append(found, fmt.Sprintf("%s.%s (%d rows)", c.Table, c.Column, n))
		}
	}
	return found
}

func TestStaffReasonsAreSealedReferencedAndErasedWithThePerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", nil)
	su := personSignup(t, st, a, "k1")
	if _, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: su.ID, To: domain.StatusCancelled,
		Reason: signupReason, By: store.Actor{}}); err != nil {
		t.Fatal(err)
	}
	ref := personReferral(t, st, domain.Target{ActivityID: a.ID}, "view:V1")
	if _, err := st.ChangeReferralStatus(ctx, ref.ID, store.StatusUpdate{Change: domain.StatusChange{To: domain.ReferralDeclined,
		Reason: referralReason, Category: domain.DeclineNoPlaces}, By: domain.Actor{Kind: domain.ActorStaff, ID: "staff@example.dk"},
		At: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}

	// Stored sealed: no column anywhere holds either reason as text.
	for _, reason := range []string{signupReason, referralReason} {
		if where := rowsHolding(t, st.DB(), reason); len(where) > 0 {
			t.Errorf("%q is readable in %s", reason, strings.Join(where, ", "))
		}
	}
	// The audit lines name the reason, they do not hold it.
	var details []string
	if err := st.DB().Select(&details, `SELECT detail::text FROM audit_log WHERE subject IN ($1, $2)`,
		store.SignupSubject(su.ID), store.ReferralSubject(ref.ID)); err != nil {
		t.Fatal(err)
	}
	refs := 0
	for _, d := range details {
		if strings.Contains(d, `"reason"`) {
			t.Errorf("an audit line holds a reason: %s", d)
		}
		if strings.Contains(d, `"reason_ref"`) {
			refs++
		}
	}
	if refs != 1 {
		t.Errorf("%d audit lines refer to a reason, want the one status change with a reason", refs)
	}
	// Staff still read them, where they read them.
	lines, err := st.AuditLog(ctx, store.SignupSubject(su.ID), domain.AuditSignupStatus, 10)
	if err != nil || len(lines) != 1 || lines[0].Detail["reason"] != signupReason {
		t.Fatalf("the sign-up's history: %+v, %v", lines, err)
	}
	back, err := st.ReferralByID(ctx, ref.ID)
	if err != nil || back.Reason != referralReason || back.DeclineCategory != domain.DeclineNoPlaces {
		t.Fatalf("the referral read back: %q, %q, %v", back.Reason, back.DeclineCategory, err)
	}
	events, err := st.ReferralEvents(ctx, ref.ID)
	if err != nil || events[len(events)-1].Reason != referralReason {
		t.Fatalf("the referral's history: %+v, %v", events, err)
	}

	// Erased with her: nothing is left to open, under any key.
	if _, err := st.ErasePerson(ctx, secretPhone, store.Actor{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	lines, _ = st.AuditLog(ctx, store.SignupSubject(su.ID), domain.AuditSignupStatus, 10)
	back, _ = st.ReferralByID(ctx, ref.ID)
	events, _ = st.ReferralEvents(ctx, ref.ID)
	if lines[0].Detail["reason"] != nil || back.Reason != "" || events[len(events)-1].Reason != "" {
		t.Errorf("a reason outlived the erasure: %v, %q, %q", lines[0].Detail["reason"], back.Reason, events[len(events)-1].Reason)
	}
	var left int
	if err := st.DB().Get(&left, `SELECT (SELECT count(*) FROM staff_reasons WHERE reason <> '')
		+ (SELECT count(*) FROM referral_events WHERE reason <> '') + (SELECT count(*) FROM referrals WHERE reason <> '')`); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d sealed reasons are left after erasing the only person", left)
	}
	if back.Status != domain.ReferralDeclined || back.DeclineCategory != domain.DeclineNoPlaces {
		t.Errorf("erasure lost the counts' facts: %s, %s", back.Status, back.DeclineCategory)
	}
}
