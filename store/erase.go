package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Erasing empties every personal field and its hashes and notes when.
// What is left (activity, status, department, age, language, consent
// record, attendance marks, referral status and organisation) names no one
// and keeps every count the plan reports.
const (
	eraseSignups = `UPDATE signups SET name = '', phone = '', answers = '', note = '',
		phone_hash = NULL, guardian_phone_hash = NULL, erased_at = $2
		WHERE id = ANY($1) AND erased_at IS NULL RETURNING id`
	eraseOutbox = `UPDATE outbox SET sms_to = '', sms_text = '', phone_hash = NULL,
		state = CASE WHEN state = 'pending' THEN 'cancelled' ELSE state END WHERE signup_id = ANY($1)`
	// Her older cancel links (migration 028) go too.
	eraseAliases = `DELETE FROM cancel_aliases WHERE signup_id = ANY($1)`
	eraseInbound = `DELETE FROM sms_inbound WHERE phone_hash IN
		(SELECT phone_hash FROM signups WHERE id = ANY($1) AND phone_hash IS NOT NULL)`
	eraseReferrals = `UPDATE referrals SET first_name = '', phone = '', note = '', reason = '', phone_hash = NULL, erased_at = $2
		WHERE id = ANY($1) AND erased_at IS NULL RETURNING id`
	// Staff's reasons go with the person: a referral's history and the
	// reasons of sign-up status changes.
	eraseEventReasons = `UPDATE referral_events SET reason = '' WHERE referral_id = ANY($1) AND reason <> ''`
	eraseStaffReasons = `UPDATE staff_reasons SET reason = '' WHERE subject = ANY($1) AND reason <> ''`
)

// eraseRows erases the sign-ups and referrals with the given ids and
// returns the ids it erased (those not erased before).
func eraseRows(ctx context.Context, tx *sqlx.Tx, signups, referrals []int64, now time.Time) (erasedSignups, erasedReferrals []int64, err error) {
	if len(signups) > 0 {
		// Her replies go first, found by her number's hash while it is there.
		if _, err := tx.ExecContext(ctx, eraseInbound, pq.Int64Array(signups)); err != nil {
			return nil, nil, fmt.Errorf("erase her replies: %w", err)
		}
		if err := tx.SelectContext(ctx, &erasedSignups, eraseSignups, pq.Int64Array(signups), now); err != nil {
			return nil, nil, fmt.Errorf("erase signups: %w", err)
		}
		if _, err := tx.ExecContext(ctx, eraseAliases, pq.Int64Array(signups)); err != nil {
			return nil, nil, fmt.Errorf("erase her old links: %w", err)
		}
		// Her messages' numbers and texts go with her; those not sent yet
		// are not sent.
		if _, err := tx.ExecContext(ctx, eraseOutbox, pq.Int64Array(signups)); err != nil {
			return nil, nil, fmt.Errorf("erase her messages: %w", err)
		}
	}
	if len(referrals) > 0 {
		if err := tx.SelectContext(ctx, &erasedReferrals, eraseReferrals, pq.Int64Array(referrals), now); err != nil {
			return nil, nil, fmt.Errorf("erase referrals: %w", err)
		}
		if _, err := tx.ExecContext(ctx, eraseEventReasons, pq.Int64Array(referrals)); err != nil {
			return nil, nil, fmt.Errorf("erase referral reasons: %w", err)
		}
	}
	subjects := append(idsAs(signups, SignupSubject), idsAs(referrals, ReferralSubject)...)
	if len(subjects) > 0 {
		if _, err := tx.ExecContext(ctx, eraseStaffReasons, pq.StringArray(subjects)); err != nil {
			return nil, nil, fmt.Errorf("erase staff reasons: %w", err)
		}
	}
	return erasedSignups, erasedReferrals, nil
}

