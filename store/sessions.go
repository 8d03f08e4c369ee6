package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
)

// CreateSession keeps the hash of a new session token for an account,
// valid until expires, and notes the login. The account's expired sessions
// are swept away at the same time.
func (s *Store) CreateSession(ctx context.Context, staffID int64, token string, now, expires time.Time) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE staff_id = $1 AND expires_at <= $2`, staffID, now); err != nil {
			return fmt.Errorf("sweep sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4)`, hashToken(token), staffID, now, expires); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET last_login_at = $2 WHERE id = $1`, staffID, now); err != nil {
			return fmt.Errorf("note login: %w", err)
		}
		return nil
	})
}

// StaffBySession returns the active account a session token belongs to.
// An unknown or expired token, or a deactivated account, gives ErrNotFound.
func (s *Store) StaffBySession(ctx context.Context, token string, now time.Time) (domain.Staff, error) {
	var r staffRow
	err := s.db.GetContext(ctx, &r, `SELECT `+staffColumns+` FROM staff_sessions se
		JOIN staff st ON st.id = se.staff_id
		WHERE se.token_hash = $1 AND se.expires_at > $2 AND st.active`, hashToken(token), now)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Staff{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return domain.Staff{}, fmt.Errorf("session: %w", err)
	}
	return r.domain(), nil
}

// DeleteSession ends one session (logging out on this device).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM staff_sessions WHERE token_hash = $1`, hashToken(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteStaffSessions ends every session of an account, on every device.
func (s *Store) DeleteStaffSessions(ctx context.Context, staffID int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM staff_sessions WHERE staff_id = $1`, staffID); err != nil {
		return fmt.Errorf("delete sessions: %w", err)
	}
	return nil
}

// loginLock is the first key of the advisory locks that let one login
// at a time per account and per address be counted (the hashed key is the
// second), so a burst of guesses cannot all slip past the count at once.
const loginLock = 7253011

// LoginAttempt is one login, counted as a failure before its password is
// checked, so that no more than domain.MaxLoginFailures guesses per
// account or address are ever checked within the window.
type LoginAttempt struct {
	id          int64
	email, addr string
	at          time.Time
	// Refused: the account or the address is locked until Until; the
	// password must not be checked.
	Refused bool
	Until   time.Time
	// Locks are the locks this attempt set by being one too many.
	Locks NewLocks
}

// BeginLogin counts a login for the e-mail address typed and the network
// address it came from, before the password is checked. While either is
// locked, or has used up its failures within the window, the attempt is
// refused and not counted. A counted attempt stays a failure unless
// UncountLogin takes it back.
func (s *Store) BeginLogin(ctx context.Context, email, addr string, now time.Time) (LoginAttempt, error) {
	a := LoginAttempt{email: email, addr: addr, at: now}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		// Always the account first, then the address: two locks taken in
		// one order cannot deadlock.
		for _, key := range []string{"account " + email, "address " + addr} {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, loginLock, key); err != nil {
				return fmt.Errorf("login lock: %w", err)
			}
		}
		var until sql.NullTime
		if err := tx.GetContext(ctx, &until, `SELECT max(until) FROM login_locks
			WHERE until > $3 AND ((kind = 'account' AND key = $1) OR (kind = 'address' AND key = $2))`, email, addr, now); err != nil {
			return fmt.Errorf("login lock: %w", err)
		}
		if until.Valid {
			a.Refused, a.Until = true, until.Time
			return nil
		}
		locks, over, err := lockIfTooMany(ctx, tx, email, addr, now)
		if err != nil || over {
			a.Refused, a.Until, a.Locks = true, locks.Until, locks
			return err
		}
		if err := tx.GetContext(ctx, &a.id, `INSERT INTO login_failures (email, addr, at) VALUES ($1, $2, $3)
			RETURNING id`, email, addr, now); err != nil {
			return fmt.Errorf("count login: %w", err)
		}
		return nil
	})
	return a, err
}

// UncountLogin takes back the failure a login was counted as: its
// password was right, or was never checked.
func (s *Store) UncountLogin(ctx context.Context, a LoginAttempt) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE id = $1`, a.id); err != nil {
		return fmt.Errorf("uncount login: %w", err)
	}
	return nil
}

// LoginFailed locks the account or address of a login whose password was
// wrong if its failures have reached the limit (domain.LoginLocks).
func (s *Store) LoginFailed(ctx context.Context, a LoginAttempt) (NewLocks, error) {
	var locks NewLocks
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		locks, _, err = lockIfTooMany(ctx, tx, a.email, a.addr, a.at)
		return err
	})
	return locks, err
}

// LoginLockedUntil reports whether logins for this e-mail address or from
// this network address are locked at now, and until when.
func (s *Store) LoginLockedUntil(ctx context.Context, email, addr string, now time.Time) (time.Time, bool, error) {
	var until sql.NullTime
	err := s.db.GetContext(ctx, &until, `SELECT max(until) FROM login_locks
		WHERE until > $3 AND ((kind = 'account' AND key = $1) OR (kind = 'address' AND key = $2))`, email, addr, now)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("login lock: %w", err)
	}
	return until.Time, until.Valid, nil
}

// NewLocks says which locks a failed login has just set.
type NewLocks struct {
	Account, Address bool
	Until            time.Time
}

// lockIfTooMany locks the e-mail address or the network address that has
// failed too often within the window. Failures for an account count only
// since its last good login. A lock already in force is left as it is
// and not reported again; over says whether either has reached the limit.
func lockIfTooMany(ctx context.Context, tx *sqlx.Tx, email, addr string, now time.Time) (locks NewLocks, over bool, err error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= $1`, now.Add(-domain.LoginWindow)); err != nil {
		return locks, false, fmt.Errorf("sweep login failures: %w", err)
	}
	var lastLogin sql.NullTime
	if err := tx.GetContext(ctx, &lastLogin, `SELECT max(last_login_at) FROM staff WHERE email = $1`, email); err != nil {
		return locks, false, fmt.Errorf("last login: %w", err)
	}
	var n struct {
		Account int `db:"account"`
		Address int `db:"address"`
	}
	if err := tx.GetContext(ctx, &n, `SELECT
		count(*) FILTER (WHERE email = $1 AND at > $3) AS account,
		count(*) FILTER (WHERE addr = $2 AND at > $4) AS address
		FROM login_failures WHERE email = $1 OR addr = $2`,
		email, addr, domain.FailureWindowStart(now, lastLogin.Time), now.Add(-domain.LoginWindow)); err != nil {
		return locks, false, fmt.Errorf("count login failures: %w", err)
	}
	locks.Until = now.Add(domain.LoginLockout)
	for _, l := range []struct {
		kind, key string
		n         int
		set       *bool
	}{{"account", email, n.Account, &locks.Account}, {"address", addr, n.Address, &locks.Address}} {
		if !domain.LoginLocks(l.n) {
			continue
		}
		over = true
		res, err := tx.ExecContext(ctx, `INSERT INTO login_locks (kind, key, until) VALUES ($1, $2, $3)
			ON CONFLICT (kind, key) DO UPDATE SET until = excluded.until WHERE login_locks.until <= $4`,
			l.kind, l.key, locks.Until, now)
		if err != nil {
			return locks, false, fmt.Errorf("lock login: %w", err)
		}
		n, _ := res.RowsAffected()
		*l.set = n > 0
	}
	return locks, over, nil
}
