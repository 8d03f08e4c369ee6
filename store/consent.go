package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// ErrConsentChanged means a consent text's wording differs from what its
// version recorded earlier: someone changed the words without a new
// version, which would rewrite what earlier people agreed to.
var ErrConsentChanged = errors.New("store: a consent text changed without a new version")

// ConsentText is one consent text's wording in one version and language.
type ConsentText struct {
	MessageID string `db:"message_id"`
	Version   string `db:"version"`
	Lang      string `db:"lang"`
	Text      string `db:"text"`
}

// RecordConsentTexts keeps the wording of each consent text the service
// shows, per version and language, the first time it is shown. A text
// already recorded with other words gives ErrConsentChanged, naming it;
// nothing is changed then.
func (s *Store) RecordConsentTexts(ctx context.Context, texts []ConsentText) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, t := range texts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO consent_texts (message_id, version, lang, text)
				VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, t.MessageID, t.Version, t.Lang, t.Text); err != nil {
				return fmt.Errorf("record consent text %s: %w", t.MessageID, err)
			}
			var kept string
			if err := tx.GetContext(ctx, &kept, `SELECT text FROM consent_texts
				WHERE message_id = $1 AND version = $2 AND lang = $3`, t.MessageID, t.Version, t.Lang); err != nil {
				return fmt.Errorf("read consent text %s: %w", t.MessageID, err)
			}
			if kept != t.Text {
				return fmt.Errorf("%w: %s in %s reads differently from what version %s recorded; give the new wording a new version",
					ErrConsentChanged, t.MessageID, t.Lang, t.Version)
			}
		}
		return nil
	})
}

// ConsentTexts returns consent texts of one version in one language, by
// message id, as they were recorded: what a person agreed to. ids limits
// them to those messages (domain.ConsentMessageIDs).
func (s *Store) ConsentTexts(ctx context.Context, version, lang string, ids []string) (map[string]string, error) {
	var rows []ConsentText
	if err := s.db.SelectContext(ctx, &rows, `SELECT message_id, version, lang, text FROM consent_texts
		WHERE version = $1 AND lang = $2 AND message_id = ANY($3) ORDER BY message_id`, version, lang, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("consent texts %s/%s: %w", version, lang, err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.MessageID] = r.Text
	}
	return out, nil
}
