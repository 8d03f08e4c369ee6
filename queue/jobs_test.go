package queue_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestReminderScanRecursOncePerPeriodAcrossTwoWorkers: the reminder scan
// is one recurring job. Queued at two starts it is one row; two workers
// looking for due jobs run it once, then again five minutes later, never
// in between.
func TestReminderScanRecursOncePerPeriodAcrossTwoWorkers(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	ctx := context.Background()
	c := &clock{now: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	rem := notify.Reminders{Store: st, TZ: time.UTC, Log: quiet(), Now: c.Now}
	if err := rem.Schedule(ctx, st); err != nil {
		t.Fatal(err)
	}
	start := c.Now()
	c.Add(time.Second) // a second instance starts
	if err := rem.Schedule(ctx, st); err != nil {
		t.Fatal(err)
	}
	var scans atomic.Int32
	worker := func() *queue.Worker {
		jobs := &queue.Jobs{Log: quiet(), Now: c.Now}
		jobs.Register(notify.JobReminders, func(ctx context.Context, it store.OutboxItem) (time.Time, error) {
			scans.Add(1)
			return rem.Job(ctx, it)
		})
		return queue.New(st, quiet(), queue.Options{Now: c.Now}, jobs)
	}
	a, b := worker(), worker()
	want := func(n int32, next time.Time) {
		t.Helper()
		drain(t, a, b)
		if got := scans.Load(); got != n {
			t.Fatalf("at %s: %d scans, want %d", c.Now().Format(time.TimeOnly), got, n)
		}
		j, err := st.OutboxJob(ctx, notify.RemindersJobKey)
		if err != nil || j.State != "pending" || !j.RunAt.Equal(next) || j.Attempts != 0 {
			t.Fatalf("the scan job: %+v, %v; want pending at %s", j, err, next)
		}
	}
	want(1, start.Add(time.Second+notify.DefaultReminderScan))
	c.Add(notify.DefaultReminderScan - time.Second)
	want(1, start.Add(time.Second+notify.DefaultReminderScan))
	c.Add(time.Second)
	want(2, c.Now().Add(notify.DefaultReminderScan))
}
