package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

const (
	// Youth sign-ups that got their first place in the period ($1 to $2),
	// in activities whose target group ends at $3 or below; $4 is now and
	// $5 the months after which one "still attends". Due: the months have
	// passed and the activity held a session that late; Still: present at
	// such a session.
	indicatorRetention = `WITH guided AS (
    SELECT e.signup_id, e.activity_id, e.at + make_interval(months => $5) AS mark
    FROM signup_events e
    JOIN activities a ON a.id = e.activity_id
    WHERE e.status = 'confirmed' AND e.at >= $1 AND e.at < $2
      AND a.max_age IS NOT NULL AND a.max_age <= $3
      AND NOT EXISTS (SELECT 1 FROM signup_events p WHERE p.signup_id = e.signup_id
          AND p.status = 'confirmed' AND (p.at, p.id) < (e.at, e.id))
)
SELECT g.activity_id, a.texts -> 'title' AS title, count(*) AS guided,
       count(*) FILTER (WHERE x.due) AS due,
       count(*) FILTER (WHERE x.due AND x.still) AS still
FROM guided g
JOIN activities a ON a.id = g.activity_id
CROSS JOIN LATERAL (SELECT
    g.mark <= $4 AND EXISTS (SELECT 1 FROM activity_sessions se
        WHERE se.activity_id = g.activity_id AND se.starts_at >= g.mark) AS due,
    EXISTS (SELECT 1 FROM attendance at JOIN activity_sessions se ON se.id = at.session_id
        WHERE at.signup_id = g.signup_id AND at.present AND se.starts_at >= g.mark) AS still) x
GROUP BY g.activity_id, a.texts`

	// Job activities whose last session ended in the period ($1 to $2):
	// who had a place when the first began (Placed), and of those who
	// kept it, with no other status, until the last ended (Held).
	indicatorJobs = `WITH jobs AS (
    SELECT k.activity_id, k.kind, min(se.starts_at) AS starts_at,
           max(se.starts_at + se.minutes * interval '1 minute') AS ends_at
    FROM activity_job_kinds k JOIN activity_sessions se ON se.activity_id = k.activity_id
    GROUP BY k.activity_id, k.kind
)
SELECT j.activity_id, j.kind, j.ends_at, a.texts -> 'title' AS title,
       count(*) FILTER (WHERE x.placed) AS placed,
       count(*) FILTER (WHERE x.placed AND NOT x.left_) AS held
FROM jobs j
JOIN activities a ON a.id = j.activity_id
JOIN signups s ON s.activity_id = j.activity_id AND s.created_at <= j.starts_at
CROSS JOIN LATERAL (SELECT
    CASE WHEN s.status_at <= j.starts_at THEN s.status ELSE (
        SELECT e.status FROM signup_events e WHERE e.signup_id = s.id AND e.at <= j.starts_at
        ORDER BY e.at DESC, e.id DESC LIMIT 1) END = 'confirmed' AS placed,
    EXISTS (SELECT 1 FROM signup_events e WHERE e.signup_id = s.id AND e.status <> 'confirmed'
        AND e.at > j.starts_at AND e.at < j.ends_at) AS left_) x
WHERE j.ends_at >= $1 AND j.ends_at < $2
GROUP BY j.activity_id, j.kind, j.ends_at, a.texts`
)

