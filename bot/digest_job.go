package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// JobDigest is the kind of the weekly-summary job (store.ChannelJob).
const JobDigest = "digest"

// DigestJobKey names week w's summary job; it is queued once.
func DigestJobKey(w domain.Week) string { return "job:digest:" + w.String() }

type digestJobPayload struct {
	Week string `json:"week"`
}

// digestJob is the job that posts week w's summaries at their time (a
// wall-clock time, so 08:00 stays 08:00 across the changes of clock).
func (b *Bot) digestJob(at domain.DigestTime, w domain.Week) store.OutboxMessage {
	return store.OutboxMessage{Channel: store.ChannelJob, Kind: JobDigest, Key: DigestJobKey(w),
		RunAt: at.DueAt(w, b.tz), Payload: mustJSON(digestJobPayload{Week: w.String()})}
}

// ScheduleDigests makes sure the weekly summaries are on the queue: the
// job of the latest week due (it runs at once, and posts that week's
// summaries, late, if they never went) and the next week's. Jobs queued
// before are left as they are, so every start may call it: on a fresh
// database it starts the chain, on a restart it changes nothing.
func (b *Bot) ScheduleDigests(ctx context.Context, at domain.DigestTime) error {
	w, _ := at.DueWeek(b.now(), b.tz)
	return b.store.Enqueue(ctx, b.digestJob(at, w), b.digestJob(at, w.Next()))
}

// DigestJob is the code of the weekly-summary job: it posts the summaries
// of the latest week due by now (the job's week, or a later one if the
// service was down for longer than a week; late ones say so) and queues
// the next week's job. It runs in the job's claiming transaction, so the
// posts, the next job and the record that it ran commit together: two
// workers racing for it run it once.
func (b *Bot) DigestJob(at domain.DigestTime) queue.JobFunc {
	return func(ctx context.Context, it store.OutboxItem) (time.Time, error) {
		var p digestJobPayload
		if err := json.Unmarshal(it.Payload, &p); err != nil {
			return time.Time{}, fmt.Errorf("summary job %s: %w", it.Key, err)
		}
		w, err := domain.ParseWeek(p.Week)
		if err != nil {
			return time.Time{}, fmt.Errorf("summary job %s: %w", it.Key, err)
		}
		now := b.now()
		if due := at.DueAt(w, b.tz); now.Before(due) {
			return due, nil // TILMELD_DIGEST_AT moved later since it was queued
		}
		dw, due := at.DueWeek(now, b.tz)
		n, err := b.PostDigests(ctx, dw, PostOptions{DueAt: due, By: ByScheduler})
		if err != nil {
			return time.Time{}, err
		}
		if err := b.store.Enqueue(ctx, b.digestJob(at, dw.Next())); err != nil {
			return time.Time{}, err
		}
		if n > 0 {
			b.log.Info("weekly summary queued", "week", dw.String(), "channels", n, "late", domain.Late(now, due))
		}
		return time.Time{}, nil
	}
}
