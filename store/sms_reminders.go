package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// reminderCandidates are the confirmed sign-ups with a number that did
// not say no to SMS (migration 026), for
// sessions starting in ($1, $2], of activities that send reminders.
const reminderCandidates = `SELECT s.id AS signup_id, se.id AS session_id, se.starts_at, a.sms_reminder, s.phone_hash
FROM activity_sessions se
JOIN activities a ON a.id = se.activity_id AND a.sms_reminder <> 'off'
JOIN signups s ON s.activity_id = se.activity_id AND s.status = 'confirmed'
	AND s.phone_hash IS NOT NULL AND s.erased_at IS NULL AND s.sms_ok
WHERE se.starts_at > $1 AND se.starts_at <= $2`

// QueueReminders queues the reminder SMS of every confirmed sign-up for
// the sessions starting after now and up to horizon later, each due at its
// activity's lead before the session, moved out of the quiet hours on loc's
// wall clock. A reminder already queued is not queued again (its key is
// the sign-up and the session), so any number of instances may call this
// every minute. Whether it still goes is decided when it is due: not for
// a sign-up cancelled meanwhile, nor for a session that was removed.
func (s *Store) QueueReminders(ctx context.Context, now time.Time, horizon time.Duration, loc *time.Location) (int, error) {
	if ok, err := s.smsEnabled(ctx); err != nil || !ok {
		return 0, err
	}
	var rows []struct {
		SignupID  int64     `db:"signup_id"`
		SessionID int64     `db:"session_id"`
		StartsAt  time.Time `db:"starts_at"`
		Lead      string    `db:"sms_reminder"`
		PhoneHash []byte    `db:"phone_hash"`
	}
	if err := s.db.SelectContext(ctx, &rows, reminderCandidates, now, now.Add(horizon)); err != nil {
		return 0, fmt.Errorf("reminders due: %w", err)
	}
	var keys, orders, payloads []string
	var signups []int64
	var runAts []time.Time
	var hashes [][]byte
	for _, r := range rows {
		due, ok := domain.ReminderLead(r.Lead).Before(r.StartsAt, loc)
		if !ok {
			continue
		}
		due = domain.OutsideQuietHours(due, loc)
		if !due.Before(r.StartsAt) {
			continue // no time left outside quiet hours before the session
		}
		keys = append(keys, fmt.Sprintf("sms:reminder:%d:%d", r.SignupID, r.SessionID))
		orders = append(orders, smsOrderKey(r.PhoneHash))
		payloads = append(payloads, fmt.Sprintf(`{"session_id":%d}`, r.SessionID))
		signups = append(signups, r.SignupID)
		runAts = append(runAts, due)
		hashes = append(hashes, r.PhoneHash)
	}
	if len(keys) == 0 {
		return 0, nil
	}
	// In a transaction, so that a scan run as a job (notify.Reminders)
	// queues them with the record that it ran.
	var n int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (channel, kind, method, dedupe_key, order_key, payload, signup_id, run_at, phone_hash)
		SELECT 'sms', 'reminder', 'sms', k, o, p::jsonb, sid, r, h
		FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::bytea[]) AS t(k, o, p, sid, r, h)
		ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING`,
			pq.Array(keys), pq.Array(orders), pq.Array(payloads), pq.Array(signups), pq.Array(runAts), pq.ByteaArray(hashes))
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("queue reminders: %w", err)
	}
	return int(n), nil
}

func (s *Store) smsEnabled(ctx context.Context) (bool, error) {
	var on bool
	if err := s.db.GetContext(ctx, &on, `SELECT enabled FROM sms_settings`); err != nil {
		return false, fmt.Errorf("sms settings: %w", err)
	}
	return on, nil
}

// SetSMSReminder sets when an activity's sessions are reminded of. The
// reminders queued under the old setting and not sent yet are dropped, so
// the next QueueReminders queues them anew at the new time, or not at all.
func (s *Store) SetSMSReminder(ctx context.Context, activityID int64, lead domain.ReminderLead) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var old string
		err := tx.GetContext(ctx, &old, `SELECT sms_reminder FROM activities WHERE id = $1 FOR UPDATE`, activityID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("activity %d: %w", activityID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("sms reminder setting: %w", err)
		}
		if old == string(lead) {
			return nil // what is queued stays queued
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET sms_reminder = $2 WHERE id = $1`, activityID, string(lead)); err != nil {
			return fmt.Errorf("sms reminder setting: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE channel = 'sms' AND kind = 'reminder' AND state = 'pending'
			AND signup_id IN (SELECT id FROM signups WHERE activity_id = $1)`, activityID); err != nil {
			return fmt.Errorf("drop queued reminders: %w", err)
		}
		return nil
	})
}

// SMSReminder is when an activity's sessions are reminded of.
func (s *Store) SMSReminder(ctx context.Context, activityID int64) (domain.ReminderLead, error) {
	var lead string
	err := s.db.GetContext(ctx, &lead, `SELECT sms_reminder FROM activities WHERE id = $1`, activityID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("activity %d: %w", activityID, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("sms reminder setting: %w", err)
	}
	return domain.ReminderLead(lead), nil
}
