package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/lib/pq"
)

// The queries of one week's summary. Each reads one range of time through
// an index made for it (migration 005) and adds up in SQL, so a week
// costs the same with a million sign-ups as with a thousand. $1 and $2
// are the week's first moment and the first moment after it.
//
// The status a sign-up (or referral) had at a moment T is written out
// where it is needed: its present status if that was set by T, else the
// last one its history had by T. Written out, not wrapped in a function,
// because Postgres runs such a function row by row instead of planning it
// into the query, which made the sessions query seven times slower.
const (
	// New sign-ups, added up per activity, per department and per age
	// group ($3: domain.AgeGroupBounds) on their own.
	summarySignups = `SELECT GROUPING(activity_id) = 0 AS by_activity, GROUPING(department) = 0 AS by_department,
       activity_id, department, age_group, count(*) AS n
FROM (SELECT activity_id, department, width_bucket(age, $3::int[]) AS age_group
      FROM signups
      WHERE created_at >= $1 AND created_at < $2) s
GROUP BY GROUPING SETS ((activity_id), (department), (age_group))`

	// Sign-ups cancelled during the week.
	summaryCancelled = `SELECT activity_id, count(DISTINCT signup_id) AS n
FROM signup_events
WHERE at >= $1 AND at < $2 AND status = 'cancelled'
GROUP BY activity_id`

	// Each session held in the week: how many were marked at its roll
	// call, how many present, and how many expected (held a place when it
	// began, or were marked present all the same).
	summarySessions = `SELECT se.id, se.activity_id, se.starts_at,
       count(*) FILTER (WHERE x.marked) AS marked,
       count(*) FILTER (WHERE x.present) AS present,
       count(*) FILTER (WHERE x.present OR x.placed) AS expected
FROM activity_sessions se
LEFT JOIN LATERAL (
    SELECT at.signup_id IS NOT NULL AS marked, coalesce(at.present, false) AS present,
           CASE WHEN s.status_at <= se.starts_at THEN s.status ELSE (
               SELECT e.status FROM signup_events e WHERE e.signup_id = s.id AND e.at <= se.starts_at
               ORDER BY e.at DESC, e.id DESC LIMIT 1) END = 'confirmed' AS placed
    FROM signups s
    LEFT JOIN attendance at ON at.session_id = se.id AND at.signup_id = s.id
    WHERE s.activity_id = se.activity_id AND (s.created_at <= se.starts_at OR at.signup_id IS NOT NULL)
) x ON true
WHERE se.starts_at >= $1 AND se.starts_at < $2
GROUP BY se.id`

	// Sign-ups present at least once in the week (each once, however
	// often she came), added up like the new ones. Their activities' sign-
	// ups are read together and matched against the week's present marks,
	// rather than looked up one by one.
	summaryAttended = `SELECT GROUPING(activity_id) = 0 AS by_activity, GROUPING(department) = 0 AS by_department,
       activity_id, department, age_group, count(*) AS n
FROM (SELECT s.activity_id, s.department, width_bucket(s.age, $3::int[]) AS age_group
      FROM signups s
      WHERE s.activity_id IN (SELECT activity_id FROM activity_sessions WHERE starts_at >= $1 AND starts_at < $2)
        AND EXISTS (SELECT 1 FROM activity_sessions se
                    JOIN attendance at ON at.session_id = se.id AND at.present
                    WHERE se.activity_id = s.activity_id AND at.signup_id = s.id
                      AND se.starts_at >= $1 AND se.starts_at < $2)) p
GROUP BY GROUPING SETS ((activity_id), (department), (age_group))`

	// The activities a week's summary has a line for: those with a new
	// sign-up, a cancellation or a session in the week. (Anyone present
	// was present at a session.)
	summaryWeekActivities = `SELECT activity_id FROM signups WHERE created_at >= $1 AND created_at < $2
UNION SELECT activity_id FROM signup_events WHERE at >= $1 AND at < $2 AND status = 'cancelled'
UNION SELECT activity_id FROM activity_sessions WHERE starts_at >= $1 AND starts_at < $2`

	// Places held and waiting when the week ended, in the week's
	// activities.
	summaryPlaces = `SELECT s.activity_id,
       count(*) FILTER (WHERE x.status = 'confirmed') AS confirmed,
       count(*) FILTER (WHERE x.status = 'waitlisted') AS waitlisted
FROM signups s
CROSS JOIN LATERAL (SELECT CASE WHEN s.status_at <= $2 THEN s.status ELSE (
    SELECT e.status FROM signup_events e WHERE e.signup_id = s.id AND e.at <= $2
    ORDER BY e.at DESC, e.id DESC LIMIT 1) END AS status) x
WHERE s.activity_id IN (` + summaryWeekActivities + `) AND s.created_at < $2
GROUP BY s.activity_id`

	// Referrals received, added up per organisation, per target (an
	// activity's area or a counselling offer), per department and per age
	// group on their own.
	summaryReferrals = `SELECT GROUPING(org) = 0 AS by_org, GROUPING(area, offer_key) = 0 AS by_target,
       GROUPING(department) = 0 AS by_department,
       coalesce(org, '') AS org, coalesce(area, '') AS area, coalesce(offer_key, '') AS offer_key,
       coalesce(department, '') AS department, coalesce(age_group, '') AS age_group, count(*) AS n
FROM (SELECT r.referrer_org AS org, coalesce(a.area, '') AS area, coalesce(r.offer_key, '') AS offer_key,
             r.department, r.age_group
      FROM referrals r
      LEFT JOIN activities a ON a.id = r.activity_id
      WHERE r.created_at >= $1 AND r.created_at < $2) r
GROUP BY GROUPING SETS ((org), (area, offer_key), (department), (age_group))`

	// Referrals whose last change in the week reached an outcome ($3).
	summaryOutcomes = `SELECT r.referrer_org AS org, last.to_status AS status, count(*) AS n
FROM (SELECT DISTINCT ON (e.referral_id) e.referral_id, e.to_status
      FROM referral_events e
      WHERE e.at >= $1 AND e.at < $2
      ORDER BY e.referral_id, e.at DESC, e.id DESC) last
JOIN referrals r ON r.id = last.referral_id
WHERE last.to_status = ANY($3)
GROUP BY 1, 2`

	// Referrals open ($3) when the week ended ($1), sent before $2: those
	// unchanged since, in an open status; and those changed since, whose
	// history had them open then. The two halves do not overlap.
	summaryStillOpen = `SELECT org, count(*) AS n
FROM (SELECT r.referrer_org AS org
      FROM referrals r
      WHERE r.status = ANY($3) AND r.created_at < $2 AND r.status_at <= $1
    UNION ALL
      SELECT r.referrer_org
      FROM referrals r
      WHERE r.status_at > $1 AND r.created_at < $2
        AND (SELECT e.to_status FROM referral_events e WHERE e.referral_id = r.id AND e.at <= $1
             ORDER BY e.at DESC, e.id DESC LIMIT 1) = ANY($3)) open
GROUP BY org`

	// What a summary shows of the week's activities.
	summaryActivities = `SELECT id, area, texts -> 'title' AS title, capacity
FROM activities WHERE id IN (` + summaryWeekActivities + `)`
)

