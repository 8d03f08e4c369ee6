package store

import (
	"context"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
)

// WalkIn is a person who came to a session without a place, signed up
// from the roll call and now to be counted there.
type WalkIn struct {
	ActivityID, SessionID, SignupID int64
	// Reason goes into the audit log when she gets a place beyond the
	// activity's capacity; it is sealed like any staff reason.
	Reason string
	By     Actor
}

// WalkInResult is what counting a walk-in did.
type WalkInResult struct {
	From    domain.Status // her status before: waitlisted when the activity was full
	Present int           // how many are now present at the session
}

// AttendWalkIn marks a walk-in present at the session. She is there in
// person, so a sign-up the rule put on the waiting list (the activity was
// full) becomes a confirmed place beyond capacity: staff's override, in
// the audit log with its reason, like confirming from the waiting list.
// Nobody else is moved: the others keep their places and their turn. It
// all happens under the activity's lock, in one transaction.
func (s *Store) AttendWalkIn(ctx context.Context, w WalkIn) (WalkInResult, error) {
	var res WalkInResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := sessionOf(ctx, tx, w.ActivityID, w.SessionID); err != nil {
			return err
		}
		cur, err := lockSignup(ctx, tx, w.SignupID)
		if err != nil {
			return err
		}
		if cur.ActivityID != w.ActivityID {
			return fmt.Errorf("signup %d of activity %d: %w", w.SignupID, w.ActivityID, ErrNotFound)
		}
		res.From = cur.Status
		switch cur.Status {
		case domain.StatusConfirmed:
		case domain.StatusWaitlisted:
			if err := s.overrideToConfirmed(ctx, tx, w, cur); err != nil {
				return err
			}
		default: // cancelled or no-show: not hers to take back here
			return &domain.RuleError{Field: "signup", Code: domain.ErrCodeNotConfirmed}
		}
		res.Present, err = mark(ctx, tx, w.SessionID, w.SignupID, true, w.By)
		return err
	})
	return res, err
}

// overrideToConfirmed gives a waitlisted walk-in a confirmed place, with
// the same checks and audit line as staff confirming from the waiting list.
func (s *Store) overrideToConfirmed(ctx context.Context, tx *sqlx.Tx, w WalkIn, cur lockedSignup) error {
	if rule := domain.CheckStatusChange(cur.Status, domain.StatusConfirmed, nullInt(cur.Capacity), cur.Confirmed, w.Reason); rule != nil {
		return rule
	}
	if _, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'confirmed', status_at = now() WHERE id = $1`,
		w.SignupID); err != nil {
		return fmt.Errorf("confirm walk-in: %w", err)
	}
	ref, err := s.keepReason(ctx, tx, SignupSubject(w.SignupID), w.Reason)
	if err != nil {
		return err
	}
	return audit(ctx, tx, w.By.Entry(domain.AuditSignupStatus, SignupSubject(w.SignupID), map[string]any{
		"from": cur.Status, "to": domain.StatusConfirmed, reasonRef: ref, "walk_in": true,
		"over_capacity": domain.Place(nullInt(cur.Capacity), cur.Confirmed) != domain.StatusConfirmed}))
}
