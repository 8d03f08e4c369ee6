package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// activityRow is an activities row as stored.
type activityRow struct {
	ID         int64          `db:"id"`
	Slug       string         `db:"slug"`
	Area       string         `db:"area"`
	Audiences  pq.StringArray `db:"audiences"`
	Texts      []byte         `db:"texts"`
	MinAge     sql.NullInt64  `db:"min_age"`
	MaxAge     sql.NullInt64  `db:"max_age"`
	StartsOn   sql.NullTime   `db:"starts_on"`
	Capacity   sql.NullInt64  `db:"capacity"`
	Open       bool           `db:"signup_open"`
	Archived   bool           `db:"archived"`
	Pictogram  string         `db:"pictogram"`
	Form       []byte         `db:"form"`
	Retention  sql.NullInt64  `db:"retention_days"`
	Guardian   sql.NullInt64  `db:"guardian_below_age"`
	Confirmed  int            `db:"confirmed"`
	Waitlisted int            `db:"waitlisted"`
	Offered    int            `db:"offered"`
}

const activityColumns = `a.id, a.slug, a.area, a.audiences, a.texts, a.min_age, a.max_age, a.starts_on,
	a.capacity, a.signup_open, a.archived, a.pictogram, a.form, a.retention_days, a.guardian_below_age`

// countsJoin adds each activity's live confirmed and waitlisted counts,
// and the places held by offers, which triggers on signups keep
// (migrations 006 and 022): reading them costs the same however many
// sign-ups there are.
const countsJoin = `
	CROSS JOIN LATERAL (SELECT a.confirmed_count AS confirmed, a.waitlisted_count AS waitlisted,
		a.offered_count AS offered) c`

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func (r activityRow) domain() (domain.Activity, domain.Counts, error) {
	a := domain.Activity{
		ID: r.ID, Slug: r.Slug, Area: domain.Area(r.Area),
		MinAge: nullInt(r.MinAge), MaxAge: nullInt(r.MaxAge), Capacity: nullInt(r.Capacity),
		Open: r.Open, Archived: r.Archived, Pictogram: r.Pictogram,
		RetentionDays: nullInt(r.Retention), GuardianBelowAge: nullInt(r.Guardian),
	}
	for _, x := range r.Audiences {
		a.Audiences = append(a.Audiences, domain.Audience(x))
	}
	if r.StartsOn.Valid {
		a.StartsOn = r.StartsOn.Time
	}
	if err := json.Unmarshal(r.Texts, &a.Texts); err != nil {
		return a, domain.Counts{}, fmt.Errorf("activity %s texts: %w", r.Slug, err)
	}
	if err := json.Unmarshal(r.Form, &a.Form); err != nil {
		return a, domain.Counts{}, fmt.Errorf("activity %s form: %w", r.Slug, err)
	}
	return a, domain.Counts{Confirmed: r.Confirmed, Waitlisted: r.Waitlisted}, nil
}

// ActivityWithCounts is an activity and its live numbers.
type ActivityWithCounts struct {
	domain.Activity
	Counts domain.Counts
	// Offered is how many places offers to the waiting list hold until
	// answered: taken, for anyone signing up now.
	Offered int
}

// ActivityBySlug returns one activity, its sessions and its counts.
func (s *Store) ActivityBySlug(ctx context.Context, slug string) (ActivityWithCounts, error) {
	return s.activityWhere(ctx, `a.slug = $1`, slug)
}

// ActivityByID returns one activity, its sessions and its counts.
func (s *Store) ActivityByID(ctx context.Context, id int64) (ActivityWithCounts, error) {
	return s.activityWhere(ctx, `a.id = $1`, id)
}

func (s *Store) activityWhere(ctx context.Context, cond string, arg any) (ActivityWithCounts, error) {
	var r activityRow
	err := s.db.GetContext(ctx, &r, `SELECT `+activityColumns+`, c.confirmed, c.waitlisted, c.offered
		FROM activities a`+countsJoin+` WHERE `+cond, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return ActivityWithCounts{}, fmt.Errorf("activity %v: %w", arg, ErrNotFound)
	}
	if err != nil {
		return ActivityWithCounts{}, fmt.Errorf("activity %v: %w", arg, err)
	}
	a, c, err := r.domain()
	if err != nil {
		return ActivityWithCounts{}, err
	}
	var sessions []struct {
		ID       int64     `db:"id"`
		StartsAt time.Time `db:"starts_at"`
		Minutes  int       `db:"minutes"`
	}
	if err := s.db.SelectContext(ctx, &sessions, `SELECT id, starts_at, minutes
		FROM activity_sessions WHERE activity_id = $1 ORDER BY starts_at`, a.ID); err != nil {
		return ActivityWithCounts{}, fmt.Errorf("activity %v sessions: %w", arg, err)
	}
	for _, se := range sessions {
		a.Sessions = append(a.Sessions, domain.Session{ID: se.ID, StartsAt: se.StartsAt, Minutes: se.Minutes})
	}
	return ActivityWithCounts{Activity: a, Counts: c, Offered: r.Offered}, nil
}

