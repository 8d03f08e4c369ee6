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

// digestLock is the first key of the advisory lock that serialises the
// claiming of one week's summaries (the week is the second), so instances
// racing at 08:00 queue behind each other instead of all building one.
const digestLock = 7253005

// Audiences of a summary: staff see everything, an organisation its own
// referrals (AudienceOrg + its key).
const (
	AudienceStaff = "staff"
	AudienceOrg   = "org:"
)

// DigestClaim is one week's summary for one channel and audience.
type DigestClaim struct {
	Week     domain.Week
	Channel  string
	Audience string    // AudienceStaff, or AudienceOrg + an organisation key
	DueAt    time.Time // when it was due
	At       time.Time // when it is claimed
	By       string    // who claims it: "scheduler" or "command"
	Late     bool      // it went out late, and says so
}

// DigestPost is a claimed summary as stored, with where Slack put it once
// Slack has accepted the post.
type DigestPost struct {
	ID int64
	DigestClaim
	SlackChannel string
	SlackTS      string
}

// ClaimDigest claims a week's summary for a channel and audience and, in
// the same transaction, queues the messages build makes for it (build gets
// the claim's id to tie them to). It reports false and queues nothing when
// the summary was claimed before: each channel gets each week's summary
// once, however many instances try, and whenever they try.
func (s *Store) ClaimDigest(ctx context.Context, c DigestClaim, build func(id int64) ([]OutboxMessage, error)) (bool, error) {
	claimed := false
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, $2)`,
			digestLock, c.Week.Year*100+c.Week.Num); err != nil {
			return fmt.Errorf("lock summaries of %s: %w", c.Week, err)
		}
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO digest_posts
			(week, channel, audience, due_at, claimed_at, claimed_by, late)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT ON CONSTRAINT digest_posts_once DO NOTHING
			RETURNING id`,
			c.Week.String(), c.Channel, c.Audience, c.DueAt, c.At, c.By, c.Late)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // claimed before
		}
		if err != nil {
			return fmt.Errorf("claim summary of %s for %s: %w", c.Week, c.Channel, err)
		}
		msgs, err := build(id)
		if err != nil {
			return fmt.Errorf("build summary of %s for %s: %w", c.Week, c.Channel, err)
		}
		claimed = true
		return enqueue(ctx, tx, msgs)
	})
	if err != nil {
		return false, err
	}
	return claimed, nil
}

type digestRow struct {
	ID           int64     `db:"id"`
	Week         string    `db:"week"`
	Channel      string    `db:"channel"`
	Audience     string    `db:"audience"`
	DueAt        time.Time `db:"due_at"`
	ClaimedAt    time.Time `db:"claimed_at"`
	ClaimedBy    string    `db:"claimed_by"`
	Late         bool      `db:"late"`
	SlackChannel string    `db:"slack_channel"`
	SlackTS      string    `db:"slack_ts"`
}

// DigestPosts returns the summaries claimed for a week, oldest first.
func (s *Store) DigestPosts(ctx context.Context, w domain.Week) ([]DigestPost, error) {
	var rows []digestRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT id, week, channel, audience, due_at, claimed_at,
		claimed_by, late, slack_channel, slack_ts FROM digest_posts WHERE week = $1 ORDER BY id`, w.String()); err != nil {
		return nil, fmt.Errorf("summaries of %s: %w", w, err)
	}
	out := make([]DigestPost, len(rows))
	for i, r := range rows {
		out[i] = DigestPost{ID: r.ID, SlackChannel: r.SlackChannel, SlackTS: r.SlackTS,
			DigestClaim: DigestClaim{Week: w, Channel: r.Channel, Audience: r.Audience, DueAt: r.DueAt,
				At: r.ClaimedAt, By: r.ClaimedBy, Late: r.Late}}
	}
	return out, nil
}

// RecordDigestTS keeps where Slack put a summary's post. The worker calls
// it the moment Slack has accepted the post, before it records the
// delivery, so that if recording the delivery fails the retry finds the
// ts and changes the message instead of posting a second one.
func (s *Store) RecordDigestTS(ctx context.Context, id int64, channel, ts string) error {
	return recordDigestTS(ctx, s.db, id, channel, ts)
}

func recordDigestTS(ctx context.Context, ex sqlx.ExecerContext, id int64, channel, ts string) error {
	if _, err := ex.ExecContext(ctx, `UPDATE digest_posts SET slack_channel = $2, slack_ts = $3
		WHERE id = $1 AND slack_ts = ''`, id, channel, ts); err != nil {
		return fmt.Errorf("record summary %d ts: %w", id, err)
	}
	return nil
}
