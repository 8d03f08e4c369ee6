package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// ReminderStore queues reminders.
type ReminderStore interface {
	QueueReminders(ctx context.Context, now time.Time, horizon time.Duration, loc *time.Location) (int, error)
}

// JobReminders is the kind of the reminder scan job (store.ChannelJob);
// RemindersJobKey names its one recurring row.
const (
	JobReminders    = "reminders"
	RemindersJobKey = "job:reminders"
)

// Reminders queues the reminders of the sessions in the next two days,
// each due at its time (moved out of the quiet hours). It is a recurring
// job on the outbox: one row that runs every Every, claimed by one worker
// of however many; a reminder is queued once in any case (its key).
type Reminders struct {
	Store ReminderStore
	TZ    *time.Location
	Log   *slog.Logger
	Every time.Duration // default DefaultReminderScan
	Now   func() time.Time
}

// ReminderHorizon is how far ahead reminders are queued: enough for a
// day-before reminder moved out of the night.
const ReminderHorizon = 48 * time.Hour

// DefaultReminderScan is how often the scan runs. A reminder is queued
// up to two days ahead, so only a sign-up made after her reminder's time
// waits for the next scan, and gets it at most this late.
const DefaultReminderScan = 5 * time.Minute

// Enqueuer queues the job.
type Enqueuer interface {
	Enqueue(ctx context.Context, msgs ...store.OutboxMessage) error
}

// Schedule queues the recurring scan, due now, unless it is queued
// already: every start may call it.
func (r Reminders) Schedule(ctx context.Context, q Enqueuer) error {
	return q.Enqueue(ctx, store.OutboxMessage{Channel: store.ChannelJob, Kind: JobReminders, Key: RemindersJobKey,
		RunAt: r.now()})
}

// Job scans once and says when to scan again.
func (r Reminders) Job(ctx context.Context, _ store.OutboxItem) (time.Time, error) {
	now := r.now()
	n, err := r.Store.QueueReminders(ctx, now, ReminderHorizon, r.TZ)
	if err != nil {
		return time.Time{}, err
	}
	if n > 0 {
		r.Log.Info("sms reminders queued", "n", n)
	}
	every := r.Every
	if every == 0 {
		every = DefaultReminderScan
	}
	return now.Add(every), nil
}

func (r Reminders) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}
