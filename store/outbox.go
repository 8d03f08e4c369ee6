package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// The outbox's channels: every outgoing message, Slack and SMS alike,
// waits in one queue and is sent by one worker design (package queue).
const (
	ChannelSlack = "slack"
	ChannelSMS   = "sms"
)

// ChannelJob (outbox_jobs.go) is the third: scheduled work.

// OutboxMessage is one message waiting to go: a Slack Web API call or an
// SMS. It is written in the same transaction as the change that causes
// it, so a change is never without its message, nor a message without its
// change.
type OutboxMessage struct {
	// Channel is ChannelSlack (the default) or ChannelSMS.
	Channel string
	// RunAt is when it may go first; zero: now.
	RunAt time.Time
	// Key is unique: a second message with a key already queued (a retry
	// of the same Slack request, say) is dropped, so nothing goes twice.
	Key     string
	Method  string          // the Web API method, e.g. chat.postMessage
	Payload json.RawMessage // its arguments, as the caller built them
	// Messages with one OrderKey go out one at a time in the order queued:
	// a channel message is posted before it is updated. Paced ones go out
	// at most one per pace interval per key (Slack's one a second per
	// channel).
	OrderKey string
	Paced    bool
	// ReferralID ties the message to a referral. With RecordTS, the posted
	// message's channel and ts are kept on the referral when sent, so later
	// changes can update that message.
	ReferralID int64
	RecordTS   bool
	// TeamID and UserID name the Slack user a users.info call asks about;
	// her locale is recorded from the answer.
	TeamID string
	UserID string
	// DigestID ties the message to a weekly summary claimed for a channel
	// (digest_posts). Once Slack has accepted its post, the ts is kept
	// there, and a retry or a refresh changes that message.
	DigestID int64

	// An SMS: its kind (confirmation, reminder, …, for counts), the
	// sign-up it is about, and the number (E.164) and text. Number and
	// text are sealed in storage and emptied once the message has gone;
	// messages to one number go out in the order queued.
	Kind     string
	SignupID int64
	To       string
	Text     string
}

// OutboxItem is a claimed message and what its sender needs to know.
type OutboxItem struct {
	ID       int64
	Attempts int // earlier attempts
	OutboxMessage
	// ReferralChannel and ReferralTS locate the referral's staff-channel
	// message, for a chat.update; empty while it has not been posted.
	ReferralChannel string
	ReferralTS      string
	// DigestChannel and DigestTS locate a summary's message once Slack has
	// accepted it; empty before.
	DigestChannel string
	DigestTS      string
}

// Ref is the item's reference for a gateway's delivery reports.
func (it OutboxItem) Ref() string { return strconv.FormatInt(it.ID, 10) }

// Outcome is what became of one attempt to send a message.
type Outcome int

// The outcomes of an attempt.
const (
	OutboxSent   Outcome = iota // done; never sent again
	OutboxRetry                 // try again at RetryAt
	OutboxFailed                // give up: Slack refused it for good
	// OutboxCancelled: not to be sent after all (an SMS to a number that
	// is not a mobile or asked for no more); Error says why.
	OutboxCancelled
	// OutboxAgain: a recurring job ran and runs again at RetryAt; what it
	// did is kept, and its attempts start over.
	OutboxAgain
)

// Delivery is the result of one attempt, as the sender reports it.
type Delivery struct {
	Outcome Outcome
	At      time.Time // when the attempt ended
	RetryAt time.Time // for OutboxRetry
	Error   string    // why it was not sent; never shown to users
	Channel string    // of a posted message
	TS      string    // of a posted message
	Locale  string    // a users.info answer
	// An SMS gateway's id for the message and the parts it is billed as.
	GatewayID string
	Parts     int
}

// ClaimOptions say which message may be sent now.
type ClaimOptions struct {
	Now         time.Time
	Pace        time.Duration // minimum time between paced messages of one order key
	SkipMethods []string      // methods Slack has asked us to hold back (429)
	// Channels are the channels this worker sends; empty: Slack only,
	// so a worker without an SMS gateway never takes an SMS.
	Channels []string
}

// EnqueueSlack queues messages outside any other change, e.g. an App Home
// view to publish. Messages whose key is queued already are dropped.
func (s *Store) EnqueueSlack(ctx context.Context, msgs ...OutboxMessage) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return s.enqueue(ctx, tx, msgs) })
}

// Enqueue queues messages of any channel outside any other change.
// Messages whose key is queued already are dropped.
func (s *Store) Enqueue(ctx context.Context, msgs ...OutboxMessage) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return s.enqueue(ctx, tx, msgs) })
}

