package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/lib/pq"
)

// SetSMSEnabled says whether new sign-ups queue a confirmation SMS
// (migration 012). tilmeld serve sets it from TILMELD_SMS at start-up.
func (s *Store) SetSMSEnabled(ctx context.Context, on bool) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE sms_settings SET enabled = $1`, on); err != nil {
		return fmt.Errorf("sms settings: %w", err)
	}
	return nil
}

// SignupByID returns a sign-up, with its waiting-list position.
func (s *Store) SignupByID(ctx context.Context, id int64) (domain.Signup, error) {
	return s.signupWhere(ctx, s.db, `s.id = $1`, id)
}

// SignupByShortCode returns the sign-up an SMS's short link points to.
func (s *Store) SignupByShortCode(ctx context.Context, code string) (domain.Signup, error) {
	return s.signupWhere(ctx, s.db, `s.short_code = $1`, code)
}

// ShortCodeLen is the length of a short link's code: 30^8 (6.6·10^11)
// codes, too many to guess one, and short enough that host and code fit
// the 30 characters an SMS link may take.
const ShortCodeLen = 8

// shortCodeAlphabet leaves out letters and digits read alike (0/o, 1/l/i).
const shortCodeAlphabet = "abcdefghjkmnpqrstuvwxyz2345678"

// ShortCode returns the sign-up's short link code, drawing one the first
// time.
func (s *Store) ShortCode(ctx context.Context, signupID int64) (string, error) {
	for attempt := 0; ; attempt++ {
		var code sql.NullString
		err := s.db.GetContext(ctx, &code, `UPDATE signups SET short_code = coalesce(short_code, $2)
			WHERE id = $1 RETURNING short_code`, signupID, newShortCode())
		if errors.Is(err, sql.ErrNoRows) {
			return "", ErrNotFound
		}
		if isUniqueViolation(err, "signups_short_code_key") && attempt < 5 {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("short code: %w", err)
		}
		return code.String, nil
	}
}

func newShortCode() string {
	b := make([]byte, ShortCodeLen)
	rand.Read(b)
	for i := range b {
		b[i] = shortCodeAlphabet[int(b[i])%len(shortCodeAlphabet)]
	}
	return string(b)
}

// OptedOut reports whether a number asked for no more messages.
func (s *Store) OptedOut(ctx context.Context, phone string) (bool, error) {
	hashes, err := s.phoneHashes(phone)
	if err != nil {
		return false, err
	}
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM sms_optouts WHERE phone_hash = ANY($1)`, pq.ByteaArray(hashes)); err != nil {
		return false, fmt.Errorf("opted out: %w", err)
	}
	return n > 0, nil
}

// SMSParts counts the SMS parts sent since from: what the gateway bills.
func (s *Store) SMSParts(ctx context.Context, from time.Time) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT coalesce(sum(parts), 0) FROM outbox
		WHERE channel = 'sms' AND state = 'sent' AND sent_at >= $1`, from); err != nil {
		return 0, fmt.Errorf("sms parts: %w", err)
	}
	return n, nil
}
