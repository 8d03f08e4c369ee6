package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Waiting-list offers (migration 022). A freed place is offered to the
// first in line who can get an SMS: she stays waitlisted, holding the
// place until her offer's deadline, and accepts or declines on her page.
// Every change to an offer is made under the activity's row lock and only
// if the offer is still as the change expects, so two instances never
// pass one offer on twice.

// nextInLine splits the first n on the activity's waiting list who hold
// no offer, in arrival order, into those who get an offer (SMS is on, she
// said yes to SMS about this sign-up, and her number is a mobile that has
// not asked for no more) and those who
// get the place itself, as before offers.
func (s *Store) nextInLine(ctx context.Context, tx *sqlx.Tx, activityID int64, n int) (offer, place []int64, err error) {
	var rows []struct {
		ID        int64  `db:"id"`
		Phone     string `db:"phone"` // sealed
		Reachable bool   `db:"reachable"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT s.id, s.phone,
		(st.enabled AND s.sms_ok AND s.phone_hash IS NOT NULL AND s.erased_at IS NULL
		 AND NOT EXISTS (SELECT 1 FROM sms_optouts o WHERE o.phone_hash = s.phone_hash)) AS reachable
		FROM signups s CROSS JOIN sms_settings st
		WHERE s.activity_id = $1 AND s.status = 'waitlisted' AND s.offer_expires_at IS NULL
		ORDER BY s.seq LIMIT $2`, activityID, n); err != nil {
		return nil, nil, fmt.Errorf("next in line: %w", err)
	}
	for _, r := range rows {
		if r.Reachable {
			phone, err := s.open(fieldSignupPhone, r.Phone)
			if err == nil && sms.Mobile(phone) {
				offer = append(offer, r.ID)
				continue
			}
		}
		place = append(place, r.ID)
	}
	return offer, place, nil
}

// makeOffers gives each sign-up an offer running the activity's hours and
// queues its SMS, in the caller's transaction.
func makeOffers(ctx context.Context, tx *sqlx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE signups s SET offer_expires_at = now() + make_interval(hours => a.offer_hours),
		offer_outcome = NULL FROM activities a WHERE s.id = ANY($1) AND a.id = s.activity_id`, pq.Int64Array(ids)); err != nil {
		return fmt.Errorf("make offers: %w", err)
	}
	return queueOffers(ctx, tx, ids)
}

// queueOffers queues the offer SMS of new offers, in the transaction that
// makes them. The key names the deadline, so a later offer to the same
// sign-up (staff put her back in line) is a message of its own.
func queueOffers(ctx context.Context, tx *sqlx.Tx, ids []int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (channel, kind, dedupe_key, method, order_key, payload, signup_id, phone_hash)
		SELECT 'sms', 'offer', 'sms:offer:' || id || ':' || floor(extract(epoch FROM offer_expires_at))::bigint, 'sms',
		       'sms:' || encode(substring(phone_hash FROM 1 FOR 8), 'hex'), '{}', id, phone_hash
		FROM signups WHERE id = ANY($1) ORDER BY id
		ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING`, pq.Int64Array(ids))
	if err != nil {
		return fmt.Errorf("queue offers: %w", err)
	}
	return nil
}

// AcceptOffer gives her the place her offer holds, if she answers before
// its deadline; otherwise (no offer, answered already, ran out) nothing
// changes. It returns the sign-up as it stands after.
func (s *Store) AcceptOffer(ctx context.Context, token string) (domain.Signup, error) {
	var su domain.Signup
	err := s.onOffer(ctx, token, func(tx *sqlx.Tx, activityID, id int64) error {
		r, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'confirmed', status_at = now(), offer_outcome = 'accepted'
			WHERE id = $1 AND status = 'waitlisted' AND offer_expires_at > now()`, id)
		if err != nil {
			return fmt.Errorf("accept offer: %w", err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			// Her page told her: the "place from the waiting list" SMS the
			// promotion trigger (migration 026) just queued is not sent.
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'cancelled', last_error = 'she accepted an offer on her page'
				WHERE dedupe_key = 'sms:promoted:' || $1 AND state = 'pending'`, id); err != nil {
				return fmt.Errorf("accept offer: %w", err)
			}
		}
		su, err = s.signupWhere(ctx, tx, `s.id = $1`, id)
		return err
	})
	return su, err
}