// ListActivities returns the activities that are not archived, with their
// counts, soonest first. With openOnly, only those taking sign-ups.
func (s *Store) ListActivities(ctx context.Context, openOnly bool) ([]ActivityWithCounts, error) {
	var rows []activityRow
	err := s.db.SelectContext(ctx, &rows, `SELECT `+activityColumns+`, c.confirmed, c.waitlisted, c.offered
		FROM activities a`+countsJoin+`
		WHERE NOT a.archived AND (NOT $1 OR a.signup_open)
		ORDER BY a.starts_on NULLS LAST, a.slug`, openOnly)
	if err != nil {
		return nil, fmt.Errorf("list activities: %w", err)
	}
	out := make([]ActivityWithCounts, 0, len(rows))
	for _, r := range rows {
		a, c, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, ActivityWithCounts{Activity: a, Counts: c, Offered: r.Offered})
	}
	return out, nil
}

// CountActivities counts every activity, archived ones included.
func (s *Store) CountActivities(ctx context.Context) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM activities`)
	if err != nil {
		return 0, fmt.Errorf("count activities: %w", err)
	}
	return n, nil
}

// CreateActivity inserts an activity and its sessions, returning its id.
func (s *Store) CreateActivity(ctx context.Context, a domain.Activity) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		id, err = createActivity(ctx, tx, a)
		return err
	})
	return id, err
}

func createActivity(ctx context.Context, tx *sqlx.Tx, a domain.Activity) (int64, error) {
	texts, err := json.Marshal(a.Texts)
	if err != nil {
		return 0, err
	}
	form, err := json.Marshal(a.Form)
	if err != nil {
		return 0, err
	}
	var startsOn any
	if !a.StartsOn.IsZero() {
		startsOn = a.StartsOn
	}
	var id int64
	err = tx.GetContext(ctx, &id, `INSERT INTO activities
		(slug, area, texts, min_age, max_age, starts_on, capacity, signup_open, archived, pictogram, form,
			retention_days, guardian_below_age, audiences)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		a.Slug, string(a.Area), texts, a.MinAge, a.MaxAge, startsOn, a.Capacity, a.Open, a.Archived, a.Pictogram, form,
		a.RetentionDays, a.GuardianBelowAge, audienceArray(a.Audiences))
	if isUniqueViolation(err, "activities_slug_key") {
		return 0, fmt.Errorf("activity %q: %w", a.Slug, ErrDuplicate)
	}
	if err != nil {
		return 0, fmt.Errorf("create activity %q: %w", a.Slug, err)
	}
	for _, se := range a.Sessions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity_sessions (activity_id, starts_at, minutes)
			VALUES ($1, $2, $3)`, id, se.StartsAt, se.Minutes); err != nil {
			return 0, fmt.Errorf("create activity %q session: %w", a.Slug, err)
		}
	}
	return id, nil
}

// audienceArray is an activity's audiences as a Postgres text array,
// empty rather than NULL when there are none.
func audienceArray(in []domain.Audience) pq.StringArray {
	out := pq.StringArray{}
	for _, a := range in {
		out = append(out, string(a))
	}
	return out
}

// seedLock serialises catalogue seeding between instances starting at once.
const seedLock = 7253002

// SeedActivities inserts the catalogue when the database has no activities
// at all; an operator's deletions and edits are never undone. It reports how
// many it inserted.
func (s *Store) SeedActivities(ctx context.Context, catalogue []domain.Activity) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, seedLock); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		var existing int
		if err := tx.GetContext(ctx, &existing, `SELECT count(*) FROM activities`); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if existing > 0 {
			return nil
		}
		for _, a := range catalogue {
			if _, err := createActivity(ctx, tx, a); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// SetSignupOpen opens or closes an activity for sign-up.
func (s *Store) SetSignupOpen(ctx context.Context, id int64, open bool) error {
	res, err := s.db.ExecContext(ctx, `UPDATE activities SET signup_open = $2, updated_at = now() WHERE id = $1`, id, open)
	if err != nil {
		return fmt.Errorf("set signup open: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("activity %d: %w", id, ErrNotFound)
	}
	return nil
}
