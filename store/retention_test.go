package store_test

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// counts are every number the plan reports from the data: per activity,
// per session, per status, department, age and referring organisation.
func counts(t *testing.T, st *store.Store, acts ...domain.Activity) map[string]int {
	t.Helper()
	ctx := context.Background()
	out := map[string]int{}
	list, err := st.StaffActivities(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		out[a.Slug+" confirmed"], out[a.Slug+" waitlisted"] = a.Counts.Confirmed, a.Counts.Waitlisted
	}
	for _, a := range acts {
		sheet, err := st.AttendanceSheet(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range sheet.PerSession {
			out[fmt.Sprintf("%s session %d present", a.Slug, i)] = n
		}
		out[a.Slug+" on the sheet"] = len(sheet.Rows)
	}
	var rows []struct {
		Key string `db:"key"`
		N   int    `db:"n"`
	}
	if err := st.DB().Select(&rows, `
		SELECT 'signup ' || status || ' ' || department || ' ' || coalesce(age::text, '-') || ' ' || lang AS key, count(*) AS n
			FROM signups GROUP BY 1
		UNION ALL SELECT 'referral ' || status || ' ' || referrer_org || ' ' || age_group || ' ' || department, count(*)
			FROM referrals GROUP BY 1
		UNION ALL SELECT 'attendance ' || present::text, count(*) FROM attendance GROUP BY 1`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		out[r.Key] = r.N
	}
	return out
}

// TestRetentionErasesExactlyTheExpiredAndKeepsEveryCount runs the daily
// erasure with a clock moved past one activity's retention: its people
// and referrals lose their personal fields, another activity's keep them,
// and every count the summaries use is the same before and after.
func TestRetentionErasesExactlyTheExpiredAndKeepsEveryCount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	ended := newActivity(t, st, "mamamove-foraar", ip(2)) // last session 1 February 2027, 16:30
	running := newActivity(t, st, "mamamove-efteraar", nil)
	running.Sessions[0].StartsAt = time.Date(2028, 9, 1, 15, 0, 0, 0, time.UTC)
	if _, err := st.UpdateActivity(ctx, running, store.Actor{}); err != nil {
		t.Fatal(err)
	}
	old := signUp(t, st, ended, 3) // two places, one waiting
	personSignup(t, st, running, "k-running")
	full, _ := st.ActivityByID(ctx, ended.ID)
	marker := store.Actor{StaffID: newStaff(t, st, "rollcall@example.dk", domain.RoleStaff).ID}
	if _, err := st.SetAttendance(ctx, ended.ID, full.Sessions[0].ID, old[0].ID, true, marker); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetAttendance(ctx, ended.ID, full.Sessions[0].ID, old[1].ID, false, marker); err != nil {
		t.Fatal(err)
	}
	toEnded := personReferral(t, st, domain.Target{ActivityID: ended.ID}, "view:V1")
	toRunning := personReferral(t, st, domain.Target{ActivityID: running.ID}, "view:V2")
	offer := newReferral(0, "view:V3")
	offer.Target, offer.Phone = domain.Target{OfferKey: "beboerraadgivning"}, secretPhone
	offer.StatusAt = time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC) // its last change: due on 15 January 2028
	toOffer, err := st.CreateReferral(ctx, offer, nil)
	if err != nil {
		t.Fatal(err)
	}

	before := counts(t, st, ended, running)
	end := time.Date(2027, 2, 1, 16, 30, 0, 0, time.UTC)
	// Before any retention has run out, nothing goes.
	if res, err := st.EraseExpired(ctx, time.Date(2028, 1, 14, 0, 0, 0, 0, time.UTC), domain.DefaultRetentionDays); err != nil || res.Signups+res.Referrals != 0 {
		t.Fatalf("a day early: %+v, %v", res, err)
	}
	// Two instances run it at the same moment; one does the work.
	var wg sync.WaitGroup
	results := make([]store.RetentionResult, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = st.EraseExpired(ctx, end.AddDate(0, 0, 365), domain.DefaultRetentionDays); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	total := store.RetentionResult{Signups: results[0].Signups + results[1].Signups, Referrals: results[0].Referrals + results[1].Referrals}
	if total.Signups != 3 || total.Referrals != 2 {
		t.Fatalf("erased %+v and %+v; want the ended activity's 3 sign-ups, and its referral and the offer's", results[0], results[1])
	}
	if after := counts(t, st, ended, running); !maps.Equal(before, after) {
		t.Fatalf("counts changed:\nbefore %v\nafter  %v", before, after)
	}
	for _, su := range old {
		got, err := st.StaffSignupByID(ctx, su.ID)
		if err != nil || got.Name != "" || got.Phone != "" || len(got.Answers) != 0 || got.ErasedAt.IsZero() || got.Reference != su.Reference {
			t.Fatalf("an expired sign-up kept %+v, %v", got, err)
		}
	}
	if p, _ := st.FindPerson(ctx, secretPhone); len(p.Signups) != 1 || p.Signups[0].ActivityID != running.ID ||
		p.Signups[0].Note != secretNote || len(p.Referrals) != 1 || p.Referrals[0].ID != toRunning.ID {
		t.Fatalf("what is left under her phone: %+v", p)
	}
	for _, id := range []int64{toEnded.ID, toOffer.Referral.ID} {
		if r, _ := st.ReferralByID(ctx, id); r.FirstName != "" || r.Phone != "" || r.Note != "" || r.Referrer.OrgKey == "" {
			t.Fatalf("an expired referral kept %+v", r)
		}
	}
	if n := len(auditLines(t, st, domain.AuditRetentionErase, store.ActivitySubject(ended.ID))); n != 1 {
		t.Fatalf("%d retention audit lines for the ended activity", n)
	}
	// A shorter retention of its own makes the running activity's data go
	// earlier, and nothing is erased twice.
	running.RetentionDays = ip(30)
	if _, err := st.UpdateActivity(ctx, running, store.Actor{}); err != nil {
		t.Fatal(err)
	}
	res, err := st.EraseExpired(ctx, time.Date(2028, 10, 2, 0, 0, 0, 0, time.UTC), domain.DefaultRetentionDays)
	if err != nil || res.Signups != 1 || res.Referrals != 1 {
		t.Fatalf("with 30 days' retention: %+v, %v", res, err)
	}
}
