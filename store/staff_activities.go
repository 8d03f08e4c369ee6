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

// ErrInUse means something still has history hanging on it, e.g. a
// session somebody was marked present at.
var ErrInUse = errors.New("store: still in use")

// Actor is the staff member making a change, for the audit log.
type Actor struct {
	StaffID int64
	Addr    string
}

// Entry is an audit line of this actor doing action to subject.
func (a Actor) Entry(action, subject string, detail map[string]any) AuditEntry {
	return AuditEntry{StaffID: a.StaffID, Action: action, Subject: subject, Addr: a.Addr, Detail: detail}
}

// violatesForeignKey reports a Postgres foreign_key_violation (23503).
func violatesForeignKey(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "23503"
}

// StaffActivities lists activities for staff with their counts, soonest
// first: the current ones, or with archived, only the archived ones.
func (s *Store) StaffActivities(ctx context.Context, archived bool) ([]ActivityWithCounts, error) {
	var rows []activityRow
	err := s.db.SelectContext(ctx, &rows, `SELECT `+activityColumns+`, c.confirmed, c.waitlisted, c.offered
		FROM activities a`+countsJoin+`
		WHERE a.archived = $1
		ORDER BY a.starts_on DESC NULLS LAST, a.slug`, archived)
	if err != nil {
		return nil, fmt.Errorf("staff activities: %w", err)
	}
	out := make([]ActivityWithCounts, 0, len(rows))
	byID := map[int64]int{}
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		a, c, err := r.domain()
		if err != nil {
			return nil, err
		}
		byID[a.ID] = len(out)
		ids = append(ids, a.ID)
		out = append(out, ActivityWithCounts{Activity: a, Counts: c, Offered: r.Offered})
	}
	// Their sessions, in one query: the list shows each one's next
	// session and today's and tomorrow's roll calls.
	var sessions []struct {
		ActivityID int64     `db:"activity_id"`
		ID         int64     `db:"id"`
		StartsAt   time.Time `db:"starts_at"`
		Minutes    int       `db:"minutes"`
	}
	if err := s.db.SelectContext(ctx, &sessions, `SELECT activity_id, id, starts_at, minutes
		FROM activity_sessions WHERE activity_id = ANY($1) ORDER BY starts_at`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("staff activities sessions: %w", err)
	}
	for _, se := range sessions {
		a := &out[byID[se.ActivityID]].Activity
		a.Sessions = append(a.Sessions, domain.Session{ID: se.ID, StartsAt: se.StartsAt, Minutes: se.Minutes})
	}
	return out, nil
}

// UpdateActivity saves staff's edit of an activity: texts, ages, dates,
// capacity, whether sign-up is open, the form, and its sessions (matched
// by id; new ones have none, missing ones are deleted unless someone was
// marked at them, which gives ErrInUse). The slug never changes: posters
// point to it. When the capacity grows, the first on the waiting list get
// the new places, as on a cancellation; they are returned.
func (s *Store) UpdateActivity(ctx context.Context, a domain.Activity, by Actor) ([]domain.Signup, error) {
	var promoted []domain.Signup
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `SELECT id FROM activities WHERE id = $1 FOR UPDATE`, a.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("activity %d: %w", a.ID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("lock activity: %w", err)
		}
		if err := updateActivityRow(ctx, tx, a); err != nil {
			return err
		}
		if err := syncSessions(ctx, tx, a.ID, a.Sessions); err != nil {
			return err
		}
		if err := audit(ctx, tx, by.Entry(domain.AuditActivityUpdate, ActivitySubject(a.ID), nil)); err != nil {
			return err
		}
		promoted, err = s.promote(ctx, tx, a.ID, a.Capacity)
		if err != nil {
			return err
		}
		return auditPromoted(ctx, tx, by, promoted)
	})
	return promoted, err
}

func updateActivityRow(ctx context.Context, tx *sqlx.Tx, a domain.Activity) error {
	texts, err := json.Marshal(a.Texts)
	if err != nil {
		return err
	}
	form, err := json.Marshal(a.Form)
	if err != nil {
		return err
	}
	var startsOn any
	if !a.StartsOn.IsZero() {
		startsOn = a.StartsOn
	}
	_, err = tx.ExecContext(ctx, `UPDATE activities SET area = $2, texts = $3, min_age = $4, max_age = $5,
		starts_on = $6, capacity = $7, signup_open = $8 AND NOT archived, form = $9, retention_days = $10,
		guardian_below_age = $11, audiences = $12, updated_at = now() WHERE id = $1`,
		a.ID, string(a.Area), texts, a.MinAge, a.MaxAge, startsOn, a.Capacity, a.Open, form, a.RetentionDays, a.GuardianBelowAge,
		audienceArray(a.Audiences))
	if err != nil {
		return fmt.Errorf("update activity %d: %w", a.ID, err)
	}
	return nil
}

