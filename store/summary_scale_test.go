package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/devdata"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// The stretch the generated data covers ends here, so weeks are fixed.
var generatedUntil = time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC) // Monday 08:00 in Copenhagen

func copenhagen(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// smallScale is the generated data CI runs with: one fiftieth of the
// benchmark's million sign-ups, over a year.
var smallScale = devdata.Options{Signups: 20_000, Referrals: 4_000, Attendance: 100_000, Weeks: 52,
	Until: generatedUntil, Seed: 1}

// TestWeekSummaryOverGeneratedData generates the small-scale data once and
// checks a week's summary against it: the numbers against counting by
// hand, and the queries against reading whole tables.
func TestWeekSummaryOverGeneratedData(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	o := smallScale
	o.Plan = storetest.Plan(t)
	made, err := devdata.Generate(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the generator made what was asked for", func(t *testing.T) { generatorMadeWhatWasAskedFor(t, st, made) })
	t.Run("agrees with counting by hand", func(t *testing.T) { summaryAgreesWithCountingByHand(t, st) })
	t.Run("queries use their indexes", func(t *testing.T) { summaryQueriesUseTheirIndexes(t, st) })
}

// summaryAgreesWithCountingByHand builds a week's summary from the
// generated data and counts the same things again in the plainest SQL.
func summaryAgreesWithCountingByHand(t *testing.T, st *store.Store) {
	ctx := context.Background()
	loc := copenhagen(t)
	w := domain.Week{Year: 2026, Num: 40}
	s, err := st.WeekSummary(ctx, storetest.Plan(t), w)
	if err != nil {
		t.Fatal(err)
	}
	start, end := w.Bounds(loc)
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := st.DB().GetContext(ctx, &n, q, args...); err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := []struct {
		name string
		got  int
		want int
	}{
		{"new sign-ups", s.Total.New, count(`SELECT count(*) FROM signups WHERE created_at >= $1 AND created_at < $2`, start, end)},
		{"cancelled", s.Total.Cancelled, count(`SELECT count(*) FROM signups WHERE status = 'cancelled' AND status_at >= $1 AND status_at < $2`, start, end)},
		{"sessions", s.Total.Sessions, count(`SELECT count(*) FROM activity_sessions WHERE starts_at >= $1 AND starts_at < $2`, start, end)},
		{"present", s.Total.Attendance.Num, count(`SELECT count(*) FROM attendance a JOIN activity_sessions se ON se.id = a.session_id
			WHERE a.present AND se.starts_at >= $1 AND se.starts_at < $2`, start, end)},
		{"referrals received", s.Total.Referrals.Received, count(`SELECT count(*) FROM referrals WHERE created_at >= $1 AND created_at < $2`, start, end)},
		{"enrolled in the week", s.Total.Referrals.Enrolled, count(`SELECT count(*) FROM referrals WHERE status = 'enrolled' AND status_at >= $1 AND status_at < $2`, start, end)},
		{"still open after 14 days", s.Total.Referrals.StillOpen, count(`SELECT count(*) FROM referrals r WHERE r.created_at < $2 AND
			(SELECT e.to_status FROM referral_events e WHERE e.referral_id = r.id AND e.at <= $1 ORDER BY e.at DESC, e.id DESC LIMIT 1)
			IN ('sent', 'accepted', 'contacted')`, end, end.AddDate(0, 0, -14))},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: summary %d, by hand %d", c.name, c.got, c.want)
		}
		if c.want == 0 && c.name != "cancelled" && c.name != "still open after 14 days" {
			t.Errorf("%s: the generated week has none; the check proves nothing", c.name)
		}
	}
	if s.Total.Fill.Den == 0 || s.Total.Attendance.Den == 0 || s.Total.DepartmentsReached == 0 {
		t.Errorf("totals %+v", s.Total)
	}
}

// summaryQueriesUseTheirIndexes proves every query of a week's summary
// sargable: with sequential scans priced out, the planner still finds an
// index for each table of sign-ups, attendance, referrals and their
// histories, so no query has to read one whole. (At this small scale
// reading a table whole may well be cheaper, so the planner is asked what
// it could do, not what it would.) BenchmarkWeekSummary shows the speed.
func summaryQueriesUseTheirIndexes(t *testing.T, st *store.Store) {
	ctx := context.Background()
	win := domain.NewWeekWindow(domain.Week{Year: 2026, Num: 40}, copenhagen(t))
	big := []string{"signups", "attendance", "referrals", "signup_events", "referral_events", "activity_sessions"}
	for name, q := range store.SummaryQueries(win) {
		tx, err := st.DB().BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var plan []byte
		if _, err = tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err == nil {
			err = tx.GetContext(ctx, &plan, `EXPLAIN (FORMAT JSON) `+q.SQL, q.Args...)
		}
		tx.Rollback()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, table := range seqScans(t, plan) {
			if slices.Contains(big, table) {
				t.Errorf("%s can only read all of %s:\n%s", name, table, plan)
			}
		}
	}
}

// seqScans lists the tables a plan reads whole.
func seqScans(t *testing.T, plan []byte) []string {
	var doc []struct{ Plan map[string]any }
	if err := json.Unmarshal(plan, &doc); err != nil || len(doc) == 0 {
		t.Fatalf("plan: %v", err)
	}
	var out []string
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		if n["Node Type"] == "Seq Scan" {
			out = append(out, fmt.Sprint(n["Relation Name"]))
		}
		kids, _ := n["Plans"].([]any)
		for _, k := range kids {
			if m, ok := k.(map[string]any); ok {
				walk(m)
			}
		}
	}
	walk(doc[0].Plan)
	return out
}

// generatorMadeWhatWasAskedFor counts the generated rows and looks at one.
func generatorMadeWhatWasAskedFor(t *testing.T, st *store.Store, made devdata.Made) {
	ctx := context.Background()
	counts := map[string]int{}
	for _, table := range []string{"signups", "referrals", "attendance", "activities", "activity_sessions"} {
		var n int
		if err := st.DB().GetContext(ctx, &n, `SELECT count(*) FROM `+table); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	seeded := counts["activities"] - made.Activities // none: storetest seeds nothing
	if made.Signups != 20_000 || counts["signups"] != 20_000 || made.Referrals != 4_000 || counts["referrals"] != 4_000 ||
		made.Attendance != 100_000 || counts["attendance"] != 100_000 || seeded != 0 || made.Sessions != counts["activity_sessions"] {
		t.Fatalf("made %+v, tables hold %v", made, counts)
	}
	// Everyone is made up, and sealed like real personal data.
	var name, phone string
	if err := st.DB().QueryRowContext(ctx, `SELECT name, phone FROM signups LIMIT 1`).Scan(&name, &phone); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(name, "Testperson") || strings.HasPrefix(phone, "+45") {
		t.Fatalf("a generated sign-up is stored in clear text: %q %q", name, phone)
	}
}
