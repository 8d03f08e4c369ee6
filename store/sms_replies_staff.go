package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// StaffReply is a reply a resident sent that was no keyword, for staff to
// read and answer by phone.
type StaffReply struct {
	ID         int64
	ReceivedAt time.Time
	Text       string
	// The newest sign-up with her number, when there is one: its id,
	// reference and activity title; SignupID is 0 otherwise.
	SignupID  int64
	Reference string
	Activity  domain.Text
}

// repliesForStaff are the unhandled replies, oldest first, each with the
// newest kept sign-up with the same number.
const repliesForStaff = `SELECT i.id, i.received_at, i.body,
	coalesce(su.id, 0) AS signup_id, coalesce(su.reference, '') AS reference, coalesce(a.texts->'title', '{}') AS title
FROM sms_inbound i
LEFT JOIN LATERAL (SELECT s.id, s.reference, s.activity_id FROM signups s
	WHERE s.phone_hash = i.phone_hash AND s.erased_at IS NULL ORDER BY s.id DESC LIMIT 1) su ON true
LEFT JOIN activities a ON a.id = su.activity_id
WHERE i.action = 'for_staff' AND i.handled_at IS NULL
ORDER BY i.received_at, i.id
LIMIT $1`

// RepliesForStaff lists up to limit replies not yet marked handled, with
// their text opened.
func (s *Store) RepliesForStaff(ctx context.Context, limit int) ([]StaffReply, error) {
	var rows []struct {
		ID         int64     `db:"id"`
		ReceivedAt time.Time `db:"received_at"`
		Body       string    `db:"body"`
		SignupID   int64     `db:"signup_id"`
		Reference  string    `db:"reference"`
		Title      []byte    `db:"title"`
	}
	if err := s.db.SelectContext(ctx, &rows, repliesForStaff, limit); err != nil {
		return nil, fmt.Errorf("sms replies for staff: %w", err)
	}
	out := make([]StaffReply, len(rows))
	for i, r := range rows {
		text, err := s.open(fieldInboundBody, r.Body)
		if err != nil {
			return nil, err
		}
		out[i] = StaffReply{ID: r.ID, ReceivedAt: r.ReceivedAt, Text: text, SignupID: r.SignupID, Reference: r.Reference}
		if err := json.Unmarshal(r.Title, &out[i].Activity); err != nil {
			return nil, fmt.Errorf("sms reply %d activity title: %w", r.ID, err)
		}
	}
	return out, nil
}

// CountRepliesForStaff counts the replies not yet marked handled.
func (s *Store) CountRepliesForStaff(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM sms_inbound
		WHERE action = 'for_staff' AND handled_at IS NULL`); err != nil {
		return 0, fmt.Errorf("count sms replies: %w", err)
	}
	return n, nil
}

// MarkReplyHandled takes a reply off staff's list. Marking it twice (two
// colleagues at once) is no error; a reply that does not exist is.
func (s *Store) MarkReplyHandled(ctx context.Context, id int64, at time.Time) error {
	var got int64
	err := s.db.GetContext(ctx, &got, `UPDATE sms_inbound SET handled_at = coalesce(handled_at, $2)
		WHERE id = $1 AND action = 'for_staff' RETURNING id`, id, at)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sms reply %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sms reply handled: %w", err)
	}
	return nil
}
