package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// StaffSignup is a sign-up as staff see it: with their note, when its
// status last changed, who helped (if anyone) and how many sessions the
// person was marked present at.
type StaffSignup struct {
	domain.Signup
	Note           string
	StatusAt       time.Time
	AssistedByName string
	Attended       int
}

type staffSignupRow struct {
	signupRow
	Note           string    `db:"note"`
	StatusAt       time.Time `db:"status_at"`
	AssistedByName string    `db:"assisted_by_name"`
	Attended       int       `db:"attended"`
}

const staffSignupSelect = `SELECT ` + signupColumns + `, ` + positionColumn + `,
	s.note, s.status_at, coalesce(h.name, '') AS assisted_by_name,
	(SELECT count(*) FROM attendance at WHERE at.signup_id = s.id AND at.present) AS attended
	FROM signups s LEFT JOIN staff h ON h.id = s.assisted_by`

// staffSignupOf opens a row's sealed fields, the note too, and converts it.
func (s *Store) staffSignupOf(r staffSignupRow) (StaffSignup, error) {
	su, err := s.signupOf(r.signupRow)
	if err == nil {
		err = s.openAll(sealedField{fieldSignupNote, &r.Note})
	}
	return StaffSignup{Signup: su, Note: r.Note, StatusAt: r.StatusAt, AssistedByName: r.AssistedByName, Attended: r.Attended}, err
}

// staffOrder lists places first, then the waiting list, in arrival order,
// then those who no longer hold or wait for a place.
const staffOrder = ` ORDER BY CASE s.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1
	WHEN 'no_show' THEN 2 ELSE 3 END, s.seq`

// ListSignups returns an activity's sign-ups in staff order. A non-empty
// query matches part of the name, the whole reference, the phone number
// (typed any way NormalisePhone understands), or four or more of its
// digits (domain.SignupSearch). Names and phones are sealed, so the
// activity's sign-ups (a few hundred at most) are opened and searched here.
func (s *Store) ListSignups(ctx context.Context, activityID int64, query string) ([]StaffSignup, error) {
	var rows []staffSignupRow
	err := s.db.SelectContext(ctx, &rows, staffSignupSelect+` WHERE s.activity_id = $1`+staffOrder, activityID)
	if err != nil {
		return nil, fmt.Errorf("list signups: %w", err)
	}
	search := domain.NewSignupSearch(query)
	out := make([]StaffSignup, 0, len(rows))
	for _, r := range rows {
		su, err := s.staffSignupOf(r)
		if err != nil {
			return nil, err
		}
		if search.Matches(su.Signup) {
			out = append(out, su)
		}
	}
	return out, nil
}

// StaffSignupByID returns one sign-up with everything staff see of it.
func (s *Store) StaffSignupByID(ctx context.Context, id int64) (StaffSignup, error) {
	return s.staffSignupWhere(ctx, s.db, id)
}

func (s *Store) staffSignupWhere(ctx context.Context, q sqlx.QueryerContext, id int64) (StaffSignup, error) {
	var r staffSignupRow
	err := sqlx.GetContext(ctx, q, &r, staffSignupSelect+` WHERE s.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return StaffSignup{}, fmt.Errorf("signup %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return StaffSignup{}, fmt.Errorf("signup %d: %w", id, err)
	}
	return s.staffSignupOf(r)
}

// SignupStatusChange is staff moving one sign-up to another status.
type SignupStatusChange struct {
	SignupID int64
	To       domain.Status
	Reason   string
	By       Actor
}

// StatusChangeResult is what a status change did.
type StatusChangeResult struct {
	From     domain.Status
	Signup   StaffSignup
	Promoted []domain.Signup // took the place it freed
}

// ChangeSignupStatus applies a status change under the activity's lock,
// so the capacity it is judged against cannot move meanwhile. The rules
// are domain.CheckStatusChange's; a refusal is a *domain.RuleError. A
// freed place goes to the first on the waiting list, as when a resident
// cancels herself. The change and any promotions are written to the audit
// log in the same transaction.
func (s *Store) ChangeSignupStatus(ctx context.Context, c SignupStatusChange) (StatusChangeResult, error) {
	var res StatusChangeResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		cur, err := lockSignup(ctx, tx, c.SignupID)
		if err != nil {
			return err
		}
		capacity := nullInt(cur.Capacity)
		if rule := domain.CheckStatusChange(cur.Status, c.To, capacity, cur.Confirmed, c.Reason); rule != nil {
			return rule
		}
		if c.To.Active() && !cur.Status.Active() {
			phone, err := s.open(fieldSignupPhone, cur.Phone)
			if err != nil {
				return err
			}
			if err := s.checkNoOtherActive(ctx, tx, cur.ActivityID, c.SignupID, phone); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signups SET status = $2, status_at = now() WHERE id = $1`,
			c.SignupID, string(c.To)); err != nil {
			return fmt.Errorf("change status: %w", err)
		}
		res.From = cur.Status
		detail := map[string]any{"from": cur.Status, "to": c.To}
		if r := strings.TrimSpace(c.Reason); r != "" {
			// The log keeps a reference; the text is sealed apart, so
			// erasing her can empty it.
			ref, err := s.keepReason(ctx, tx, SignupSubject(c.SignupID), r)
			if err != nil {
				return err
			}
			detail[reasonRef] = ref
		}
		if err := audit(ctx, tx, c.By.Entry(domain.AuditSignupStatus, SignupSubject(c.SignupID), detail)); err != nil {
			return err
		}
		if domain.FreesPlace(cur.Status, c.To) {
			if res.Promoted, err = s.promote(ctx, tx, cur.ActivityID, capacity); err != nil {
				return err
			}
			if err := auditPromoted(ctx, tx, c.By, res.Promoted); err != nil {
				return err
			}
		}
		res.Signup, err = s.staffSignupWhere(ctx, tx, c.SignupID)
		return err
	})
	return res, err
}

