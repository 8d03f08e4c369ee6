package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// SlackUser is a partner as Slack knows her, with the organisation she
// refers for and the language her Slack is set to.
type SlackUser struct {
	TeamID    string    `db:"team_id"`
	UserID    string    `db:"user_id"`
	OrgKey    string    `db:"org_key"` // "" until she has picked one
	Locale    string    `db:"locale"`  // Slack's locale, e.g. "en-US"; "" while unknown
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// SlackUser returns what is known about a Slack user, or ErrNotFound.
func (s *Store) SlackUser(ctx context.Context, teamID, userID string) (SlackUser, error) {
	var u SlackUser
	err := s.db.GetContext(ctx, &u, `SELECT team_id, user_id, org_key, locale, created_at, updated_at
		FROM slack_users WHERE team_id = $1 AND user_id = $2`, teamID, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("slack user %s/%s: %w", teamID, userID, ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("slack user %s/%s: %w", teamID, userID, err)
	}
	return u, nil
}

// SetSlackUserOrg records the organisation a partner refers for: her own
// choice on first use, or a staff member's correction. Messages, if any,
// are queued in the same transaction (the Slack app asks for her language
// this way). Callers check the key against the plan.
func (s *Store) SetSlackUserOrg(ctx context.Context, teamID, userID, orgKey string, msgs ...OutboxMessage) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO slack_users (team_id, user_id, org_key)
			VALUES ($1, $2, $3)
			ON CONFLICT (team_id, user_id) DO UPDATE SET org_key = EXCLUDED.org_key, updated_at = now()`,
			teamID, userID, orgKey); err != nil {
			return fmt.Errorf("set slack user org: %w", err)
		}
		return enqueue(ctx, tx, msgs)
	})
}

// SetSlackUserLocale records the language a Slack user's client is set to,
// as Slack reports it.
func (s *Store) SetSlackUserLocale(ctx context.Context, teamID, userID, locale string) error {
	return setSlackUserLocale(ctx, s.db, teamID, userID, locale)
}

func setSlackUserLocale(ctx context.Context, ex sqlx.ExecerContext, teamID, userID, locale string) error {
	if _, err := ex.ExecContext(ctx, `INSERT INTO slack_users (team_id, user_id, locale)
		VALUES ($1, $2, $3)
		ON CONFLICT (team_id, user_id) DO UPDATE SET locale = EXCLUDED.locale, updated_at = now()
		WHERE slack_users.locale IS DISTINCT FROM EXCLUDED.locale`,
		teamID, userID, locale); err != nil {
		return fmt.Errorf("set slack user locale: %w", err)
	}
	return nil
}
