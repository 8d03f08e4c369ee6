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

// RecordLoginFailure counts a failed login against the e-mail address
// typed and the network address it came from, and locks either that has
// failed too often within the window (domain.LoginLocks). Failures for an
// account count only since its last good login.
func (s *Store) RecordLoginFailure(ctx context.Context, email, addr string, now time.Time) (NewLocks, error) {
	var locks NewLocks
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= $1`, now.Add(-domain.LoginWindow)); err != nil {
			return fmt.Errorf("sweep login failures: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (email, addr, at) VALUES ($1, $2, $3)`, email, addr, now); err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		var lastLogin sql.NullTime
		if err := tx.GetContext(ctx, &lastLogin, `SELECT max(last_login_at) FROM staff WHERE email = $1`, email); err != nil {
			return fmt.Errorf("last login: %w", err)
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
			return fmt.Errorf("count login failures: %w", err)
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
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_locks (kind, key, until) VALUES ($1, $2, $3)
				ON CONFLICT (kind, key) DO UPDATE SET until = excluded.until`, l.kind, l.key, locks.Until); err != nil {
				return fmt.Errorf("lock login: %w", err)
			}
			*l.set = true
		}
		return nil
	})
	return locks, err
}