// cancelForErasure cancels those of the sign-ups that still hold or wait
// for a place, under their activities' locks (taken in id order, so two
// erasures cannot deadlock), and gives freed places to the waiting list:
// an erased person can no longer be reached, so her place goes to the
// next in line.
func (s *Store) cancelForErasure(ctx context.Context, tx *sqlx.Tx, ids []int64, by Actor) ([]domain.Signup, error) {
	var acts []struct {
		ID       int64         `db:"id"`
		Capacity sql.NullInt64 `db:"capacity"`
	}
	if err := tx.SelectContext(ctx, &acts, `SELECT a.id, a.capacity FROM activities a
		WHERE a.id IN (SELECT activity_id FROM signups WHERE id = ANY($1))
		ORDER BY a.id FOR UPDATE`, pq.Int64Array(ids)); err != nil {
		return nil, fmt.Errorf("lock activities: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'cancelled', status_at = now()
		WHERE id = ANY($1) AND status IN ('confirmed', 'waitlisted')`, pq.Int64Array(ids)); err != nil {
		return nil, fmt.Errorf("cancel for erasure: %w", err)
	}
	var promoted []domain.Signup
	for _, a := range acts {
		p, err := s.promote(ctx, tx, a.ID, nullInt(a.Capacity))
		if err != nil {
			return nil, err
		}
		promoted = append(promoted, p...)
	}
	return promoted, auditPromoted(ctx, tx, by, promoted)
}

// ErasureResult is what an erasure did.
type ErasureResult struct {
	Signups   []int64 // erased sign-ups
	Referrals []int64 // erased referrals
}

// ErasePerson erases everything held about the person with this phone
// number, at her request: her sign-ups (also those where it is the
// guardian's number) are cancelled, their places passed on, and every
// personal field of them and of her referrals emptied. Each erased record
// gets an audit line naming who did it. Finding nothing gives ErrNotFound.
func (s *Store) ErasePerson(ctx context.Context, phone string, by Actor, now time.Time) (ErasureResult, error) {
	var res ErasureResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		signups, referrals, err := s.personIDs(ctx, tx, phone)
		if err != nil {
			return err
		}
		if len(signups)+len(referrals) == 0 {
			return fmt.Errorf("person: %w", ErrNotFound)
		}
		if _, err := s.cancelForErasure(ctx, tx, signups, by); err != nil {
			return err
		}
		if res.Signups, res.Referrals, err = eraseRows(ctx, tx, signups, referrals, now); err != nil {
			return err
		}
		return auditErased(ctx, tx, by, domain.AuditPersonErase, res)
	})
	return res, err
}

// EraseOwnSignup cancels and erases the sign-up behind a private link, at
// the resident's own request. Erasing twice changes nothing the second
// time; an unknown link gives ErrNotFound.
func (s *Store) EraseOwnSignup(ctx context.Context, token string, now time.Time) (ErasureResult, error) {
	var res ErasureResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `SELECT id FROM signups WHERE id = `+byToken, cancelHash(token))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("find signup: %w", err)
		}
		// Nobody is logged in: the audit lines name no staff member.
		if _, err := s.cancelForErasure(ctx, tx, []int64{id}, Actor{}); err != nil {
			return err
		}
		if res.Signups, _, err = eraseRows(ctx, tx, []int64{id}, nil, now); err != nil {
			return err
		}
		return auditErased(ctx, tx, Actor{}, domain.AuditResidentErase, res)
	})
	return res, err
}

// auditErased writes one audit line per erased record.
func auditErased(ctx context.Context, tx *sqlx.Tx, by Actor, action string, res ErasureResult) error {
	subjects := make([]string, 0, len(res.Signups)+len(res.Referrals))
	for _, id := range res.Signups {
		subjects = append(subjects, SignupSubject(id))
	}
	for _, id := range res.Referrals {
		subjects = append(subjects, ReferralSubject(id))
	}
	for _, sub := range subjects {
		if err := audit(ctx, tx, by.Entry(action, sub, nil)); err != nil {
			return err
		}
	}
	return nil
}

// personIDs finds the sign-ups and referrals of a phone number by its
// hashes under every key.
func (s *Store) personIDs(ctx context.Context, q sqlx.QueryerContext, phone string) (signups, referrals []int64, err error) {
	hashes, err := s.phoneHashes(phone)
	if err != nil {
		return nil, nil, err
	}
	arr := pq.ByteaArray(hashes)
	if err := sqlx.SelectContext(ctx, q, &signups, `SELECT id FROM signups
		WHERE phone_hash = ANY($1) OR guardian_phone_hash = ANY($1) ORDER BY id`, arr); err != nil {
		return nil, nil, fmt.Errorf("find signups by phone: %w", err)
	}
	if err := sqlx.SelectContext(ctx, q, &referrals, `SELECT id FROM referrals
		WHERE phone_hash = ANY($1) ORDER BY id`, arr); err != nil {
		return nil, nil, fmt.Errorf("find referrals by phone: %w", err)
	}
	return slices.Compact(signups), referrals, nil
}
