package store

import (
	"context"
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
// Only the code's hash is stored (migration 021).
func (s *Store) SignupByShortCode(ctx context.Context, code string) (domain.Signup, error) {
	return s.signupWhere(ctx, s.db, `s.short_code = $1`, cancelHash(code))
}

// ShortCodeLen is the length of a short link's code: 30^8 (6.6·10^11)
// codes, too many to guess one, and short enough that host and code fit
// the 30 characters an SMS link may take.
const ShortCodeLen = 8

// shortCodeAlphabet leaves out letters and digits read alike (0/o, 1/l/i).
const shortCodeAlphabet = "abcdefghjkmnpqrstuvwxyz2345678"

// shortCodeTries is how many derived candidates a sign-up may take before
// giving up: a clash with another sign-up's code is a one-in-a-billion
// event, two in a row far rarer.
const shortCodeTries = 5

// ShortCode returns the sign-up's short link code. The code is derived
// from her form key with the data key, and only its hash is stored, so a
// copy of the database cannot open her page; the first call picks the
// first candidate no other sign-up has.
func (s *Store) ShortCode(ctx context.Context, signupID int64) (string, error) {
	if s.keys == nil {
		return "", ErrNoKey
	}
	for {
		var row struct {
			Key  string         `db:"idempotency_key"`
			Hash sql.NullString `db:"short_code"`
			N    sql.NullInt64  `db:"short_code_n"`
		}
		err := s.db.GetContext(ctx, &row, `SELECT idempotency_key, short_code, short_code_n FROM signups WHERE id = $1`, signupID)
		if errors.Is(err, sql.ErrNoRows) {
			return "", ErrNotFound
		}
		if err != nil {
			return "", fmt.Errorf("short code: %w", err)
		}
		if row.Hash.Valid && row.N.Valid {
			for _, mac := range s.keys.ShortCodeMACs(row.Key, int(row.N.Int64)) {
				if code := shortCodeFrom(mac); cancelHash(code) == row.Hash.String {
					return code, nil
				}
			}
		}
		// None yet, or one drawn before migration 021 (or under a key
		// since dropped): take the first free candidate.
		code, err := s.claimShortCode(ctx, signupID, row.Key, row.Hash)
		if err != errShortCodeRace {
			return code, err
		}
	}
}

var errShortCodeRace = errors.New("short code set meanwhile")

// claimShortCode stores the hash of the first candidate code no other
// sign-up holds, unless another caller changed the sign-up's code first.
func (s *Store) claimShortCode(ctx context.Context, signupID int64, key string, was sql.NullString) (string, error) {
	for n := range shortCodeTries {
		code := shortCodeFrom(s.keys.ShortCodeMACs(key, n)[0])
		res, err := s.db.ExecContext(ctx, `UPDATE signups SET short_code = $2, short_code_n = $3
			WHERE id = $1 AND short_code IS NOT DISTINCT FROM $4`, signupID, cancelHash(code), n, was)
		if isUniqueViolation(err, "signups_short_code_key") {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("short code: %w", err)
		}
		if changed, _ := res.RowsAffected(); changed == 0 {
			return "", errShortCodeRace
		}
		return code, nil
	}
	return "", fmt.Errorf("short code: %d candidates taken", shortCodeTries)
}

// shortCodeFrom spells a keyed hash in the short code alphabet.
func shortCodeFrom(mac []byte) string {
	b := make([]byte, ShortCodeLen)
	for i := range b {
		b[i] = shortCodeAlphabet[int(mac[i])%len(shortCodeAlphabet)]
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
