package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
)

// retentionLock is the advisory-lock key that lets one instance at a time
// run the daily erasure; the others find it taken and skip their turn.
const retentionLock = 7253010

// RetentionResult is what one run of the daily erasure did.
type RetentionResult struct {
	Ran       bool // false: another instance was running it
	Signups   int  // sign-ups erased
	Referrals int  // referrals erased
}

// EraseExpired erases the personal fields of every sign-up and referral
// whose retention has run out at now (domain.ErasureDue): sign-ups and
// referrals of an activity that ended more than its retention days ago
// (defaultDays unless the activity sets its own), and referrals to a
// counselling offer that have not changed for defaultDays. The anonymous
// rows stay, so every count is the same after. One audit line per
// activity or offer says how many were erased. Safe to run from several
// instances at once: a transaction-scoped advisory lock lets one through.
func (s *Store) EraseExpired(ctx context.Context, now time.Time, defaultDays int) (RetentionResult, error) {
	var res RetentionResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &res.Ran, `SELECT pg_try_advisory_xact_lock($1)`, retentionLock); err != nil || !res.Ran {
			return err
		}
		ends, err := activityEnds(ctx, tx)
		if err != nil {
			return err
		}
		signups, err := expiredSignups(ctx, tx, ends, now, defaultDays)
		if err != nil {
			return err
		}
		referrals, err := expiredReferrals(ctx, tx, ends, now, defaultDays)
		if err != nil {
			return err
		}
		counts := map[string]*erasedCount{}
		for subject, ids := range signups {
			erased, _, err := eraseRows(ctx, tx, ids, nil, now)
			if err != nil {
				return err
			}
			countFor(counts, subject).Signups += len(erased)
			res.Signups += len(erased)
		}
		for subject, ids := range referrals {
			_, erased, err := eraseRows(ctx, tx, nil, ids, now)
			if err != nil {
				return err
			}
			countFor(counts, subject).Referrals += len(erased)
			res.Referrals += len(erased)
		}
		return auditRetention(ctx, tx, counts)
	})
	return res, err
}

// erasedCount is what one run erased from one activity or offer.
type erasedCount struct{ Signups, Referrals int }

func countFor(counts map[string]*erasedCount, subject string) *erasedCount {
	if counts[subject] == nil {
		counts[subject] = &erasedCount{}
	}
	return counts[subject]
}

// activityEnd is when an activity ended and how long it keeps data.
type activityEnd struct {
	end  time.Time
	days *int
}

// activityEnds reads every activity's end (domain.EndOf) and retention.
func activityEnds(ctx context.Context, tx *sqlx.Tx) (map[int64]activityEnd, error) {
	var rows []struct {
		ID        int64         `db:"id"`
		StartsOn  sql.NullTime  `db:"starts_on"`
		Retention sql.NullInt64 `db:"retention_days"`
		LastEnd   sql.NullTime  `db:"last_end"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT a.id, a.starts_on, a.retention_days,
		max(se.starts_at + se.minutes * interval '1 minute') AS last_end
		FROM activities a LEFT JOIN activity_sessions se ON se.activity_id = a.id
		GROUP BY a.id`); err != nil {
		return nil, fmt.Errorf("activity ends: %w", err)
	}
	out := make(map[int64]activityEnd, len(rows))
	for _, r := range rows {
		out[r.ID] = activityEnd{end: domain.EndOf(r.StartsOn.Time, r.LastEnd.Time), days: nullInt(r.Retention)}
	}
	return out, nil
}

func (e activityEnd) retention(defaultDays int) int {
	return domain.Activity{RetentionDays: e.days}.Retention(defaultDays)
}

// expiredSignups are the not yet erased sign-ups of activities whose
// retention has run out, by the activity's audit subject.
func expiredSignups(ctx context.Context, tx *sqlx.Tx, ends map[int64]activityEnd, now time.Time, defaultDays int) (map[string][]int64, error) {
	var rows []struct {
		ID         int64 `db:"id"`
		ActivityID int64 `db:"activity_id"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, activity_id FROM signups WHERE erased_at IS NULL ORDER BY id`); err != nil {
		return nil, fmt.Errorf("signups to erase: %w", err)
	}
	out := map[string][]int64{}
	for _, r := range rows {
		if e := ends[r.ActivityID]; domain.ErasureDue(e.end, e.retention(defaultDays), now) {
			out[ActivitySubject(r.ActivityID)] = append(out[ActivitySubject(r.ActivityID)], r.ID)
		}
	}
	return out, nil
}

// expiredReferrals are the not yet erased referrals whose retention has
// run out (domain.ReferralEnd), by their target's audit subject.
func expiredReferrals(ctx context.Context, tx *sqlx.Tx, ends map[int64]activityEnd, now time.Time, defaultDays int) (map[string][]int64, error) {
	var rows []struct {
		ID         int64          `db:"id"`
		ActivityID sql.NullInt64  `db:"activity_id"`
		OfferKey   sql.NullString `db:"offer_key"`
		StatusAt   time.Time      `db:"status_at"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, activity_id, offer_key, status_at FROM referrals
		WHERE erased_at IS NULL ORDER BY id`); err != nil {
		return nil, fmt.Errorf("referrals to erase: %w", err)
	}
	out := map[string][]int64{}
	for _, r := range rows {
		subject, end, days := "offer:"+r.OfferKey.String, r.StatusAt, defaultDays
		if r.ActivityID.Valid {
			e := ends[r.ActivityID.Int64]
			subject, end, days = ActivitySubject(r.ActivityID.Int64), domain.ReferralEnd(e.end, r.StatusAt), e.retention(defaultDays)
		}
		if domain.ErasureDue(end, days, now) {
			out[subject] = append(out[subject], r.ID)
		}
	}
	return out, nil
}

// auditRetention writes one line per activity or offer erased from.
func auditRetention(ctx context.Context, tx *sqlx.Tx, counts map[string]*erasedCount) error {
	for subject, n := range counts {
		if n.Signups+n.Referrals == 0 {
			continue
		}
		detail := map[string]any{"signups": n.Signups, "referrals": n.Referrals}
		if err := audit(ctx, tx, AuditEntry{Action: domain.AuditRetentionErase, Subject: subject, Addr: "retention", Detail: detail}); err != nil {
			return err
		}
	}
	return nil
}
