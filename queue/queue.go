// Package queue sends the outbox: one worker design for every channel.
// A Worker claims the next due message of the channels it was given
// (store.DeliverNext: FOR UPDATE SKIP LOCKED, so any number of workers in
// any number of processes share the queue and none sends a message
// twice), hands it to that channel's sender while holding its lock, and
// records what became of it in the same transaction. Channels differ only
// in how they send (Slack's Web API, an SMS gateway) and in what they hold
// back; the loop, the back-off and the bookkeeping are shared.
//
// Exactly once, and the one window left: a message is sent while its row
// is locked and recorded as sent in the same transaction, so neither a
// second worker nor a second process can send it meanwhile, and a process
// that dies mid-send releases the lock with its connection, so the
// message is tried again. That leaves one window: the gateway has
// accepted the message and the process dies (SIGKILL, power) before its
// commit. The message is then sent again, once, right after; a kill
// repeats at most the messages the process had in flight, one per worker
// (tilmeld serve runs TILMELD_SMS_CONNECTIONS SMS workers, 24 by
// default). The sender cannot close this
// window: GatewayAPI's userref is documented only as a reference handed
// back in delivery reports (https://gatewayapi.com/docs/apis/rest), not as
// a key the gateway de-duplicates by, and we found no documented way to
// ask it whether a message with a given userref arrived.
// Measured by cmd/tilmeld's
// TestTwoInstancesAndSIGKILLsSendEverySMSInOrderPerPhone (2,000 messages,
// two serve processes, each SIGKILLed once just as the gateway accepts a
// message, the worst moment): with one worker a process, 1 or 2 messages
// sent twice a run; with four, 2 to 6, never more than the 8 in flight,
// and a repeat arrives directly after its original, so a phone's order is
// kept.
package queue

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// Channel sends one channel's messages.
type Channel interface {
	// Name is the outbox channel it sends: store.ChannelSlack, store.ChannelSMS
	// or store.ChannelJob (scheduled work, jobs.go).
	Name() string
	// Send makes one attempt and says what became of it.
	Send(ctx context.Context, it store.OutboxItem) store.Delivery
	// Held lists the methods to hold back now (after a 429, say).
	Held(now time.Time) []string
}

// Store is what a worker needs of the database.
type Store interface {
	DeliverNext(ctx context.Context, opt store.ClaimOptions, send func(context.Context, store.OutboxItem) store.Delivery) (bool, error)
}

// Options tune a worker; zero values take the defaults.
type Options struct {
	Pace time.Duration // between paced messages of one order key; Slack allows one a second a channel
	Poll time.Duration // how often to look for due messages when not woken
	Now  func() time.Time
	Kick <-chan struct{} // wakes the worker when something is queued in this process
}

// Worker sends due messages of its channels until its context ends.
type Worker struct {
	st    Store
	log   *slog.Logger
	opt   Options
	chans map[string]Channel
	names []string
}

// New returns a worker for the given channels.
func New(st Store, log *slog.Logger, opt Options, chans ...Channel) *Worker {
	if opt.Pace == 0 {
		opt.Pace = time.Second
	}
	if opt.Poll == 0 {
		opt.Poll = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	w := &Worker{st: st, log: log, opt: opt, chans: map[string]Channel{}}
	for _, c := range chans {
		w.chans[c.Name()] = c
		w.names = append(w.names, c.Name())
	}
	return w
}

// Run sends due messages until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		sent, err := w.Step(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.Error("outbox", "err", err)
		}
		if sent && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.opt.Kick:
		case <-time.After(w.opt.Poll):
		}
	}
}

// Step sends at most one due message and reports whether there was one.
func (w *Worker) Step(ctx context.Context) (bool, error) {
	now := w.opt.Now()
	var held []string
	for _, c := range w.chans {
		held = append(held, c.Held(now)...)
	}
	opt := store.ClaimOptions{Now: now, Pace: w.opt.Pace, SkipMethods: held, Channels: w.names}
	return w.st.DeliverNext(ctx, opt, func(ctx context.Context, it store.OutboxItem) store.Delivery {
		c, ok := w.chans[it.Channel]
		if !ok { // not claimable: Channels names only ours
			return store.Delivery{Outcome: store.OutboxRetry, At: now, RetryAt: now.Add(time.Minute), Error: "no sender for " + it.Channel}
		}
		d := c.Send(ctx, it)
		if d.At.IsZero() {
			d.At = w.opt.Now()
		}
		return d
	})
}

// Backoff is the wait before attempt attempts+1 after a failure that may
// pass: first, doubled each time up to most, with up to a fifth added at
// random so that many waiting messages do not all return at once.
// Transient failures are retried without limit: if a gateway is down for a
// day, its messages go out when it is back.
func Backoff(attempts int, first, most time.Duration) time.Duration {
	d := first << min(attempts, 20)
	if d <= 0 || d > most {
		d = most
	}
	return d + rand.N(d/5+1)
}
