package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
)

// staffRow is a staff row as stored.
type staffRow struct {
	ID           int64        `db:"id"`
	Email        string       `db:"email"`
	Name         string       `db:"name"`
	Role         string       `db:"role"`
	Lang         string       `db:"lang"`
	PasswordHash string       `db:"password_hash"`
	Active       bool         `db:"active"`
	LastLoginAt  sql.NullTime `db:"last_login_at"`
	CreatedAt    time.Time    `db:"created_at"`
}

const staffColumns = `st.id, st.email, st.name, st.role, st.lang, st.password_hash, st.active,
	st.last_login_at, st.created_at`

func (r staffRow) domain() domain.Staff {
	return domain.Staff{ID: r.ID, Email: r.Email, Name: r.Name, Role: domain.Role(r.Role), Lang: r.Lang,
		Active: r.Active, HasPassword: r.PasswordHash != "", CreatedAt: r.CreatedAt}
}

// hashToken is what is kept of a secret token: enough to recognise it,
// useless for logging in to anyone who reads the database.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// CreateStaff adds an account with no password yet. An e-mail address
// already in use gives ErrDuplicate.
func (s *Store) CreateStaff(ctx context.Context, st domain.Staff) (domain.Staff, error) {
	var r staffRow
	err := s.db.GetContext(ctx, &r, `INSERT INTO staff AS st (email, name, role, lang)
		VALUES ($1, $2, $3, $4) RETURNING `+staffColumns, st.Email, st.Name, string(st.Role), st.Lang)
	if isUniqueViolation(err, "staff_email_key") {
		return domain.Staff{}, fmt.Errorf("staff %q: %w", st.Email, ErrDuplicate)
	}
	if err != nil {
		return domain.Staff{}, fmt.Errorf("create staff: %w", err)
	}
	return r.domain(), nil
}

func (s *Store) staffWhere(ctx context.Context, q sqlx.QueryerContext, cond string, arg any) (staffRow, error) {
	var r staffRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT `+staffColumns+` FROM staff st WHERE `+cond, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("staff %v: %w", arg, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("staff %v: %w", arg, err)
	}
	return r, nil
}

// StaffByID returns one account, active or not.
func (s *Store) StaffByID(ctx context.Context, id int64) (domain.Staff, error) {
	r, err := s.staffWhere(ctx, s.db, `st.id = $1`, id)
	return r.domain(), err
}

// StaffByEmail returns one account, active or not.
func (s *Store) StaffByEmail(ctx context.Context, email string) (domain.Staff, error) {
	r, err := s.staffWhere(ctx, s.db, `st.email = $1`, email)
	return r.domain(), err
}

// LoginCandidate is an active account with what a login checks.
type LoginCandidate struct {
	domain.Staff
	PasswordHash string
	LastLoginAt  time.Time // zero if never
}

// LoginCandidate returns the active account with this e-mail address.
// Deactivated accounts are not found, so they cannot log in.
func (s *Store) LoginCandidate(ctx context.Context, email string) (LoginCandidate, error) {
	r, err := s.staffWhere(ctx, s.db, `st.email = $1 AND st.active`, email)
	if err != nil {
		return LoginCandidate{}, err
	}
	return LoginCandidate{Staff: r.domain(), PasswordHash: r.PasswordHash, LastLoginAt: r.LastLoginAt.Time}, nil
}

// ListStaff returns every account, active ones first, by name.
func (s *Store) ListStaff(ctx context.Context) ([]domain.Staff, error) {
	var rows []staffRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+staffColumns+` FROM staff st
		ORDER BY st.active DESC, st.name, st.id`); err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	out := make([]domain.Staff, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// SetStaffLang changes the language the workspace speaks to someone in.
func (s *Store) SetStaffLang(ctx context.Context, id int64, lang string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE staff SET lang = $2 WHERE id = $1`, id, lang)
	if err != nil {
		return fmt.Errorf("set staff language: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("staff %d: %w", id, ErrNotFound)
	}
	return nil
}

// DeactivateStaff closes an account: it can no longer log in, its
// sessions end now and its unused password links stop working. The
// account stays, so the audit log and sign-ups it helped keep their names.
func (s *Store) DeactivateStaff(ctx context.Context, id int64, now time.Time) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE staff SET active = false, deactivated_at = $2
			WHERE id = $1 AND active`, id, now)
		if err != nil {
			return fmt.Errorf("deactivate staff: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("active staff %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE staff_id = $1`, id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff_password_links SET used_at = $2
			WHERE staff_id = $1 AND used_at IS NULL`, id, now); err != nil {
			return fmt.Errorf("void password links: %w", err)
		}
		return nil
	})
}

// CreatePasswordLink keeps the hash of a new one-time token that lets an
// active account set its password until expires.
func (s *Store) CreatePasswordLink(ctx context.Context, staffID int64, token string, now, expires time.Time) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO staff_password_links (token_hash, staff_id, created_at, expires_at)
		SELECT $1, id, $3, $4 FROM staff WHERE id = $2 AND active`, hashToken(token), staffID, now, expires)
	if err != nil {
		return fmt.Errorf("create password link: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("active staff %d: %w", staffID, ErrNotFound)
	}
	return nil
}

// linkCond selects a password link that still works at $2.
const linkCond = `l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND st.active`

// PasswordLinkStaff returns the account a working password link is for.
// An unknown, used or expired link gives ErrNotFound.
func (s *Store) PasswordLinkStaff(ctx context.Context, token string, now time.Time) (domain.Staff, error) {
	var r staffRow
	err := s.db.GetContext(ctx, &r, `SELECT `+staffColumns+` FROM staff_password_links l
		JOIN staff st ON st.id = l.staff_id WHERE `+linkCond, hashToken(token), now)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Staff{}, fmt.Errorf("password link: %w", ErrNotFound)
	}
	if err != nil {
		return domain.Staff{}, fmt.Errorf("password link: %w", err)
	}
	return r.domain(), nil
}

// UsePasswordLink sets the password through a working link and uses the
// link up, along with every other open link of the account. Every session
// of the account ends: whoever knew the old password is out. An unknown,
// used or expired link gives ErrNotFound.
func (s *Store) UsePasswordLink(ctx context.Context, token, passwordHash string, now time.Time) (domain.Staff, error) {
	var st domain.Staff
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, `UPDATE staff_password_links l SET used_at = $2
			FROM staff st WHERE st.id = l.staff_id AND `+linkCond+` RETURNING l.staff_id`, hashToken(token), now)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("password link: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("use password link: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET password_hash = $2 WHERE id = $1`, id, passwordHash); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff_password_links SET used_at = $2
			WHERE staff_id = $1 AND used_at IS NULL`, id, now); err != nil {
			return fmt.Errorf("void other password links: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE staff_id = $1`, id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		r, err := s.staffWhere(ctx, tx, `st.id = $1`, id)
		st = r.domain()
		return err
	})
	return st, err
}
