package bot

import (
	"errors"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// transient reports whether a Slack error code (HTTP 200, ok:false)
// means "not now" rather than "never".
func transient(code string) bool {
	switch code {
	case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited":
		return true
	}
	return false
}

// failure decides what to do after an error: wait as long as a 429 asks
// (and hold back that method meanwhile), back off exponentially after a
// 5xx, a network error or a transient Slack error, and give up only when
// Slack refuses the call itself. Transient failures are retried without
// limit: if Slack is down for a day, the messages go out when it is back.
func (w *Worker) failure(it store.OutboxItem, err error) store.Delivery {
	now := w.now()
	var limited *slack.RateLimitedError
	if errors.As(err, &limited) {
		wait := max(limited.RetryAfter, time.Second)
		w.mu.Lock()
		w.paused[it.Method] = now.Add(wait)
		w.mu.Unlock()
		return store.Delivery{Outcome: store.OutboxRetry, RetryAt: now.Add(wait), Error: err.Error()}
	}
	if permanent(err) {
		return store.Delivery{Outcome: store.OutboxFailed, Error: err.Error()}
	}
	return store.Delivery{Outcome: store.OutboxRetry, RetryAt: now.Add(w.backoff(it.Attempts)), Error: err.Error()}
}

func permanent(err error) bool {
	if errors.Is(err, errNotPosted) {
		return true
	}
	var status slack.StatusCodeError
	if errors.As(err, &status) {
		return status.Code < 500 && status.Code != 429
	}
	var refused slack.SlackErrorResponse
	if errors.As(err, &refused) {
		return !transient(refused.Err)
	}
	return false // network errors, timeouts: try again
}

// backoff is the shared outbox back-off with this worker's settings.
func (w *Worker) backoff(attempts int) time.Duration {
	return queue.Backoff(attempts, w.opt.Backoff, w.opt.MaxBackoff)
}
