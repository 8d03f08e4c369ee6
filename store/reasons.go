package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// reasonRef is the audit detail that names a staff reason instead of
// holding its text: the append-only log cannot be erased, the reason can.
const reasonRef = "reason_ref"

// keepReason stores a staff reason about subject, sealed, and returns the
// reference the audit line keeps.
func (s *Store) keepReason(ctx context.Context, tx *sqlx.Tx, subject, reason string) (int64, error) {
	sealed, err := s.seal(fieldStaffReason, reason)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.GetContext(ctx, &id, `INSERT INTO staff_reasons (subject, reason) VALUES ($1, $2) RETURNING id`,
		subject, sealed); err != nil {
		return 0, fmt.Errorf("keep reason: %w", err)
	}
	return id, nil
}

// withReasons puts the text of each referenced staff reason into its
// audit line's detail, as "reason", for the pages that show history; an
// erased reason shows as none.
func (s *Store) withReasons(ctx context.Context, lines []AuditLine) error {
	if s.keys == nil {
		return nil // without the key the log shows the references only
	}
	var ids []int64
	for _, l := range lines {
		if id, ok := l.Detail[reasonRef].(float64); ok {
			ids = append(ids, int64(id))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID     int64  `db:"id"`
		Reason string `db:"reason"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT id, reason FROM staff_reasons WHERE id = ANY($1)`,
		pq.Int64Array(ids)); err != nil {
		return fmt.Errorf("staff reasons: %w", err)
	}
	texts := make(map[int64]string, len(rows))
	for _, r := range rows {
		text, err := s.openReason(fieldStaffReason, r.Reason)
		if err != nil {
			return fmt.Errorf("staff reason %d: %w", r.ID, err)
		}
		texts[r.ID] = text
	}
	for _, l := range lines {
		if id, ok := l.Detail[reasonRef].(float64); ok && texts[int64(id)] != "" {
			l.Detail["reason"] = texts[int64(id)]
		}
	}
	return nil
}