// Indicators counts the plan's indicators for a period on loc's calendar:
// youth retention after domain.RetentionMonths, and jobs held for their
// whole period.
func (s *Store) Indicators(ctx context.Context, p domain.Period, loc *time.Location, now time.Time) (domain.Indicators, error) {
	start, end := p.Bounds(loc)
	var ret []struct {
		ActivityID int64  `db:"activity_id"`
		Title      []byte `db:"title"`
		Guided     int    `db:"guided"`
		Due        int    `db:"due"`
		Still      int    `db:"still"`
	}
	if err := s.db.SelectContext(ctx, &ret, indicatorRetention, start, end, domain.YouthMaxAge, now,
		domain.RetentionMonths); err != nil {
		return domain.Indicators{}, fmt.Errorf("retention: %w", err)
	}
	retention := make([]domain.RetentionFact, len(ret))
	for i, r := range ret {
		retention[i] = domain.RetentionFact{ActivityID: r.ActivityID, Guided: r.Guided, Due: r.Due, Still: r.Still}
		if err := json.Unmarshal(r.Title, &retention[i].Title); err != nil {
			return domain.Indicators{}, fmt.Errorf("activity %d title: %w", r.ActivityID, err)
		}
	}
	var job []struct {
		ActivityID int64     `db:"activity_id"`
		Kind       string    `db:"kind"`
		Ends       time.Time `db:"ends_at"`
		Title      []byte    `db:"title"`
		Placed     int       `db:"placed"`
		Held       int       `db:"held"`
	}
	if err := s.db.SelectContext(ctx, &job, indicatorJobs, start, end); err != nil {
		return domain.Indicators{}, fmt.Errorf("jobs held: %w", err)
	}
	jobs := make([]domain.JobFact, len(job))
	for i, j := range job {
		jobs[i] = domain.JobFact{ActivityID: j.ActivityID, Kind: domain.JobKind(j.Kind), Ends: j.Ends,
			Placed: j.Placed, Held: j.Held}
		if err := json.Unmarshal(j.Title, &jobs[i].Title); err != nil {
			return domain.Indicators{}, fmt.Errorf("activity %d title: %w", j.ActivityID, err)
		}
	}
	return domain.SummariseIndicators(p, retention, jobs), nil
}

// JobActivity is an activity staff have marked as a job.
type JobActivity struct {
	ActivityID int64
	Title      domain.Text
	Kind       domain.JobKind
}

// JobActivities lists the activities marked as jobs.
func (s *Store) JobActivities(ctx context.Context) ([]JobActivity, error) {
	var rows []struct {
		ActivityID int64  `db:"activity_id"`
		Title      []byte `db:"title"`
		Kind       string `db:"kind"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT k.activity_id, a.texts -> 'title' AS title, k.kind
		FROM activity_job_kinds k JOIN activities a ON a.id = k.activity_id
		ORDER BY a.texts -> 'title' ->> 'da', k.activity_id`); err != nil {
		return nil, fmt.Errorf("job activities: %w", err)
	}
	out := make([]JobActivity, len(rows))
	for i, r := range rows {
		out[i] = JobActivity{ActivityID: r.ActivityID, Kind: domain.JobKind(r.Kind)}
		if err := json.Unmarshal(r.Title, &out[i].Title); err != nil {
			return nil, fmt.Errorf("activity %d title: %w", r.ActivityID, err)
		}
	}
	return out, nil
}

// SetJobKind marks an activity as a job of a kind, or, with kind "",
// unmarks it. An activity that does not exist gives ErrNotFound; an
// unknown kind, domain.ErrJobKind.
func (s *Store) SetJobKind(ctx context.Context, activityID int64, kind domain.JobKind, by Actor) error {
	if kind == "" {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM activity_job_kinds WHERE activity_id = $1`, activityID); err != nil {
			return fmt.Errorf("unmark job %d: %w", activityID, err)
		}
		return nil
	}
	if !kind.Valid() {
		return fmt.Errorf("job kind %q: %w", kind, domain.ErrJobKind)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO activity_job_kinds (activity_id, kind, set_by)
		VALUES ($1, $2, nullif($3::bigint, 0))
		ON CONFLICT (activity_id) DO UPDATE SET kind = excluded.kind, set_by = excluded.set_by, set_at = now()`,
		activityID, string(kind), by.StaffID)
	if isForeignKeyViolation(err) {
		return fmt.Errorf("activity %d: %w", activityID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("mark job %d: %w", activityID, err)
	}
	return nil
}
