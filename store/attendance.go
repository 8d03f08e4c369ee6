package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
)

// RollCallEntry is one person on a session's roll.
type RollCallEntry struct {
	SignupID  int64         `db:"id"`
	Name      string        `db:"name"`
	Reference string        `db:"reference"`
	Status    domain.Status `db:"status"`
	Present   bool          `db:"present"`
}

// RollCall is one session's roll: everyone holding a place, and anyone
// marked present who has since lost it, by name.
type RollCall struct {
	Session domain.Session
	People  []RollCallEntry
	Present int
}

// sessionOf loads a session of an activity, or ErrNotFound.
func sessionOf(ctx context.Context, q sqlx.QueryerContext, activityID, sessionID int64) (domain.Session, error) {
	var se struct {
		ID       int64     `db:"id"`
		StartsAt time.Time `db:"starts_at"`
		Minutes  int       `db:"minutes"`
	}
	err := sqlx.GetContext(ctx, q, &se, `SELECT id, starts_at, minutes FROM activity_sessions
		WHERE id = $2 AND activity_id = $1`, activityID, sessionID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Session{}, fmt.Errorf("session %d of activity %d: %w", sessionID, activityID, ErrNotFound)
	}
	if err != nil {
		return domain.Session{}, fmt.Errorf("session %d: %w", sessionID, err)
	}
	return domain.Session{ID: se.ID, StartsAt: se.StartsAt, Minutes: se.Minutes}, nil
}

// RollCall returns the roll of one session of an activity.
func (s *Store) RollCall(ctx context.Context, activityID, sessionID int64) (RollCall, error) {
	se, err := sessionOf(ctx, s.db, activityID, sessionID)
	if err != nil {
		return RollCall{}, err
	}
	rc := RollCall{Session: se}
	err = s.db.SelectContext(ctx, &rc.People, `SELECT s.id, s.name, s.reference, s.status,
		coalesce(at.present, false) AS present
		FROM signups s LEFT JOIN attendance at ON at.signup_id = s.id AND at.session_id = $2
		WHERE s.activity_id = $1 AND (s.status = 'confirmed' OR at.present)
		ORDER BY s.seq`, activityID, sessionID)
	if err != nil {
		return RollCall{}, fmt.Errorf("roll call: %w", err)
	}
	if err := s.openNames(rc.People, false); err != nil {
		return RollCall{}, err
	}
	for _, p := range rc.People {
		if p.Present {
			rc.Present++
		}
	}
	return rc, nil
}

// SetAttendance marks a person present at, or absent from, a session of
// an activity, and returns how many are now present there. Only people
// holding a place can be marked present (a *domain.RuleError otherwise);
// anyone can be unmarked.
func (s *Store) SetAttendance(ctx context.Context, activityID, sessionID, signupID int64, present bool, by Actor) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := sessionOf(ctx, tx, activityID, sessionID); err != nil {
			return err
		}
		var status domain.Status
		err := tx.GetContext(ctx, &status, `SELECT status FROM signups WHERE id = $1 AND activity_id = $2`, signupID, activityID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("signup %d of activity %d: %w", signupID, activityID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("signup %d: %w", signupID, err)
		}
		if present && !domain.CanMarkPresent(status) {
			return &domain.RuleError{Field: "signup", Code: domain.ErrCodeNotConfirmed}
		}
		n, err = mark(ctx, tx, sessionID, signupID, present, by)
		return err
	})
	return n, err
}

// mark stores one person's attendance at a session and returns how many
// are now present there.
func mark(ctx context.Context, tx *sqlx.Tx, sessionID, signupID int64, present bool, by Actor) (int, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO attendance (session_id, signup_id, present, marked_by)
		VALUES ($1, $2, $3, $4) ON CONFLICT (session_id, signup_id)
		DO UPDATE SET present = excluded.present, marked_by = excluded.marked_by, marked_at = now()`,
		sessionID, signupID, present, by.StaffID); err != nil {
		return 0, fmt.Errorf("mark attendance: %w", err)
	}
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM attendance WHERE session_id = $1 AND present`, sessionID); err != nil {
		return 0, fmt.Errorf("count present: %w", err)
	}
	return n, nil
}

