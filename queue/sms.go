package queue

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// SMS is the channel that hands queued text messages to a gateway.
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
}

// Skip is Render's answer for a message that must not go; Reason is
// recorded on it (never personal data).
type Skip struct{ Reason string }

func (s Skip) Error() string { return "not sent: " + s.Reason }

// Name is store.ChannelSMS.
func (SMS) Name() string { return store.ChannelSMS }

// Held holds nothing back: the gateway's 429 is retried per message.
func (SMS) Held(time.Time) []string { return nil }

// Send hands one message to the gateway. The log line names the message
// by its queue id and kind, never by number or text.
func (c SMS) Send(ctx context.Context, it store.OutboxItem) store.Delivery {
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
	res, err := c.Sender.Send(ctx, sms.Message{To: it.To, Text: it.Text, Ref: it.Ref()})
	if err == nil {
		return store.Delivery{Outcome: store.OutboxSent, At: now(), GatewayID: res.ID, Parts: res.Parts}
	}
	c.Log.Warn("sms not sent", "id", it.ID, "kind", it.Kind, "attempt", it.Attempts+1, "err", err)
	if sms.Permanent(err) {
		return store.Delivery{Outcome: store.OutboxFailed, At: now(), Error: err.Error()}
	}
	return c.retry(it, now(), err)
}

func (c SMS) retry(it store.OutboxItem, now time.Time, err error) store.Delivery {
	first, most := c.Backoff, c.MaxBackoff
	if first == 0 {
		first = 5 * time.Second
	}
	if most == 0 {
		most = 10 * time.Minute
	}
	return store.Delivery{Outcome: store.OutboxRetry, At: now, RetryAt: now.Add(Backoff(it.Attempts, first, most)), Error: err.Error()}
}