// WeekSummary is plan p's summary of week w on its calendar, with the
// change against the week before. The two weeks are gathered side by side.
func (s *Store) WeekSummary(ctx context.Context, p *domain.Plan, w domain.Week) (domain.Summary, error) {
	loc := p.Location
	var cur, before domain.WeekFacts
	err := parallel(
		func() (err error) { cur, err = s.weekFacts(ctx, domain.NewWeekWindow(w, loc), true); return },
		func() (err error) { before, err = s.weekFacts(ctx, domain.NewWeekWindow(w.Prev(), loc), false); return },
	)
	if err != nil {
		return domain.Summary{}, err
	}
	return domain.Summarise(p, cur, before), nil
}

// weekFacts runs a week's queries side by side. Without all, it gathers
// only what a summary compares with the week before (domain.WeekBefore):
// new sign-ups, cancellations and referrals received, which cost a few
// milliseconds, and not the roll calls, which cost the most.
func (s *Store) weekFacts(ctx context.Context, win domain.WeekWindow, all bool) (domain.WeekFacts, error) {
	f := domain.WeekFacts{Window: win}
	steps := []func() error{
		func() (err error) { f.Signups, err = s.breakdown(ctx, "new sign-ups", summarySignups, win); return },
		func() (err error) { f.Cancelled, err = s.cancelledFacts(ctx, win); return },
		func() (err error) { f.Referrals, err = s.referralFacts(ctx, win); return },
	}
	if all {
		steps = append(steps,
			func() (err error) { f.Sessions, err = s.sessionFacts(ctx, win); return },
			func() (err error) { f.Attended, err = s.breakdown(ctx, "participants", summaryAttended, win); return },
			func() (err error) { f.Places, err = s.placesFacts(ctx, win); return },
			func() (err error) { f.Activities, err = s.summaryActivities(ctx, win); return },
			func() (err error) { f.Outcomes, err = s.outcomeFacts(ctx, win); return },
			func() (err error) { f.StillOpen, err = s.stillOpenFacts(ctx, win); return })
	}
	if err := parallel(steps...); err != nil {
		return f, fmt.Errorf("summary of %s: %w", win.Week, err)
	}
	return f, nil
}

