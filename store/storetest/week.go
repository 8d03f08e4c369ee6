package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// SampleWeek is a small week whose summary is known by heart, for tests
// of what the summary shows in Slack and on the staff page:
//
//   - "Testaktivitet Uge" (education, 3 places) gets 4 sign-ups on
//     Tuesday: three places (two from Munkevangen aged 30 and 31, one
//     from AAB 33 aged 16) and one on the waiting list (elsewhere, no
//     age). The 16-year-old cancels on Thursday.
//   - Its session on Wednesday at 17:00 expects 3; 2 are present.
//   - Familiehuset refers 6 residents on Tuesday (one is enrolled on
//     Friday), Sundhedsplejen 2 (one declined on Friday), and one of
//     Familiehuset's from 20 days before the week's end is still open.
//
// So: 4 new, 1 cancelled, 2 of 3 places at the end, 1 waiting, 2 of 3
// present, 2 participants, 8 referrals received, 1 open for over 14 days,
// 3 of the 14 departments reached; Familiehuset sees 6 received and "<5"
// enrolled and open, Sundhedsplejen "<5" received and declined.
type SampleWeek struct {
	Week       domain.Week
	ActivityID int64
}

// NewSampleWeek writes the sample week w into st. Personal fields are
// left empty: summaries never read them.
func NewSampleWeek(t testing.TB, st *store.Store, w domain.Week, loc *time.Location) SampleWeek {
	t.Helper()
	ctx := context.Background()
	mon, end := w.Bounds(loc)
	day := func(d, hour int) time.Time {
		return time.Date(mon.Year(), mon.Month(), mon.Day()+d, hour, 0, 0, 0, loc)
	}
	db := st.DB()
	act := AddActivity(t, st, fmt.Sprintf("uge-%d", w.Year*100+w.Num), "Testaktivitet Uge", 3, -1)
	session := AddSession(t, st, act, day(2, 17))
	people := []struct {
		status, dept string
		age          int
	}{{"confirmed", "fsb-01-29", 30}, {"confirmed", "fsb-01-29", 31}, {"confirmed", "aab-33", 16}, {"waitlisted", "other", -1}}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = AddSignup(t, st, act, p.status, p.dept, p.age, day(1, 10))
	}
	exec(t, st, `UPDATE signups SET status = 'cancelled', status_at = $2 WHERE id = $1`, ids[2], day(3, 12))
	for i, present := range []bool{true, true, false} {
		Mark(t, st, session, ids[i], present)
	}
	refer := func(org, dept, age string, activity, offer any, at time.Time, path ...string) {
		if len(path) == 0 {
			path = []string{"sent"}
		}
		var id int64
		must(t, db.GetContext(ctx, &id, `INSERT INTO referrals (activity_id, offer_key, first_name, department, age_group,
			language, contact_method, consent_version, consented_at, referrer_team_id, referrer_user_id, referrer_org,
			status, reason, status_at, created_at, dedupe_key)
			VALUES ($1, $2, '', $3, $4, 'da', 'call', 'v', $5, 'T0', 'U0', $6, $7, $8, $9, $5, gen_random_uuid()::text)
			RETURNING id`, activity, offer, dept, age, at, org, path[len(path)-1], reasonFor(path[len(path)-1]),
			at.Add(time.Duration(len(path)-1)*24*time.Hour)))
		from := ""
		for j, to := range path {
			exec(t, st, `INSERT INTO referral_events (referral_id, from_status, to_status, reason, actor, at)
				VALUES ($1, $2, $3, $4, 'staff:test', $5)`, id, from, to, reasonFor(to), at.Add(time.Duration(j)*24*time.Hour))
			from = to
		}
	}
	for i := range 6 {
		var path []string
		if i == 0 {
			path = []string{"sent", "accepted", "contacted", "enrolled"} // Tuesday to Friday
		}
		refer("sof-familiehuset", "3b-6067", "25-64", nil, "beboerraadgivning", day(1, 9), path...)
	}
	refer("buf-sundhedsplejen", "fsb-01-29", "0-5", act, nil, day(1, 9))
	refer("buf-sundhedsplejen", "fsb-01-29", "0-5", act, nil, day(1, 9), "sent", "accepted", "contacted", "declined")
	refer("sof-familiehuset", "3b-6067", "25-64", nil, "beboerraadgivning", end.AddDate(0, 0, -20))
	return SampleWeek{Week: w, ActivityID: act}
}

