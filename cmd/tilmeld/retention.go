package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// retentionEvery is how often the erasure of expired personal data runs.
const retentionEvery = 24 * time.Hour

// retentionStore is what the daily erasure needs from storage.
type retentionStore interface {
	EraseExpired(ctx context.Context, now time.Time, defaultDays int) (store.RetentionResult, error)
}

// startRetention runs the daily erasure in the background until the
// service stops; stop waits for a run under way to finish. Every
// instance runs it; an advisory lock in the store lets one at a time do
// the work.
func startRetention(ctx context.Context, st retentionStore, log *slog.Logger, days int) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		runRetention(ctx, st, log, days, time.Now, retentionEvery)
	}()
	return func() { cancel(); <-done }
}

// runRetention erases what is due at once, then every interval, reading
// the time from now (injected, so tests can move it), until ctx ends.
func runRetention(ctx context.Context, st retentionStore, log *slog.Logger, days int, now func() time.Time, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := st.EraseExpired(ctx, now(), days)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("retention: erase expired personal data", "err", err)
		case res.Signups+res.Referrals > 0:
			log.Info("retention: erased expired personal data", "signups", res.Signups, "referrals", res.Referrals)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
