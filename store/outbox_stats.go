package store

import (
	"context"
	"fmt"
	"time"
)

// OutboxBacklog is how much Slack work waits: the number of pending
// messages and how long the oldest has waited.
func (s *Store) OutboxBacklog(ctx context.Context) (int, time.Duration, error) {
	var row struct {
		N      int     `db:"n"`
		Oldest float64 `db:"oldest"`
	}
	// The partial index on pending rows keeps this cheap however many
	// messages have been sent.
	if err := s.db.GetContext(ctx, &row, `SELECT count(*) AS n,
		coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest
		FROM outbox WHERE state = 'pending' AND channel = 'slack'`); err != nil {
		return 0, 0, fmt.Errorf("outbox backlog: %w", err)
	}
	return row.N, time.Duration(row.Oldest * float64(time.Second)), nil
}