// AddActivity adds an activity in the education area, with a title in
// Danish, a number of places and an upper age (-1: none).
func AddActivity(t testing.TB, st *store.Store, slug, title string, capacity, maxAge int) int64 {
	t.Helper()
	var maxArg any
	if maxAge >= 0 {
		maxArg = maxAge
	}
	texts, _ := json.Marshal(map[string]any{"title": map[string]string{"da": title, "en": title}})
	var id int64
	must(t, st.DB().GetContext(context.Background(), &id, `INSERT INTO activities (slug, area, texts, capacity, max_age, form)
		VALUES ($1, 'uddannelse-og-livschancer', $2, $3, $4, '{"fields": []}') RETURNING id`, slug, texts, capacity, maxArg))
	return id
}

// AddSession adds a 90-minute session to an activity.
func AddSession(t testing.TB, st *store.Store, activityID int64, at time.Time) int64 {
	t.Helper()
	var id int64
	must(t, st.DB().GetContext(context.Background(), &id, `INSERT INTO activity_sessions (activity_id, starts_at, minutes)
		VALUES ($1, $2, 90) RETURNING id`, activityID, at))
	return id
}

// AddSignup adds a sign-up with a status, department and age (-1: none),
// made at a moment, and with no personal data: it is for counting.
func AddSignup(t testing.TB, st *store.Store, activityID int64, status, dept string, age int, at time.Time) int64 {
	t.Helper()
	var ageArg any
	if age >= 0 {
		ageArg = age
	}
	var id int64
	must(t, st.DB().GetContext(context.Background(), &id, `WITH seq AS (
			UPDATE activities SET next_seq = next_seq + 1 WHERE id = $1 RETURNING next_seq)
		INSERT INTO signups (activity_id, seq, reference, cancel_token, idempotency_key,
			status, name, phone, department, age, answers, lang, consent_version, consented_at, created_at, status_at)
		SELECT $1, seq.next_seq, k, k, k, $2, '', '', $3, $4, '', 'da', 'v', $5, $5, $5
		FROM seq, (SELECT 'count-' || gen_random_uuid()::text AS k) key
		RETURNING id`, activityID, status, dept, ageArg, at))
	return id
}

// Mark marks a sign-up present at, or absent from, a session.
func Mark(t testing.TB, st *store.Store, sessionID, signupID int64, present bool) {
	t.Helper()
	exec(t, st, `INSERT INTO attendance (session_id, signup_id, present, marked_by)
		VALUES ($1, $2, $3, $4)`, sessionID, signupID, present, sampleStaff(t, st))
}

func reasonFor(status string) string {
	if status == "declined" {
		return "Uden for målgruppen"
	}
	return ""
}

// sampleStaff is the account the sample's roll call is marked by.
func sampleStaff(t testing.TB, st *store.Store) int64 {
	var id int64
	must(t, st.DB().GetContext(context.Background(), &id, `INSERT INTO staff (email, name) VALUES ('sample@tilmeld.invalid', 'Sample')
		ON CONFLICT ON CONSTRAINT staff_email_key DO UPDATE SET name = excluded.name RETURNING id`))
	return id
}

func exec(t testing.TB, st *store.Store, q string, args ...any) {
	t.Helper()
	_, err := st.DB().ExecContext(context.Background(), q, args...)
	must(t, err)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("storetest: sample week: %v", err)
	}
}
