package notify

import (
	"context"
	"log/slog"
	"time"
)

// ReminderStore queues reminders.
type ReminderStore interface {
	QueueReminders(ctx context.Context, now time.Time, horizon time.Duration, loc *time.Location) (int, error)
}

// Reminders queues, every minute, the reminders of the sessions in the
// next two days, each due at its time (moved out of the quiet hours). Any
// number of instances may run it: a reminder is queued once.
type Reminders struct {
	Store ReminderStore
	TZ    *time.Location
	Log   *slog.Logger
	Every time.Duration // default a minute
}

// ReminderHorizon is how far ahead reminders are queued: enough for a
// day-before reminder moved out of the night.
const ReminderHorizon = 48 * time.Hour

// Run queues reminders until ctx ends.
func (r Reminders) Run(ctx context.Context) {
	every := r.Every
	if every == 0 {
		every = time.Minute
	}
	for ctx.Err() == nil {
		n, err := r.Store.QueueReminders(ctx, time.Now(), ReminderHorizon, r.TZ)
		if err != nil && ctx.Err() == nil {
			r.Log.Error("sms reminders", "err", err)
		}
		if n > 0 {
			r.Log.Info("sms reminders queued", "n", n)
		}
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
	}
}
