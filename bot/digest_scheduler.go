package bot

import (
	"context"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// Scheduler posts each week's summaries when they fall due (Monday 08:00
// Copenhagen time unless configured otherwise). It looks every minute;
// the week due is always the latest whose time has come, so a service
// that was down at that time posts as soon as it is back, and says it is
// late. Any number of schedulers may run on one database: the claim in
// PostDigests lets one post per channel and week.
type Scheduler struct {
	b     *Bot
	at    domain.DigestTime
	every time.Duration
}

// NewScheduler returns a scheduler posting this bot's summaries at at.
func (b *Bot) NewScheduler(at domain.DigestTime) *Scheduler {
	return &Scheduler{b: b, at: at, every: time.Minute}
}

// Run ticks until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.b.log.Error("weekly summary", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(s.every):
		}
	}
}

// Tick queues the summaries due by now that have not gone yet, and says
// how many it queued. Between due times it only reads which have gone.
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	w, due := s.at.DueWeek(s.b.now(), s.b.tz)
	n, err := s.b.PostDigests(ctx, w, PostOptions{DueAt: due, By: ByScheduler})
	if n > 0 {
		s.b.log.Info("weekly summary queued", "week", w.String(), "channels", n, "late", domain.Late(s.b.now(), due))
	}
	return n, err
}
