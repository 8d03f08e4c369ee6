package queue

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// SMS is the channel that hands queued text messages to a gateway. Share
// one among a process's workers: its pacing and its holding back after a
// 429 are for the process, not per worker.
type SMS struct {
	Sender     sms.Sender
	Log        *slog.Logger
	Now        func() time.Time
	Backoff    time.Duration // first wait after a failure that may pass; default 5 s
	MaxBackoff time.Duration // default 10 minutes
	// Render, when set, completes each message before it goes (writes a
	// text queued by kind alone) and may answer Skip: the message is then
	// cancelled, not sent.
	Render func(ctx context.Context, it store.OutboxItem) (store.OutboxItem, error)
	// Rate, when set, is how many requests a second this process sends
	// the gateway at most: each send waits its turn (wall-clock time).
	Rate float64

	mu        sync.Mutex
	heldUntil time.Time // after a 429: nothing goes before this
	nextSlot  time.Time // pacing: the next send may start then
}

// methodSMS is the outbox method of every SMS.
const methodSMS = "sms"

// rateLimitWait is how long to hold back after a 429 that did not say.
const rateLimitWait = time.Second

// Skip is Render's answer for a message that must not go; Reason is
// recorded on it (never personal data).
type Skip struct{ Reason string }

func (s Skip) Error() string { return "not sent: " + s.Reason }

// Name is store.ChannelSMS.
func (*SMS) Name() string { return store.ChannelSMS }

// Held holds every SMS back while the gateway's last 429 lasts (its
// Retry-After), so the workers stop asking instead of each collecting
// its own refusal.
func (c *SMS) Held(now time.Time) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Before(c.heldUntil) {
		return []string{methodSMS}
	}
	return nil
}

// Send hands one message to the gateway. The log line names the message
// by its queue id and kind, never by number or text.
func (c *SMS) Send(ctx context.Context, it store.OutboxItem) store.Delivery {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if c.Render != nil {
		var err error
		if it, err = c.Render(ctx, it); err != nil {
			var skip Skip
			if errors.As(err, &skip) {
				return store.Delivery{Outcome: store.OutboxCancelled, At: now(), Error: skip.Reason}
			}
			c.Log.Warn("sms not written", "id", it.ID, "kind", it.Kind, "err", err)
			return c.retry(it, now(), err)
		}
	}
	if err := c.pace(ctx); err != nil {
		return c.retry(it, now(), err)
	}
	res, err := c.Sender.Send(ctx, sms.Message{To: it.To, Text: it.Text, Ref: it.Ref()})
	if err == nil {
		return store.Delivery{Outcome: store.OutboxSent, At: now(), GatewayID: res.ID, Parts: res.Parts}
	}
	var limited sms.RateLimited
	if errors.As(err, &limited) {
		wait := limited.After
		if wait <= 0 {
			wait = rateLimitWait
		}
		at := now()
		c.mu.Lock()
		if until := at.Add(wait); until.After(c.heldUntil) {
			c.heldUntil = until
		}
		c.mu.Unlock()
		c.Log.Info("sms gateway asks to slow down", "id", it.ID, "wait", wait)
		return store.Delivery{Outcome: store.OutboxRetry, At: at, RetryAt: at.Add(wait), Error: err.Error()}
	}
	c.Log.Warn("sms not sent", "id", it.ID, "kind", it.Kind, "attempt", it.Attempts+1, "err", err)
	if sms.Permanent(err) {
		return store.Delivery{Outcome: store.OutboxFailed, At: now(), Error: err.Error()}
	}
	return c.retry(it, now(), err)
}

// pace waits for this send's turn when Rate is set: sends start at least
// 1/Rate apart, whichever worker makes them. The wait is short (the
// workers times 1/Rate at most), so the message's lock is held through it.
func (c *SMS) pace(ctx context.Context) error {
	if c.Rate <= 0 {
		return nil
	}
	interval := time.Duration(float64(time.Second) / c.Rate)
	c.mu.Lock()
	slot := time.Now()
	if c.nextSlot.After(slot) {
		slot = c.nextSlot
	}
	c.nextSlot = slot.Add(interval)
	c.mu.Unlock()
	select {
	case <-time.After(time.Until(slot)):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *SMS) retry(it store.OutboxItem, now time.Time, err error) store.Delivery {
	first, most := c.Backoff, c.MaxBackoff
	if first == 0 {
		first = 5 * time.Second
	}
	if most == 0 {
		most = 10 * time.Minute
	}
	return store.Delivery{Outcome: store.OutboxRetry, At: now, RetryAt: now.Add(Backoff(it.Attempts, first, most)), Error: err.Error()}
}