// lockedSignup is a sign-up with its activity's capacity and places
// taken, read under the activity's row lock.
type lockedSignup struct {
	ActivityID int64         `db:"activity_id"`
	Status     domain.Status `db:"status"`
	Phone      string        `db:"phone"` // sealed
	Capacity   sql.NullInt64 `db:"capacity"`
	Confirmed  int           `db:"confirmed"`
}

// lockSignup takes the lock of the sign-up's activity, the same lock new
// sign-ups and cancellations take, so the count cannot change under us.
func lockSignup(ctx context.Context, tx *sqlx.Tx, id int64) (lockedSignup, error) {
	var cur lockedSignup
	err := tx.GetContext(ctx, &cur, `SELECT s.activity_id, s.status, s.phone, a.capacity, 0 AS confirmed
		FROM signups s JOIN activities a ON a.id = s.activity_id WHERE s.id = $1 FOR UPDATE OF a`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return cur, fmt.Errorf("signup %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return cur, fmt.Errorf("lock signup %d: %w", id, err)
	}
	if err := tx.GetContext(ctx, &cur.Confirmed, `SELECT count(*) FROM signups
		WHERE activity_id = $1 AND status = 'confirmed'`, cur.ActivityID); err != nil {
		return cur, fmt.Errorf("count confirmed: %w", err)
	}
	return cur, nil
}

// checkNoOtherActive keeps the rule of one active sign-up per phone
// number per activity, for a new sign-up (signupID 0) and when staff
// reinstate one. Numbers are compared by their keyed hashes, under every
// key, so a key rotation under way does not let a second one through.
func (s *Store) checkNoOtherActive(ctx context.Context, tx *sqlx.Tx, activityID, signupID int64, phone string) error {
	hashes, err := s.phoneHashes(phone)
	if err != nil || phone == "" {
		return err
	}
	var other struct {
		Reference string        `db:"reference"`
		Status    domain.Status `db:"status"`
	}
	err = tx.GetContext(ctx, &other, `SELECT reference, status FROM signups WHERE activity_id = $1
		AND phone_hash = ANY($2) AND id <> $3 AND status IN ('confirmed', 'waitlisted') LIMIT 1`,
		activityID, pq.ByteaArray(hashes), signupID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check phone: %w", err)
	}
	return &AlreadySignedUpError{Reference: other.Reference, Status: other.Status}
}

// SetSignupNote replaces staff's note on a sign-up. The audit log records
// that the note changed, never what it says: the log is kept for good,
// the note can be corrected.
func (s *Store) SetSignupNote(ctx context.Context, id int64, note string, by Actor) error {
	sealed, err := s.seal(fieldSignupNote, note)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE signups SET note = $2 WHERE id = $1`, id, sealed)
		if err != nil {
			return fmt.Errorf("set note: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("signup %d: %w", id, ErrNotFound)
		}
		return audit(ctx, tx, by.Entry(domain.AuditSignupNote, SignupSubject(id), nil))
	})
}
