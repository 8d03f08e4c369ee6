package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// RotateResult counts the rows a key rotation re-sealed.
type RotateResult struct {
	Signups   int
	Referrals int
	Reasons   int // staff reasons: of sign-up changes, referrals and their history
	SMS       int // queued text messages' numbers and texts, and replies kept for staff
	Tokens    int // sign-ups given a cancel token derived under the new key
}

// notCurrent selects rows with a personal field not sealed with the
// current key ($1 is its prefix followed by %): sealed with an old key,
// or written before encryption existed.
const notCurrent = `(%[1]s <> '' AND %[1]s NOT LIKE $1)`

// RotateKeys re-seals every personal field not sealed with the current
// key, and recomputes the phone hashes under it, batch rows at a time,
// each batch in its own short transaction, so the service keeps running
// meanwhile. Values sealed with an old key need that key in the keyring;
// values written before encryption (no tk1: prefix) are sealed as they
// are. It ends with an audit line naming the new key's id.
func (s *Store) RotateKeys(ctx context.Context, batch int) (RotateResult, error) {
	var res RotateResult
	if s.keys == nil {
		return res, ErrNoKey
	}
	for _, step := range []struct {
		count  *int
		rotate func(context.Context, int) (int, error)
	}{{&res.Signups, s.rotateSignups}, {&res.Referrals, s.rotateReferrals},
		{&res.Reasons, s.rotateReasons(reasonColumns[0])}, {&res.Reasons, s.rotateReasons(reasonColumns[1])},
		{&res.Reasons, s.rotateReasons(reasonColumns[2])}, {&res.SMS, s.rotateOutbox},
		{&res.SMS, s.rotateReasons(inboundBodies)}} {
		for {
			n, err := step.rotate(ctx, batch)
			*step.count += n
			if err != nil {
				return res, err
			}
			if n == 0 {
				break
			}
		}
	}
	// Cancel tokens derived under the old key could not be derived once it
	// is retired: derive them under the new one, keeping the old links.
	n, err := s.RehashCancelTokens(ctx, batch)
	if res.Tokens = n; err != nil {
		return res, err
	}
	return res, s.Audit(ctx, AuditEntry{Action: domain.AuditKeysRotated, Addr: "command line",
		Detail: map[string]any{"key": s.keys.CurrentID(), "signups": res.Signups, "referrals": res.Referrals, "reasons": res.Reasons,
			"sms": res.SMS, "tokens": res.Tokens}})
}

// signupToRotate is a sign-up's sealed fields as a rotation reads them.
type signupToRotate struct {
	ID      int64  `db:"id"`
	Name    string `db:"name"`
	Phone   string `db:"phone"`
	Answers string `db:"answers"`
	Note    string `db:"note"`
}