// DeclineOffer cancels the sign-up of an outstanding offer and offers the
// place to the next in line. Without an outstanding offer nothing changes.
func (s *Store) DeclineOffer(ctx context.Context, token string) (CancelResult, error) {
	var res CancelResult
	err := s.onOffer(ctx, token, func(tx *sqlx.Tx, activityID, id int64) error {
		r, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'cancelled', status_at = now(), offer_outcome = 'declined'
			WHERE id = $1 AND status = 'waitlisted' AND offer_expires_at IS NOT NULL`, id)
		if err != nil {
			return fmt.Errorf("decline offer: %w", err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			if res.Promoted, err = s.promoteLocked(ctx, tx, activityID); err != nil {
				return err
			}
		}
		res.Signup, err = s.signupWhere(ctx, tx, `s.id = $1`, id)
		return err
	})
	return res, err
}

// onOffer runs fn on the sign-up behind token (her current link or an
// older one) in a transaction holding its activity's lock.
func (s *Store) onOffer(ctx context.Context, token string, fn func(tx *sqlx.Tx, activityID, signupID int64) error) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var su struct {
			ID         int64 `db:"id"`
			ActivityID int64 `db:"activity_id"`
		}
		err := tx.GetContext(ctx, &su, `SELECT id, activity_id FROM signups WHERE id = `+byToken, cancelHash(token))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("find signup: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM activities WHERE id = $1 FOR UPDATE`, su.ActivityID); err != nil {
			return fmt.Errorf("lock activity: %w", err)
		}
		return fn(tx, su.ActivityID, su.ID)
	})
}

// promoteLocked is promote for a caller holding the lock but not the
// capacity.
func (s *Store) promoteLocked(ctx context.Context, tx *sqlx.Tx, activityID int64) ([]domain.Signup, error) {
	var capacity sql.NullInt64
	if err := tx.GetContext(ctx, &capacity, `SELECT capacity FROM activities WHERE id = $1`, activityID); err != nil {
		return nil, fmt.Errorf("capacity: %w", err)
	}
	return s.promote(ctx, tx, activityID, nullInt(capacity))
}

// ExpireOffers passes on every offer whose deadline is at or before now:
// her sign-up is cancelled (her page says the offer ran out) and the place
// is offered to the next in line. Each activity is done in a transaction
// of its own under its row lock, and an offer is passed on only if it is
// still outstanding then, so any number of instances may run this at once
// and each offer is passed on exactly once. It returns how many offers ran
// out.
func (s *Store) ExpireOffers(ctx context.Context, now time.Time) (int, error) {
	var acts []int64
	if err := s.db.SelectContext(ctx, &acts, `SELECT DISTINCT activity_id FROM signups
		WHERE status = 'waitlisted' AND offer_expires_at <= $1 ORDER BY activity_id`, now); err != nil {
		return 0, fmt.Errorf("offers due: %w", err)
	}
	total := 0
	for _, id := range acts {
		var n int64
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, `SELECT 1 FROM activities WHERE id = $1 FOR UPDATE`, id); err != nil {
				return fmt.Errorf("lock activity: %w", err)
			}
			// A statement after the lock: it sees what an instance that
			// held the lock before committed.
			r, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'cancelled', status_at = now(), offer_outcome = 'expired'
				WHERE activity_id = $1 AND status = 'waitlisted' AND offer_expires_at <= $2`, id, now)
			if err != nil {
				return fmt.Errorf("expire offers: %w", err)
			}
			if n, _ = r.RowsAffected(); n == 0 {
				return nil
			}
			_, err = s.promoteLocked(ctx, tx, id)
			return err
		})
		if err != nil {
			return total, err
		}
		total += int(n)
	}
	return total, nil
}

// OfferHours is how long an activity's offers hold a place.
func (s *Store) OfferHours(ctx context.Context, activityID int64) (int, error) {
	var h int
	err := s.db.GetContext(ctx, &h, `SELECT offer_hours FROM activities WHERE id = $1`, activityID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("activity %d: %w", activityID, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("offer hours: %w", err)
	}
	return h, nil
}

// SetOfferHours sets how long the activity's new offers hold a place;
// offers out already keep their deadline.
func (s *Store) SetOfferHours(ctx context.Context, activityID int64, hours int) error {
	res, err := s.db.ExecContext(ctx, `UPDATE activities SET offer_hours = $2 WHERE id = $1`, activityID, hours)
	if err != nil {
		return fmt.Errorf("offer hours: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("activity %d: %w", activityID, ErrNotFound)
	}
	return nil
}
