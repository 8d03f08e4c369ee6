package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// OfferStore passes on offers of a place that ran out.
type OfferStore interface {
	ExpireOffers(ctx context.Context, now time.Time) (int, error)
}

// JobOffers is the kind of the job that passes on offers nobody answered
// in time; OffersJobKey names its one recurring row.
const (
	JobOffers    = "offers"
	OffersJobKey = "job:offers"
)

// DefaultOfferScan is how often lapsed offers are looked for: an offer
// runs hours, so the next in line hears at most this much later.
const DefaultOfferScan = 30 * time.Second

// Offers passes on the waiting-list offers nobody answered in time: each
// place goes to the next in line, with its own offer SMS. It is a
// recurring job on the outbox, run by one worker of however many; the
// store passes each offer on once in any case (store.ExpireOffers).
type Offers struct {
	Store OfferStore
	Log   *slog.Logger
	Every time.Duration // default DefaultOfferScan
	Now   func() time.Time
}

// Schedule queues the recurring job, due now, unless it is queued
// already: every start may call it.
func (o Offers) Schedule(ctx context.Context, q Enqueuer) error {
	return q.Enqueue(ctx, store.OutboxMessage{Channel: store.ChannelJob, Kind: JobOffers, Key: OffersJobKey,
		RunAt: o.now()})
}

// Job passes on the offers that ran out and says when to look again.
func (o Offers) Job(ctx context.Context, _ store.OutboxItem) (time.Time, error) {
	now := o.now()
	n, err := o.Store.ExpireOffers(ctx, now)
	if err != nil {
		return time.Time{}, err
	}
	if n > 0 {
		o.Log.Info("waiting-list offers ran out and were passed on", "n", n)
	}
	every := o.Every
	if every == 0 {
		every = DefaultOfferScan
	}
	return now.Add(every), nil
}

func (o Offers) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}
