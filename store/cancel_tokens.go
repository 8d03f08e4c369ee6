package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// byToken finds the sign-up a private cancel link points to from the
// token's hash ($1): the hash of her current token, or of an older one
// kept in cancel_aliases (migration 028). Each branch reads one unique
// index.
const byToken = `(SELECT id FROM signups WHERE cancel_token = $1
	UNION ALL SELECT signup_id FROM cancel_aliases WHERE hash = $1 LIMIT 1)`

// RehashCancelTokens gives every sign-up whose cancel token cannot be
// derived under the current data key (stored before migration 010, or
// made under a key since retired) the token derived under it, keeping
// the old hash as an alias so that the link she holds keeps working. It
// reads batch sign-ups at a time and moves each batch's tokens in one
// short transaction, skipping rows another instance holds: run at
// start-up and by a key rotation, as often as wanted. It returns how many
// sign-ups it gave a new token.
func (s *Store) RehashCancelTokens(ctx context.Context, batch int) (int, error) {
	if s.keys == nil {
		return 0, ErrNoKey
	}
	total := 0
	for after := int64(0); ; {
		var rows []tokenRow
		if err := s.db.SelectContext(ctx, &rows, `SELECT id, idempotency_key, cancel_token FROM signups
			WHERE id > $1 ORDER BY id LIMIT $2`, after, batch); err != nil {
			return total, fmt.Errorf("cancel tokens: %w", err)
		}
		if len(rows) == 0 {
			return total, nil
		}
		after = rows[len(rows)-1].ID
		var stale []int64
		for _, r := range rows {
			if r.Hash != s.currentCancelHash(r.Key) {
				stale = append(stale, r.ID)
			}
		}
		if len(stale) == 0 {
			continue
		}
		n, err := s.rehashTokens(ctx, stale)
		total += n
		if err != nil {
			return total, err
		}
	}
}

// tokenRow is what deriving a sign-up's cancel token needs.
type tokenRow struct {
	ID   int64  `db:"id"`
	Key  string `db:"idempotency_key"`
	Hash string `db:"cancel_token"`
}

func (s *Store) currentCancelHash(idemKey string) string {
	return cancelHash(s.keys.CancelTokens(idemKey)[0])
}

// rehashTokens moves the stale tokens of the given sign-ups, reading them
// again under their row locks: another instance may have moved them.
func (s *Store) rehashTokens(ctx context.Context, ids []int64) (int, error) {
	var olds, news []string
	var moved []int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var rows []tokenRow
		if err := tx.SelectContext(ctx, &rows, `SELECT id, idempotency_key, cancel_token FROM signups
			WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED`, pq.Int64Array(ids)); err != nil {
			return fmt.Errorf("lock cancel tokens: %w", err)
		}
		for _, r := range rows {
			if h := s.currentCancelHash(r.Key); h != r.Hash {
				moved, olds, news = append(moved, r.ID), append(olds, r.Hash), append(news, h)
			}
		}
		if len(moved) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cancel_aliases (hash, signup_id)
			SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (hash) DO NOTHING`,
			pq.StringArray(olds), pq.Int64Array(moved)); err != nil {
			return fmt.Errorf("keep old cancel links: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signups s SET cancel_token = m.hash
			FROM unnest($1::bigint[], $2::text[]) AS m(id, hash) WHERE s.id = m.id`,
			pq.Int64Array(moved), pq.StringArray(news)); err != nil {
			return fmt.Errorf("derive cancel tokens: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(moved), nil
}