// syncSessions makes the activity's sessions those given.
func syncSessions(ctx context.Context, tx *sqlx.Tx, activityID int64, sessions []domain.Session) error {
	var existing []int64
	if err := tx.SelectContext(ctx, &existing, `SELECT id FROM activity_sessions WHERE activity_id = $1`, activityID); err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	keep := map[int64]bool{}
	for _, se := range sessions {
		keep[se.ID] = se.ID != 0
	}
	for _, id := range existing {
		if keep[id] {
			continue
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM activity_sessions WHERE id = $1`, id)
		if violatesForeignKey(err) {
			return fmt.Errorf("session %d has attendance: %w", id, ErrInUse)
		}
		if err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
	}
	for _, se := range sessions {
		if err := saveSession(ctx, tx, activityID, se); err != nil {
			return err
		}
	}
	return nil
}

// saveSession inserts a new session or updates one of the activity's own.
func saveSession(ctx context.Context, tx *sqlx.Tx, activityID int64, se domain.Session) error {
	var res sql.Result
	var err error
	if se.ID == 0 {
		res, err = tx.ExecContext(ctx, `INSERT INTO activity_sessions (activity_id, starts_at, minutes)
			VALUES ($1, $2, $3)`, activityID, se.StartsAt, se.Minutes)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE activity_sessions SET starts_at = $3, minutes = $4
			WHERE id = $1 AND activity_id = $2`, se.ID, activityID, se.StartsAt, se.Minutes)
	}
	if isUniqueViolation(err, "") {
		return fmt.Errorf("two sessions at %v: %w", se.StartsAt, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("session %d of activity %d: %w", se.ID, activityID, ErrNotFound)
	}
	return nil
}

// auditPromoted records each sign-up that got a place from the waiting list.
func auditPromoted(ctx context.Context, tx *sqlx.Tx, by Actor, promoted []domain.Signup) error {
	for _, p := range promoted {
		if err := audit(ctx, tx, by.Entry(domain.AuditSignupPromoted, SignupSubject(p.ID),
			map[string]any{"from": domain.StatusWaitlisted, "to": domain.StatusConfirmed})); err != nil {
			return err
		}
	}
	return nil
}

// CreateStaffActivity adds an activity made or duplicated by staff and
// records who did it.
func (s *Store) CreateStaffActivity(ctx context.Context, a domain.Activity, by Actor) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if id, err = createActivity(ctx, tx, a); err != nil {
			return err
		}
		return audit(ctx, tx, by.Entry(domain.AuditActivityCreate, ActivitySubject(id), map[string]any{"slug": a.Slug}))
	})
	return id, err
}

// SetArchived archives an activity or brings it back. An archived activity
// is closed for sign-up and hidden from residents, but keeps its sign-ups,
// attendance and history; bringing it back leaves it closed.
func (s *Store) SetArchived(ctx context.Context, id int64, archived bool, by Actor) error {
	action := domain.AuditActivityRestore
	if archived {
		action = domain.AuditActivityArchive
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE activities SET archived = $2, signup_open = false, updated_at = now()
			WHERE id = $1`, id, archived)
		if err != nil {
			return fmt.Errorf("archive activity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("activity %d: %w", id, ErrNotFound)
		}
		return audit(ctx, tx, by.Entry(action, ActivitySubject(id), nil))
	})
}

// SetSignupOpenBy opens or closes an activity for sign-up and records who
// did it. Archived activities stay closed.
func (s *Store) SetSignupOpenBy(ctx context.Context, id int64, open bool, by Actor) error {
	action := domain.AuditActivityClose
	if open {
		action = domain.AuditActivityOpen
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE activities SET signup_open = $2, updated_at = now()
			WHERE id = $1 AND NOT (archived AND $2)`, id, open)
		if err != nil {
			return fmt.Errorf("set signup open: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("activity %d (or archived): %w", id, ErrNotFound)
		}
		return audit(ctx, tx, by.Entry(action, ActivitySubject(id), nil))
	})
}
