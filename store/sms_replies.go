package store

import (
	"context"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// InboundAction is what became of a reply a resident sent.
type InboundAction string

// The actions a reply can lead to.
const (
	InboundCancel   InboundAction = "cancel"    // cancel her next sign-up
	InboundStop     InboundAction = "stop"      // no more messages to her number
	InboundForStaff InboundAction = "for_staff" // anything else: staff read it
)

// RecordInbound keeps a reply once: a gateway that calls the webhook again
// for the same message changes nothing. It reports false for a repeat.
// Only replies for staff keep their text (sealed). The notices (a Slack
// message to staff, say) are queued in the same transaction, so they go
// exactly once per reply, and never for a repeat.
func (s *Store) RecordInbound(ctx context.Context, gatewayID, from, body string, action InboundAction, notices ...OutboxMessage) (bool, error) {
	hash, err := s.phoneHash(from)
	if err != nil {
		return false, err
	}
	sealed := ""
	if action == InboundForStaff {
		if sealed, err = s.seal(fieldInboundBody, body); err != nil {
			return false, err
		}
	}
	fresh := false
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO sms_inbound (gateway_id, phone_hash, body, action)
			VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT sms_inbound_gateway_id DO NOTHING`,
			gatewayID, hash, sealed, string(action))
		if err != nil {
			return fmt.Errorf("record sms reply: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		fresh = true
		return s.enqueue(ctx, tx, notices)
	})
	return fresh, err
}

// InboundSeen reports whether a reply with this gateway id was handled.
func (s *Store) InboundSeen(ctx context.Context, gatewayID string) (bool, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM sms_inbound WHERE gateway_id = $1`, gatewayID); err != nil {
		return false, fmt.Errorf("sms reply seen: %w", err)
	}
	return n > 0, nil
}

// NextActiveSignup is the number's active sign-up whose next session comes
// first (or, without sessions, the newest), for a reply that cancels.
func (s *Store) NextActiveSignup(ctx context.Context, phone string) (domain.Signup, error) {
	hashes, err := s.phoneHashes(phone)
	if err != nil {
		return domain.Signup{}, err
	}
	return s.signupWhere(ctx, s.db, `s.id = (SELECT s2.id FROM signups s2
		LEFT JOIN LATERAL (SELECT min(starts_at) AS next FROM activity_sessions se
			WHERE se.activity_id = s2.activity_id AND se.starts_at > now()) n ON true
		WHERE s2.phone_hash = ANY($1) AND s2.status IN ('confirmed', 'waitlisted') AND s2.erased_at IS NULL
		ORDER BY n.next NULLS LAST, s2.id DESC LIMIT 1)`, pq.ByteaArray(hashes))
}

// LatestSignup is the number's newest sign-up, for the language of an answer.
func (s *Store) LatestSignup(ctx context.Context, phone string) (domain.Signup, error) {
	hashes, err := s.phoneHashes(phone)
	if err != nil {
		return domain.Signup{}, err
	}
	return s.signupWhere(ctx, s.db, `s.id = (SELECT max(id) FROM signups WHERE phone_hash = ANY($1) AND erased_at IS NULL)`,
		pq.ByteaArray(hashes))
}

// OptOut stops all messages to a number: it is remembered (by hash), and
// what is queued for it and not sent yet is cancelled. A later sign-up
// with the number lifts it.
func (s *Store) OptOut(ctx context.Context, phone string) error {
	hashes, err := s.phoneHashes(phone)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sms_optouts (phone_hash) SELECT unnest($1::bytea[])
			ON CONFLICT (phone_hash) DO NOTHING`, pq.ByteaArray(hashes)); err != nil {
			return fmt.Errorf("opt out: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'cancelled', last_error = 'the number asked for no more messages',
			sms_to = '', sms_text = '' WHERE channel = 'sms' AND state = 'pending' AND phone_hash = ANY($1)`,
			pq.ByteaArray(hashes)); err != nil {
			return fmt.Errorf("opt out: %w", err)
		}
		return nil
	})
}

// RecordSMSDelivery keeps the gateway's delivery status on the message it
// is about.
func (s *Store) RecordSMSDelivery(ctx context.Context, gatewayID, status string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET delivery = $2 WHERE channel = 'sms' AND gateway_id = $1`, gatewayID, status)
	if err != nil {
		return false, fmt.Errorf("sms delivery: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SMSSentSince counts messages of a kind queued for a number since a
// moment, for the "send my link again" limit.
func (s *Store) SMSSentSince(ctx context.Context, phone, kind string, since time.Time) (int, error) {
	hashes, err := s.phoneHashes(phone)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM outbox WHERE channel = 'sms' AND kind = $2
		AND phone_hash = ANY($1) AND created_at >= $3`, pq.ByteaArray(hashes), kind, since); err != nil {
		return 0, fmt.Errorf("sms sent since: %w", err)
	}
	return n, nil
}

// SMSCount is the number of SMS of one kind in one state.
type SMSCount struct {
	Kind  string `db:"kind"`
	State string `db:"state"`
	N     int    `db:"n"`
}

// SMSCounts counts SMS by kind and state, for /metrics: no numbers, no text.
func (s *Store) SMSCounts(ctx context.Context) ([]SMSCount, error) {
	var out []SMSCount
	if err := s.db.SelectContext(ctx, &out, `SELECT kind, state, count(*) AS n FROM outbox
		WHERE channel = 'sms' GROUP BY kind, state ORDER BY kind, state`); err != nil {
		return nil, fmt.Errorf("sms counts: %w", err)
	}
	return out, nil
}

// LinkLimit is how often a number may be sent its link again.
const LinkLimit = 10 * time.Minute

// QueueLinkSMS queues, for the sign-up with this reference, an SMS with
// her link, unless one went to her number within LinkLimit or she said no
// to SMS about that sign-up. It reports
// whether it queued one. The text is written when it is sent. The key
// holds the ten-minute window, so two requests at once queue one.
func (s *Store) QueueLinkSMS(ctx context.Context, reference string, now time.Time) (bool, error) {
	var su struct {
		ID        int64  `db:"id"`
		PhoneHash []byte `db:"phone_hash"`
		SMSOK     bool   `db:"sms_ok"`
	}
	if err := s.db.GetContext(ctx, &su, `SELECT id, phone_hash, sms_ok FROM signups
		WHERE reference = $1 AND phone_hash IS NOT NULL AND erased_at IS NULL`, reference); err != nil {
		return false, fmt.Errorf("link sms: %w", err)
	}
	if !su.SMSOK {
		return false, nil // she said no to SMS about this sign-up
	}
	var recent int
	if err := s.db.GetContext(ctx, &recent, `SELECT count(*) FROM outbox WHERE channel = 'sms' AND kind = 'link'
		AND phone_hash = $1 AND created_at > $2`, su.PhoneHash, now.Add(-LinkLimit)); err != nil {
		return false, fmt.Errorf("link sms: %w", err)
	}
	if recent > 0 {
		return false, nil
	}
	window := now.Unix() / int64(LinkLimit/time.Second)
	res, err := s.db.ExecContext(ctx, `INSERT INTO outbox (channel, kind, method, dedupe_key, order_key, payload, signup_id, phone_hash, created_at)
		VALUES ('sms', 'link', 'sms', $1, $2, '{}', $3, $4, $5)
		ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING`,
		fmt.Sprintf("sms:link:%x:%d", su.PhoneHash[:min(8, len(su.PhoneHash))], window), smsOrderKey(su.PhoneHash), su.ID, su.PhoneHash, now)
	if err != nil {
		return false, fmt.Errorf("link sms: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