func (s *Store) rotateSignups(ctx context.Context, batch int) (int, error) {
	where := fmt.Sprintf(notCurrent, "name") + " OR " + fmt.Sprintf(notCurrent, "phone") + " OR " +
		fmt.Sprintf(notCurrent, "answers") + " OR " + fmt.Sprintf(notCurrent, "note")
	var rows []signupToRotate
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.SelectContext(ctx, &rows, `SELECT id, name, phone, answers, note FROM signups
			WHERE `+where+` ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, s.keys.CurrentPrefix()+"%", batch); err != nil {
			return fmt.Errorf("rotate signups: %w", err)
		}
		var phones []string
		for _, r := range rows {
			phone, err := s.resealSignup(ctx, tx, r)
			if err != nil {
				return fmt.Errorf("rotate signup %d: %w", r.ID, err)
			}
			phones = append(phones, phone)
		}
		return s.rehashByPhone(ctx, tx, phones)
	})
	return len(rows), err
}

// rehashByPhone carries what is kept by a number's hash alone, with no
// number to re-hash it from, over to the current key's hash, using the
// numbers of the sign-ups just rotated: a number's opt-out (else, once the
// old key is retired, a resident who wrote STOP would get messages again)
// and her replies for staff (else they would lose their sign-up). An
// opt-out of a number with no sign-up left has nothing to be sent anyway.
func (s *Store) rehashByPhone(ctx context.Context, tx *sqlx.Tx, phones []string) error {
	var olds, news [][]byte
	for _, p := range phones {
		if p == "" {
			continue
		}
		current := s.keys.Hash(p)
		for _, h := range s.keys.Hashes(p) {
			if !bytes.Equal(h, current) {
				olds, news = append(olds, h), append(news, current)
			}
		}
	}
	if len(olds) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sms_optouts (phone_hash, at)
		SELECT DISTINCT ON (m.new) m.new, o.at FROM sms_optouts o
		JOIN unnest($1::bytea[], $2::bytea[]) AS m(old, new) ON o.phone_hash = m.old
		ON CONFLICT (phone_hash) DO NOTHING`, pq.ByteaArray(olds), pq.ByteaArray(news)); err != nil {
		return fmt.Errorf("rotate opt-outs: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sms_inbound i SET phone_hash = m.new
		FROM unnest($1::bytea[], $2::bytea[]) AS m(old, new) WHERE i.phone_hash = m.old`,
		pq.ByteaArray(olds), pq.ByteaArray(news)); err != nil {
		return fmt.Errorf("rotate sms replies: %w", err)
	}
	return nil
}

// resealSignup opens one sign-up's fields with whichever key sealed them
// and seals them, and its hashes, with the current key. It returns her
// number.
func (s *Store) resealSignup(ctx context.Context, tx *sqlx.Tx, r signupToRotate) (string, error) {
	if err := s.openLegacy([]sealedField{{fieldSignupName, &r.Name}, {fieldSignupPhone, &r.Phone},
		{fieldSignupAnswers, &r.Answers}, {fieldSignupNote, &r.Note}}); err != nil {
		return "", err
	}
	su := domain.Signup{Name: r.Name, Phone: r.Phone}
	if r.Answers != "" {
		if err := json.Unmarshal([]byte(r.Answers), &su.Answers); err != nil {
			return "", fmt.Errorf("answers: %w", err)
		}
	}
	sealed, err := s.sealSignup(su)
	if err != nil {
		return "", err
	}
	sealed.answers = s.keys.Seal(fieldSignupAnswers, r.Answers) // as written, byte for byte
	_, err = tx.ExecContext(ctx, `UPDATE signups SET name = $2, phone = $3, answers = $4, note = $5,
		phone_hash = $6, guardian_phone_hash = $7 WHERE id = $1`, r.ID, sealed.name, sealed.phone, sealed.answers,
		s.keys.Seal(fieldSignupNote, r.Note), sealed.phoneHash, sealed.guardianHash)
	return r.Phone, err
}

func (s *Store) rotateReferrals(ctx context.Context, batch int) (int, error) {
	where := fmt.Sprintf(notCurrent, "first_name") + " OR " + fmt.Sprintf(notCurrent, "phone") + " OR " + fmt.Sprintf(notCurrent, "note")
	var rows []struct {
		ID    int64  `db:"id"`
		Name  string `db:"first_name"`
		Phone string `db:"phone"`
		Note  string `db:"note"`
	}
	n := 0
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.SelectContext(ctx, &rows, `SELECT id, first_name, phone, note FROM referrals
			WHERE `+where+` ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, s.keys.CurrentPrefix()+"%", batch); err != nil {
			return fmt.Errorf("rotate referrals: %w", err)
		}
		for _, r := range rows {
			if err := s.openLegacy([]sealedField{{fieldReferralName, &r.Name}, {fieldReferralPhone, &r.Phone}, {fieldReferralNote, &r.Note}}); err != nil {
				return fmt.Errorf("rotate referral %d: %w", r.ID, err)
			}
			hash, _ := s.phoneHash(r.Phone)
			if _, err := tx.ExecContext(ctx, `UPDATE referrals SET first_name = $2, phone = $3, note = $4, phone_hash = $5
				WHERE id = $1`, r.ID, s.keys.Seal(fieldReferralName, r.Name), s.keys.Seal(fieldReferralPhone, r.Phone),
				s.keys.Seal(fieldReferralNote, r.Note), hash); err != nil {
				return fmt.Errorf("rotate referral %d: %w", r.ID, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

// reasonColumn is a table column holding one sealed text per row.
type reasonColumn struct{ table, column, field string }

// reasonColumns are every column a staff reason is kept in; reasons
// written before migration 009 are in clear text until rotated.
var reasonColumns = [3]reasonColumn{{"staff_reasons", "reason", fieldStaffReason},
	{"referrals", "reason", fieldReferralReason}, {"referral_events", "reason", fieldEventReason}}

// inboundBodies are the texts of residents' replies kept for staff.
var inboundBodies = reasonColumn{"sms_inbound", "body", fieldInboundBody}

// rotateReasons re-seals one column's texts, batch rows at a time.
func (s *Store) rotateReasons(c reasonColumn) func(context.Context, int) (int, error) {
	return func(ctx context.Context, batch int) (int, error) {
		var rows []struct {
			ID     int64  `db:"id"`
			Reason string `db:"reason"`
		}
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			if err := tx.SelectContext(ctx, &rows, `SELECT id, `+c.column+` AS reason FROM `+c.table+` WHERE `+fmt.Sprintf(notCurrent, c.column)+`
				ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, s.keys.CurrentPrefix()+"%", batch); err != nil {
				return fmt.Errorf("rotate %s: %w", c.field, err)
			}
			for _, r := range rows {
				if err := s.openLegacy([]sealedField{{c.field, &r.Reason}}); err != nil {
					return fmt.Errorf("rotate %s %d: %w", c.table, r.ID, err)
				}
				if _, err := tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.column+` = $2 WHERE id = $1`,
					r.ID, s.keys.Seal(c.field, r.Reason)); err != nil {
					return fmt.Errorf("rotate %s %d: %w", c.table, r.ID, err)
				}
			}
			return nil
		})
		return len(rows), err
	}
}

// rotateOutbox re-seals the number and text of SMS still waiting to go
// (sent ones keep neither), and their phone hash, batch rows at a time.
// Without it a message queued before the rotation could no longer be
// opened once the old key is retired, and would fail instead of going.
// A message being sent meanwhile is locked and skipped: once sent it
// keeps nothing to re-seal.
func (s *Store) rotateOutbox(ctx context.Context, batch int) (int, error) {
	where := fmt.Sprintf(notCurrent, "sms_to") + " OR " + fmt.Sprintf(notCurrent, "sms_text")
	var rows []struct {
		ID   int64  `db:"id"`
		To   string `db:"sms_to"`
		Text string `db:"sms_text"`
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.SelectContext(ctx, &rows, `SELECT id, sms_to, sms_text FROM outbox
			WHERE channel = 'sms' AND (`+where+`) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
			s.keys.CurrentPrefix()+"%", batch); err != nil {
			return fmt.Errorf("rotate outbox: %w", err)
		}
		for _, r := range rows {
			if err := s.openLegacy([]sealedField{{fieldOutboxTo, &r.To}, {fieldOutboxText, &r.Text}}); err != nil {
				return fmt.Errorf("rotate outbox %d: %w", r.ID, err)
			}
			// The order key stays: it orders this phone's queue, and
			// changing it for some of her messages would let a later one
			// overtake an earlier one.
			hash, _ := s.phoneHash(r.To)
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET sms_to = $2, sms_text = $3,
				phone_hash = coalesce($4, phone_hash) WHERE id = $1`, r.ID, s.keys.Seal(fieldOutboxTo, r.To),
				s.keys.Seal(fieldOutboxText, r.Text), hash); err != nil {
				return fmt.Errorf("rotate outbox %d: %w", r.ID, err)
			}
		}
		return nil
	})
	return len(rows), err
}

// openLegacy opens sealed fields in place, taking a value written before
// encryption as it is.
func (s *Store) openLegacy(fields []sealedField) error {
	for _, f := range fields {
		v, err := s.keys.OpenLegacy(f.name, *f.value)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		*f.value = v
	}
	return nil
}