// parallel runs fns side by side, each on a connection of its own, and
// returns the first error.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// summarySelect runs one summary query in a read-only transaction of its
// own, with Postgres's JIT compiler off: the planner's cost estimates for
// these queries (a history lookup per sign-up, most never made) cross its
// threshold, and compiling then takes some 100 ms for a query that runs
// in 15.
func (s *Store) summarySelect(ctx context.Context, dest any, query string, args ...any) error {
	tx, err := s.db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
		return err
	}
	return tx.SelectContext(ctx, dest, query, args...)
}

// breakdown runs a query that adds up per activity, department and age
// group (GROUPING SETS), and sorts its rows into the three.
func (s *Store) breakdown(ctx context.Context, what, query string, win domain.WeekWindow) (domain.Breakdown, error) {
	var rows []struct {
		ByActivity   bool           `db:"by_activity"`
		ByDepartment bool           `db:"by_department"`
		ActivityID   sql.NullInt64  `db:"activity_id"`
		Department   sql.NullString `db:"department"`
		AgeGroup     sql.NullInt64  `db:"age_group"`
		N            int            `db:"n"`
	}
	out := domain.Breakdown{ByActivity: map[int64]int{}, ByDepartment: map[string]int{}, ByAgeGroup: map[string]int{}}
	if err := s.summarySelect(ctx, &rows, query, win.Start, win.End, pq.Array(domain.AgeGroupBounds())); err != nil {
		return out, fmt.Errorf("%s: %w", what, err)
	}
	for _, r := range rows {
		switch {
		case r.ByActivity:
			out.ByActivity[r.ActivityID.Int64] += r.N
		case r.ByDepartment:
			out.ByDepartment[r.Department.String] += r.N
		default:
			out.ByAgeGroup[domain.AgeGroupOfBucket(nullInt(r.AgeGroup))] += r.N
		}
	}
	return out, nil
}

func (s *Store) cancelledFacts(ctx context.Context, win domain.WeekWindow) ([]domain.ActivityCount, error) {
	var rows []struct {
		ActivityID int64 `db:"activity_id"`
		N          int   `db:"n"`
	}
	if err := s.summarySelect(ctx, &rows, summaryCancelled, win.Start, win.End); err != nil {
		return nil, fmt.Errorf("cancellations: %w", err)
	}
	out := make([]domain.ActivityCount, len(rows))
	for i, r := range rows {
		out[i] = domain.ActivityCount{ActivityID: r.ActivityID, N: r.N}
	}
	return out, nil
}

func (s *Store) sessionFacts(ctx context.Context, win domain.WeekWindow) ([]domain.SessionFact, error) {
	var rows []struct {
		ID         int64     `db:"id"`
		ActivityID int64     `db:"activity_id"`
		StartsAt   time.Time `db:"starts_at"`
		Marked     int       `db:"marked"`
		Present    int       `db:"present"`
		Expected   int       `db:"expected"`
	}
	if err := s.summarySelect(ctx, &rows, summarySessions, win.Start, win.End); err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	out := make([]domain.SessionFact, len(rows))
	for i, r := range rows {
		out[i] = domain.SessionFact{ID: r.ID, ActivityID: r.ActivityID, StartsAt: r.StartsAt,
			Marked: r.Marked, Present: r.Present, Expected: r.Expected}
	}
	return out, nil
}

func (s *Store) placesFacts(ctx context.Context, win domain.WeekWindow) ([]domain.PlacesFact, error) {
	var rows []struct {
		ActivityID int64 `db:"activity_id"`
		Confirmed  int   `db:"confirmed"`
		Waitlisted int   `db:"waitlisted"`
	}
	if err := s.summarySelect(ctx, &rows, summaryPlaces, win.Start, win.End); err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	out := make([]domain.PlacesFact, len(rows))
	for i, r := range rows {
		out[i] = domain.PlacesFact{ActivityID: r.ActivityID, Confirmed: r.Confirmed, Waitlisted: r.Waitlisted}
	}
	return out, nil
}

func (s *Store) summaryActivities(ctx context.Context, win domain.WeekWindow) ([]domain.SummaryActivity, error) {
	var rows []struct {
		ID       int64         `db:"id"`
		Area     string        `db:"area"`
		Title    []byte        `db:"title"`
		Capacity sql.NullInt64 `db:"capacity"`
	}
	if err := s.summarySelect(ctx, &rows, summaryActivities, win.Start, win.End); err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	out := make([]domain.SummaryActivity, len(rows))
	for i, r := range rows {
		out[i] = domain.SummaryActivity{ID: r.ID, Area: domain.Area(r.Area), Capacity: nullInt(r.Capacity)}
		if err := json.Unmarshal(r.Title, &out[i].Title); err != nil {
			return nil, fmt.Errorf("activity %d title: %w", r.ID, err)
		}
	}
	return out, nil
}