// AttendanceRow is one person's attendance across an activity's sessions;
// Present lines up with AttendanceSheet.Sessions.
type AttendanceRow struct {
	SignupID  int64
	Name      string
	Reference string
	Status    domain.Status
	Present   []bool
	Total     int
}

// AttendanceSheet is an activity's attendance: who was present at which
// session, with totals per person and per session.
type AttendanceSheet struct {
	Sessions   []domain.Session
	Rows       []AttendanceRow
	PerSession []int
}

// AttendanceSheet returns the attendance of everyone who holds a place or
// was ever marked present, places first, by name.
func (s *Store) AttendanceSheet(ctx context.Context, activityID int64) (AttendanceSheet, error) {
	var sh AttendanceSheet
	var sessions []struct {
		ID       int64     `db:"id"`
		StartsAt time.Time `db:"starts_at"`
		Minutes  int       `db:"minutes"`
	}
	if err := s.db.SelectContext(ctx, &sessions, `SELECT id, starts_at, minutes FROM activity_sessions
		WHERE activity_id = $1 ORDER BY starts_at`, activityID); err != nil {
		return sh, fmt.Errorf("attendance sessions: %w", err)
	}
	col := map[int64]int{}
	for i, se := range sessions {
		sh.Sessions = append(sh.Sessions, domain.Session{ID: se.ID, StartsAt: se.StartsAt, Minutes: se.Minutes})
		col[se.ID] = i
	}
	sh.PerSession = make([]int, len(sessions))
	var people []RollCallEntry
	if err := s.db.SelectContext(ctx, &people, `SELECT s.id, s.name, s.reference, s.status, false AS present
		FROM signups s WHERE s.activity_id = $1 AND (s.status = 'confirmed'
			OR EXISTS (SELECT 1 FROM attendance at WHERE at.signup_id = s.id AND at.present))
		ORDER BY s.seq`, activityID); err != nil {
		return sh, fmt.Errorf("attendance people: %w", err)
	}
	if err := s.openNames(people, true); err != nil {
		return sh, err
	}
	row := map[int64]int{}
	for i, p := range people {
		sh.Rows = append(sh.Rows, AttendanceRow{SignupID: p.SignupID, Name: p.Name, Reference: p.Reference,
			Status: p.Status, Present: make([]bool, len(sessions))})
		row[p.SignupID] = i
	}
	var marks []struct {
		SessionID int64 `db:"session_id"`
		SignupID  int64 `db:"signup_id"`
	}
	if err := s.db.SelectContext(ctx, &marks, `SELECT at.session_id, at.signup_id FROM attendance at
		JOIN activity_sessions se ON se.id = at.session_id WHERE se.activity_id = $1 AND at.present`, activityID); err != nil {
		return sh, fmt.Errorf("attendance marks: %w", err)
	}
	for _, m := range marks {
		r, ok := row[m.SignupID]
		if !ok {
			continue // cannot happen: everyone marked present is a row
		}
		c := col[m.SessionID]
		sh.Rows[r].Present[c] = true
		sh.Rows[r].Total++
		sh.PerSession[c]++
	}
	return sh, nil
}

// openNames opens the sealed names of a roll and puts it in order by
// name (with places first, when placesFirst), then arrival: names are
// sealed, so the database cannot sort by them. The entries come in
// arrival order, which the stable sort keeps among equal names.
func (s *Store) openNames(people []RollCallEntry, placesFirst bool) error {
	for i := range people {
		if err := s.openAll(sealedField{fieldSignupName, &people[i].Name}); err != nil {
			return fmt.Errorf("signup %d: %w", people[i].SignupID, err)
		}
	}
	slices.SortStableFunc(people, func(a, b RollCallEntry) int {
		if placesFirst && (a.Status == domain.StatusConfirmed) != (b.Status == domain.StatusConfirmed) {
			if a.Status == domain.StatusConfirmed {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return nil
}