// enqueue queues Slack messages in tx; SMS needs the store's keys, so
// goes through (*Store).enqueue.
func enqueue(ctx context.Context, tx *sqlx.Tx, msgs []OutboxMessage) error {
	return insertOutbox(ctx, tx, msgs, nil)
}

func (s *Store) enqueue(ctx context.Context, tx *sqlx.Tx, msgs []OutboxMessage) error {
	return insertOutbox(ctx, tx, msgs, s)
}

func insertOutbox(ctx context.Context, tx *sqlx.Tx, msgs []OutboxMessage, s *Store) error {
	for _, m := range msgs {
		row, err := toQueuedRow(m, s)
		if err != nil {
			return fmt.Errorf("enqueue %s %s: %w", m.Method, m.Key, err)
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO outbox
			(channel, dedupe_key, method, order_key, paced, payload, referral_id, record_ts, team_id, user_id,
			 digest_id, run_at, kind, signup_id, phone_hash, sms_to, sms_text)
			VALUES (:channel, :dedupe_key, :method, :order_key, :paced, :payload, :referral_id, :record_ts, :team_id,
			 :user_id, :digest_id, coalesce(:run_at, now()), :kind, :signup_id, :phone_hash, :sms_to, :sms_text)
			ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING`, row); err != nil {
			return fmt.Errorf("enqueue %s %s: %w", m.Method, m.Key, err)
		}
	}
	return nil
}

// queuedRow is an outbox row as written.
type queuedRow struct {
	Channel    string        `db:"channel"`
	Key        string        `db:"dedupe_key"`
	Method     string        `db:"method"`
	OrderKey   string        `db:"order_key"`
	Paced      bool          `db:"paced"`
	Payload    []byte        `db:"payload"`
	ReferralID sql.NullInt64 `db:"referral_id"`
	RecordTS   bool          `db:"record_ts"`
	TeamID     string        `db:"team_id"`
	UserID     string        `db:"user_id"`
	DigestID   sql.NullInt64 `db:"digest_id"`
	RunAt      sql.NullTime  `db:"run_at"`
	Kind       string        `db:"kind"`
	SignupID   sql.NullInt64 `db:"signup_id"`
	PhoneHash  []byte        `db:"phone_hash"`
	SMSTo      string        `db:"sms_to"`
	SMSText    string        `db:"sms_text"`
}

func toQueuedRow(m OutboxMessage, s *Store) (queuedRow, error) {
	r := queuedRow{Channel: m.Channel, Key: m.Key, Method: m.Method, OrderKey: m.OrderKey, Paced: m.Paced,
		Payload: m.Payload, RecordTS: m.RecordTS, TeamID: m.TeamID, UserID: m.UserID, Kind: m.Kind,
		ReferralID: sql.NullInt64{Int64: m.ReferralID, Valid: m.ReferralID != 0},
		DigestID:   sql.NullInt64{Int64: m.DigestID, Valid: m.DigestID != 0},
		SignupID:   sql.NullInt64{Int64: m.SignupID, Valid: m.SignupID != 0},
		RunAt:      sql.NullTime{Time: m.RunAt, Valid: !m.RunAt.IsZero()}}
	if r.Channel == "" {
		r.Channel = ChannelSlack
	}
	if r.Payload == nil {
		r.Payload = []byte(`{}`)
	}
	if r.Channel == ChannelJob {
		if r.Method == "" {
			r.Method = "job"
		}
		if r.OrderKey == "" {
			r.OrderKey = r.Key // jobs do not wait for one another
		}
	}
	if r.Channel != ChannelSMS {
		return r, nil
	}
	if r.Method == "" {
		r.Method = "sms"
	}
	if s == nil {
		return r, ErrNoKey
	}
	var err error
	if r.PhoneHash, err = s.phoneHash(m.To); err != nil {
		return r, err
	}
	if r.OrderKey == "" {
		// In order per phone, named by the number's keyed hash, not the number.
		r.OrderKey = smsOrderKey(r.PhoneHash)
	}
	if r.SMSTo, err = s.seal(fieldOutboxTo, m.To); err != nil {
		return r, err
	}
	r.SMSText, err = s.seal(fieldOutboxText, m.Text)
	return r, err
}

// claimWhere says which messages may go now. A message waits while an
// earlier one with its order key is unsent, and a paced one while its key
// sent something within the pace interval.
const claimWhere = `WHERE o.state = 'pending' AND o.run_at <= $1
  AND o.channel = ANY($4)
  AND NOT (o.method = ANY($3))
  AND NOT EXISTS (SELECT 1 FROM outbox e
      WHERE e.order_key = o.order_key AND e.state = 'pending' AND e.id < o.id)
  AND NOT (o.paced AND EXISTS (SELECT 1 FROM outbox p
      WHERE p.order_key = o.order_key AND p.paced
        AND p.sent_at > $1::timestamptz - $2 * interval '1 microsecond'))`

// claimCandidates lists, oldest first, up to $5 messages that may go now,
// without locking them. Finding them means looking at every due message
// (with 10,000 due and fresh statistics PostgreSQL sorts them all), so it
// runs once for a batch, not once a message: that made sending n messages
// take n² time (issue 12, BENCHMARKS.md).
const claimCandidates = `SELECT o.id FROM outbox o
` + claimWhere + `
ORDER BY o.id
LIMIT $5`

// claimByID locks one candidate if it may still go: the conditions are
// checked again under the lock, against the row as the last sender left
// it, so a message another worker sent meanwhile is not taken. SKIP
// LOCKED lets several workers share the queue without sending anything
// twice: a message being sent is invisible to the others.
const claimByID = `SELECT o.id, o.attempts, o.channel, o.dedupe_key, o.method, o.order_key, o.paced, o.payload,
	o.kind, coalesce(o.signup_id, 0) AS signup_id, o.sms_to, o.sms_text,
	coalesce(o.referral_id, 0) AS referral_id, o.record_ts, o.team_id, o.user_id,
	coalesce(r.slack_channel, '') AS referral_channel, coalesce(r.slack_ts, '') AS referral_ts,
	coalesce(o.digest_id, 0) AS digest_id,
	coalesce(d.slack_channel, '') AS digest_channel, coalesce(d.slack_ts, '') AS digest_ts
FROM outbox o LEFT JOIN referrals r ON r.id = o.referral_id
	LEFT JOIN digest_posts d ON d.id = o.digest_id
` + claimWhere + `
  AND o.id = $5
FOR UPDATE OF o SKIP LOCKED`

type outboxRow struct {
	ID              int64  `db:"id"`
	Attempts        int    `db:"attempts"`
	Channel         string `db:"channel"`
	Kind            string `db:"kind"`
	SignupID        int64  `db:"signup_id"`
	SMSTo           string `db:"sms_to"`
	SMSText         string `db:"sms_text"`
	Key             string `db:"dedupe_key"`
	Method          string `db:"method"`
	OrderKey        string `db:"order_key"`
	Paced           bool   `db:"paced"`
	Payload         []byte `db:"payload"`
	ReferralID      int64  `db:"referral_id"`
	RecordTS        bool   `db:"record_ts"`
	TeamID          string `db:"team_id"`
	UserID          string `db:"user_id"`
	ReferralChannel string `db:"referral_channel"`
	ReferralTS      string `db:"referral_ts"`
	DigestID        int64  `db:"digest_id"`
	DigestChannel   string `db:"digest_channel"`
	DigestTS        string `db:"digest_ts"`
}

func (r outboxRow) item() OutboxItem {
	return OutboxItem{ID: r.ID, Attempts: r.Attempts, ReferralChannel: r.ReferralChannel, ReferralTS: r.ReferralTS,
		DigestChannel: r.DigestChannel, DigestTS: r.DigestTS,
		OutboxMessage: OutboxMessage{Channel: r.Channel, Key: r.Key, Method: r.Method, OrderKey: r.OrderKey, Paced: r.Paced,
			Payload: r.Payload, ReferralID: r.ReferralID, RecordTS: r.RecordTS, TeamID: r.TeamID, UserID: r.UserID,
			DigestID: r.DigestID, Kind: r.Kind, SignupID: r.SignupID, To: r.SMSTo, Text: r.SMSText}}
}

// DeliverNext claims the next message that may go now, calls send with it
// while holding its lock, and records the outcome. It reports false when
// nothing was due. The row stays locked during send, so no other worker
// can send it meanwhile; if this process dies mid-send the lock goes with
// its connection and the message is tried again. Each message still has
// its own transaction, so a crash can repeat at most the one in flight;
// only the search for what is due is shared by a batch (outbox_claim.go).
func (s *Store) DeliverNext(ctx context.Context, opt ClaimOptions, send func(context.Context, OutboxItem) Delivery) (bool, error) {
	skip := opt.SkipMethods
	if skip == nil {
		skip = []string{}
	}
	channels := opt.Channels
	if len(channels) == 0 {
		channels = []string{ChannelSlack}
	}
	args := []any{opt.Now, opt.Pace.Microseconds(), pq.Array(skip), pq.Array(channels)}
	refilled := false
	for {
		id, ok := s.candidates.next(channels)
		if !ok {
			if refilled {
				return false, nil
			}
			refilled = true
			if err := s.refillCandidates(ctx, channels, args); err != nil {
				return false, err
			}
			continue
		}
		claimed, err := s.deliver(ctx, opt, id, args, send)
		if claimed || err != nil {
			return claimed, err
		}
	}
}

// deliver sends message id if it may still go, and records the outcome
// in the transaction that holds its lock.
func (s *Store) deliver(ctx context.Context, opt ClaimOptions, id int64, args []any, send func(context.Context, OutboxItem) Delivery) (bool, error) {
	// Once Slack has answered, the answer must be recorded even when ctx is
	// being cancelled for shutdown; otherwise the message would go twice.
	txCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	claimed := false
	err := s.inTx(txCtx, func(tx *sqlx.Tx) error {
		var r outboxRow
		stmt, err := s.claimStatement(txCtx, tx)
		if err != nil {
			return fmt.Errorf("claim outbox message: %w", err)
		}
		err = stmt.GetContext(txCtx, &r, append(args, id)...)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // sent, locked or held back meanwhile
		}
		if err != nil {
			return fmt.Errorf("claim outbox message: %w", err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		claimed = true
		it := r.item()
		if it.Channel == ChannelSMS {
			if err := s.openAll(sealedField{fieldOutboxTo, &it.To}, sealedField{fieldOutboxText, &it.Text}); err != nil {
				// A message that cannot be opened can never go.
				return recordDelivery(txCtx, tx, it, Delivery{Outcome: OutboxFailed, At: opt.Now, Error: err.Error()})
			}
		}
		if it.Channel == ChannelJob {
			d, err := s.runJob(ctx, txCtx, tx, it, send)
			if err != nil {
				return err
			}
			return recordDelivery(txCtx, tx, it, d)
		}
		return recordDelivery(txCtx, tx, it, send(ctx, it))
	})
	return claimed, err
}

func recordDelivery(ctx context.Context, tx *sqlx.Tx, it OutboxItem, d Delivery) error {
	var err error
	switch d.Outcome {
	case OutboxSent:
		result, _ := json.Marshal(map[string]string{"channel": d.Channel, "ts": d.TS, "locale": d.Locale})
		// An SMS's number and text are not kept once it has gone.
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'sent', sent_at = $2,
			attempts = attempts + 1, last_error = '', result = $3, gateway_id = $4, parts = $5,
			sms_to = '', sms_text = '' WHERE id = $1`, it.ID, d.At, result, d.GatewayID, d.Parts)
		if err == nil && it.RecordTS && it.ReferralID != 0 {
			_, err = tx.ExecContext(ctx, `UPDATE referrals SET slack_channel = $2, slack_ts = $3 WHERE id = $1`,
				it.ReferralID, d.Channel, d.TS)
		}
		if err == nil && it.DigestID != 0 && d.TS != "" {
			err = recordDigestTS(ctx, tx, it.DigestID, d.Channel, d.TS)
		}
		if err == nil && d.Locale != "" && it.UserID != "" {
			err = setSlackUserLocale(ctx, tx, it.TeamID, it.UserID, d.Locale)
		}
	case OutboxRetry:
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, run_at = $2,
			last_error = $3 WHERE id = $1`, it.ID, d.RetryAt, d.Error)
	case OutboxAgain:
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET run_at = $2, attempts = 0, last_error = '',
			sent_at = $3 WHERE id = $1`, it.ID, d.RetryAt, d.At)
	case OutboxCancelled:
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'cancelled', last_error = $2,
			sms_to = '', sms_text = '' WHERE id = $1`, it.ID, d.Error)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'failed', attempts = attempts + 1,
			last_error = $2, sms_to = '', sms_text = '' WHERE id = $1`, it.ID, d.Error)
	}
	if err != nil {
		return fmt.Errorf("record outbox delivery %d: %w", it.ID, err)
	}
	return nil
}

// OutboxCounts counts queued Slack messages by state: pending, sent and
// failed.
func (s *Store) OutboxCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT state, count(*) AS n FROM outbox
		WHERE channel = 'slack' AND state <> 'cancelled' GROUP BY state`); err != nil {
		return nil, fmt.Errorf("outbox counts: %w", err)
	}
	out := map[string]int{"pending": 0, "sent": 0, "failed": 0}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// smsOrderKey names one phone's messages by the first 8 bytes of its keyed
// hash, as the triggers of migrations 012 and 013 do.
func smsOrderKey(phoneHash []byte) string {
	return "sms:" + hex.EncodeToString(phoneHash[:min(8, len(phoneHash))])
}
